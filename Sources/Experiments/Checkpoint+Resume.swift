import Foundation
import NN

/// What resume asks of a checkpoint before trusting it.
extension Checkpoint {
    /// Whether a run has a checkpoint at `path`. Only "no such file" is an
    /// absence: an entry that cannot be opened (a dangling link, a link loop,
    /// no permission) is an error, or the run would silently restart at epoch 0.
    static func isPresent(_ path: String) throws -> Bool {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else { throw IOFailure(path: path, "cannot be examined (\(String(cString: strerror(errno))))") }
            return false
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IOFailure(path: path, "exists but cannot be read (\(String(cString: strerror(errno)))); resume needs it. Move it away to restart the run from epoch 0")
        }
        close(fd)
        return true
    }

    /// Refuses a position the run's config cannot have reached (the metadata's
    /// own ranges, and finite tensors, are checked as the checkpoint loads).
    static func validate(_ p: Position, path: String, epochs: Int) throws {
        guard (0...epochs).contains(p.epochsCompleted) else {
            throw IOFailure(path: path, "metadata epochs_completed = \(p.epochsCompleted) is outside 0...\(epochs), the epochs the run's config.yaml plans")
        }
    }
}
