import Foundation

/// One writer per run folder: an exclusive flock(2) on `<run>/writer.lock`,
/// held for as long as a process writes the run (train, resume, evaluate).
/// The kernel drops it when the process ends, however it ends, so a killed
/// run is never left locked. The holder writes its pid and command into the
/// file, so a refusal can name it; the text counts only while the lock is held.
public final class RunLock {
    /// The process holding a run folder, as it wrote itself into the lock file.
    public struct Holder: Equatable, Sendable, CustomStringConvertible {
        /// `moving`: archiving, restoring or deleting the folder (RunArchive).
        public enum Purpose: String, Sendable { case training, evaluating, moving }
        public let pid: Int32
        public let purpose: Purpose?
        public let command: String

        public var description: String {
            pid > 0 ? "process \(pid) (\(command.isEmpty ? "command unknown" : command))" : "another process (it has not yet said which)"
        }

        var fileText: String { "pid \(pid)\npurpose \(purpose?.rawValue ?? "")\ncommand \(command)\n" }

        init(pid: Int32, purpose: Purpose?, command: String) {
            (self.pid, self.purpose, self.command) = (pid, purpose, command)
        }

        /// Missing or half-written fields (the holder writes just after locking) stay unknown.
        init(fileText: String) {
            var fields: [String: String] = [:]
            for line in fileText.split(separator: "\n").prefix(3) {
                let parts = line.split(separator: " ", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            self.init(pid: fields["pid"].flatMap { Int32($0) } ?? 0, purpose: fields["purpose"].flatMap(Purpose.init),
                      command: fields["command"] ?? "")
        }
    }

    public struct Refusal: Error, CustomStringConvertible {
        public let directory: String
        public let holder: Holder
        public var description: String {
            "\(directory): is being written by \(holder); one process writes a run folder at a time: wait for it to finish"
                + (holder.pid > 0 ? " or stop it (kill \(holder.pid))" : "")
        }
    }

    static func path(in directory: String) -> String { directory + "/writer.lock" }

    private let fd: Int32

    /// Takes the folder's lock for this process, or refuses naming the holder.
    public static func acquire(_ directory: String, for purpose: Holder.Purpose) throws -> RunLock {
        let path = Self.path(in: directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOFailure(path: path, "cannot open the run's lock file (\(String(cString: strerror(errno))))") }
        // A reader probing the lock (RunListing, every 2 s in the UI) holds it for
        // microseconds: a few tries tell such a probe from a real writer.
        var reason: Int32 = 0
        for attempt in 0..<10 {
            reason = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : errno
            guard reason == EWOULDBLOCK, attempt < 9 else { break }
            usleep(20_000)
        }
        guard reason == 0 else {
            let text = Self.read(fd)
            close(fd)
            guard reason == EWOULDBLOCK else { throw IOFailure(path: path, "cannot lock (\(String(cString: strerror(reason))))") }
            throw Refusal(directory: directory, holder: Holder(fileText: text))
        }
        let words = CommandLine.arguments.enumerated().map { $0 == 0 ? ($1 as NSString).lastPathComponent : $1 }
        let me = Holder(pid: getpid(), purpose: purpose, command: words.map(Self.quoted).joined(separator: " ").replacingOccurrences(of: "\n", with: " "))
        let bytes = Array(me.fileText.utf8)
        guard ftruncate(fd, 0) == 0, pwrite(fd, bytes, bytes.count, 0) == bytes.count else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw IOFailure(path: path, "cannot write the run's lock file (\(reason))")
        }
        return RunLock(fd: fd)
    }

    /// Who holds `directory` now (this process included), or nil when nobody does.
    public static func holder(of directory: String) -> Holder? {
        let fd = open(Self.path(in: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return errno == EWOULDBLOCK ? Holder(fileText: Self.read(fd)) : nil
    }

    private init(fd: Int32) { self.fd = fd }

    /// The stale text goes first, while the lock is still ours.
    deinit {
        ftruncate(fd, 0)
        close(fd)
    }

    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = pread(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    private static func quoted(_ argument: String) -> String {
        argument.contains(where: { " '\"".contains($0) }) ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
    }
}
