import Foundation

/// Moving a run out of the way: into `<out>/archive/` (which the runs table,
/// `reproduce` and run reuse do not look in), back again, or deleted. Each
/// takes the run's writer lock first, so it refuses while another process
/// trains or evaluates the run, naming it, and no writer can start while the
/// folder moves. A move is one rename(2): if it fails the run is where it was.
public enum RunArchive {
    public static let folderName = "archive"

    /// Moves the run into `archive/` beside it; returns its new folder.
    @discardableResult
    public static func archive(_ directory: String) throws -> String {
        let (parent, id) = try runFolder(directory)
        guard !isArchive(parent) else { throw IOFailure(path: directory, "is archived already") }
        let lock = try RunLock.acquire(directory, for: .moving)
        let archive = parent + "/" + folderName
        do {
            try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: archive, "cannot create the archive folder (\(error.localizedDescription)); the run stays where it was")
        }
        return try move(directory, to: archive + "/" + id, holding: lock)
    }

    /// Moves an archived run back beside the archive folder; returns its new folder.
    @discardableResult
    public static func restore(_ directory: String) throws -> String {
        let (parent, id) = try runFolder(directory)
        guard isArchive(parent) else { throw IOFailure(path: directory, "is not in an \(folderName)/ folder") }
        let outside: String
        if parent == "." || parent == ".." || parent.hasSuffix("/.") || parent.hasSuffix("/..") {
            outside = parent + "/.."
        } else {
            outside = parent.lastIndex(of: "/").map { $0 == parent.startIndex ? "/" : String(parent[..<$0]) } ?? "."
        }
        return try move(directory, to: outside + "/" + id, holding: RunLock.acquire(directory, for: .moving))
    }

    /// Deletes the run. It is first renamed to a hidden name beside it (the
    /// runs table skips hidden folders), so a deletion that fails half-way
    /// never leaves a half-run in the table; the error names what remains.
    public static func delete(_ directory: String) throws {
        let (parent, id) = try runFolder(directory)
        let lock = try RunLock.acquire(directory, for: .moving)
        let doomed = "\(parent)/.deleting-\(id)-\(getpid())"
        guard rename(directory, doomed) == 0 else {
            throw IOFailure(path: directory, "cannot delete (\(String(cString: strerror(errno)))); the run is untouched")
        }
        withExtendedLifetime(lock) {}
        do {
            try FileManager.default.removeItem(atPath: doomed)
        } catch {
            throw IOFailure(path: doomed, "the run was taken out of the table but not fully deleted (\(error.localizedDescription)); remove this folder by hand")
        }
    }

    /// The run's parent folder (as given, or `.`) and id; refuses what is not
    /// a run folder (config.yaml) and symbolic links (the folder itself is
    /// what moves). No standardizingPath: it resolves symbolic links.
    private static func runFolder(_ directory: String) throws -> (parent: String, id: String) {
        var path = directory
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw IOFailure(path: directory, "no such run folder") }
        guard info.st_mode & S_IFMT != S_IFLNK else { throw IOFailure(path: directory, "is a symbolic link; name the run folder it points to") }
        guard FileManager.default.fileExists(atPath: path + "/config.yaml") else { throw IOFailure(path: directory, "is not a run folder (no config.yaml)") }
        // Split by hand: this Foundation's NSString path methods trap on "." (String._startOfLastPathComponent).
        let slash = path.lastIndex(of: "/")
        let id = String(slash.map { path[path.index(after: $0)...] } ?? path[...])
        let parent = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard !["", ".", ".."].contains(id) else { throw IOFailure(path: directory, "name the run folder itself (runs/<id>)") }
        return (parent, id)
    }

    /// Whether `parent` is an archive folder, by its real name (`.` or `..` included).
    private static func isArchive(_ parent: String) -> Bool {
        let real = URL(fileURLWithPath: parent).resolvingSymlinksInPath().lastPathComponent
        return real == folderName
    }

    /// Never over an existing folder (rename(2) would silently replace an
    /// empty one). Only a mover of the same run could race for the target,
    /// and it needs the lock held here.
    private static func move(_ directory: String, to target: String, holding lock: RunLock) throws -> String {
        var info = stat()
        guard lstat(target, &info) != 0 else { throw IOFailure(path: target, "exists already; the run stays where it was") }
        guard rename(directory, target) == 0 else {
            throw IOFailure(path: directory, "cannot move to \(target) (\(String(cString: strerror(errno)))); the run stays where it was")
        }
        withExtendedLifetime(lock) {}
        return target
    }
}
