import Foundation

/// Writes a file so that readers see the old content or the new, never a
/// mix: a temporary file in the same folder, fsync, then rename over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw IOFailure(path: temp, "cannot create (\(String(cString: strerror(errno))))") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw IOFailure(path: path, "cannot write (\(reason))")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Removes the temporary files a killed writer left in `directory`
    /// (`.<name>.<pid>.tmp` of a pid no longer running); returns their names.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard name.hasPrefix("."), parts.count >= 4, parts.last == "tmp", let pid = pid_t(parts[parts.count - 2]), pid > 0 else { return false }
            // kill(pid, 0) probes without signalling: ESRCH means no such process.
            guard kill(pid, 0) != 0, errno == ESRCH else { return false }
            return unlink(directory + "/" + name) == 0
        }
    }
}

public struct IOFailure: Error, CustomStringConvertible {
    public let path: String, problem: String
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}
