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

    /// Refuses a position the run's config cannot have reached.
    static func validate(_ p: Position, path: String, epochs: Int) throws {
        guard (0...epochs).contains(p.epochsCompleted) else {
            throw IOFailure(path: path, "metadata epochs_completed = \(p.epochsCompleted) is outside 0...\(epochs), the epochs the run's config.yaml plans")
        }
        guard p.learningRate.isFinite, p.learningRate > 0 else {
            throw IOFailure(path: path, "metadata learning_rate = \(p.learningRate) is not a positive finite number")
        }
        guard p.dropout.isFinite, p.dropout >= 0, p.dropout < 1 else {
            throw IOFailure(path: path, "metadata dropout = \(p.dropout) is outside [0, 1)")
        }
    }
}

extension Checkpoint {
    /// Refuses weights or optimizer state holding NaN or infinity: training on
    /// from them only spreads them (a checkpoint of ours never holds any).
    static func validateFinite(_ trainer: Trainer, path: String) throws {
        let tensors = trainer.network.model.parameters.map { ($0.name, $0.value) } + trainer.optimizer.slots.map { ("optimizer/\($0.key)", $0.value) }
        for (name, t) in tensors.sorted(by: { $0.0 < $1.0 }) {
            if let i = t.buffer.firstIndex(where: { !$0.isFinite }) {
                throw IOFailure(path: path, "tensor '\(name)' holds a non-finite value (\(t.buffer[i]) at element \(i)); resume needs finite weights")
            }
        }
    }
}
