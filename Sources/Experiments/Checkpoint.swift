import Foundation
import NN

/// A run's checkpoint: every model tensor under its layer's name, optimizer
/// slots under `optimizer/<slot>/<parameter>`, and the position in the run in
/// the metadata. A safetensors file, so `safetensors.numpy.load_file` reads it.
public enum Checkpoint {
    public struct Position: Equatable, Sendable {
        public var epochsCompleted: Int
        public var learningRate: Float
        public var dropout: Float
    }

    public static func save(_ trainer: Trainer, position: Position, seed: UInt64, to path: String) throws {
        var tensors = trainer.network.model.parameters.map { ($0.name, $0.value) }
        tensors += trainer.optimizer.slots.sorted { $0.key < $1.key }.map { ("optimizer/\($0.key)", $0.value) }
        let metadata = [
            "format": "fashion-cnn-workbench/1",
            "architecture": trainer.network.architecture.rawValue,
            "optimizer": trainer.optimizer.kind.rawValue,
            "optimizer_iterations": String(trainer.optimizer.iterations),
            "epochs_completed": String(position.epochsCompleted),
            "learning_rate": String(position.learningRate),
            "dropout": String(position.dropout),
            "seed": String(seed),
        ]
        try AtomicFile.write(Safetensors.encode(tensors, metadata: metadata), to: path)
    }

    /// Restores weights and optimizer state into `trainer`; refuses a file made
    /// for another network or optimizer, naming the first mismatch.
    public static func load(_ path: String, into trainer: Trainer) throws -> Position {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "cannot read the checkpoint") }
        let (tensors, meta) = try Safetensors.decode(data, file: path)
        func fail(_ p: String) -> IOFailure { IOFailure(path: path, p) }
        guard meta["architecture"] == trainer.network.architecture.rawValue else {
            throw fail("holds a \(meta["architecture"] ?? "unknown") network, not \(trainer.network.architecture.rawValue)")
        }
        for p in trainer.network.model.parameters {
            guard let t = tensors[p.name] else { throw fail("has no tensor '\(p.name)'") }
            guard t.shape == p.value.shape else { throw fail("tensor '\(p.name)' has shape \(t.shape), the network needs \(p.value.shape)") }
            p.value.copy(from: t)
        }
        guard meta["optimizer"] == trainer.optimizer.kind.rawValue else {
            throw fail("holds \(meta["optimizer"] ?? "no") optimizer state, the config uses \(trainer.optimizer.kind.rawValue)")
        }
        for (name, t) in tensors where name.hasPrefix("optimizer/") {
            try trainer.optimizer.restoreSlot(String(name.dropFirst("optimizer/".count)), from: t)
        }
        guard let iterations = meta["optimizer_iterations"].flatMap(Int.init),
              let epochs = meta["epochs_completed"].flatMap(Int.init),
              let lr = meta["learning_rate"].flatMap(Float.init), let dropout = meta["dropout"].flatMap(Float.init)
        else { throw fail("metadata lacks the run position (epochs_completed, learning_rate, dropout, optimizer_iterations)") }
        trainer.optimizer.iterations = iterations
        return Position(epochsCompleted: epochs, learningRate: lr, dropout: dropout)
    }

    /// Copies every model tensor of `path` (our safetensors checkpoint or a Keras
    /// .h5 weights file) whose name and shape the network has (a head for another
    /// number of classes stays as initialised; an RGB first layer is summed over
    /// its colours for a grayscale network). Returns the names loaded and those
    /// kept, with why; refuses a file that matches nothing.
    public static func loadWeights(_ path: String, into network: Network) throws -> (loaded: [String], kept: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "cannot read the weights file") }
        let tensors = KerasWeights.isHDF5(data)
            ? try KerasWeights.tensors(data, file: path, for: network)
            : try Safetensors.decode(data, file: path).tensors
        var loaded: [String] = [], kept: [String] = []
        for p in network.model.parameters {
            guard let t = tensors[p.name] else {
                kept.append("\(p.name) (not in the file)")
                continue
            }
            if t.shape == p.value.shape {
                p.value.copy(from: t)
                loaded.append(p.name)
            } else if let gray = KerasWeights.summedOverColour(t, to: p.value.shape) {
                p.value.copy(from: gray)
                loaded.append("\(p.name) (RGB kernel summed for grayscale)")
            } else {
                kept.append("\(p.name) (shape \(t.shape) in the file, \(p.value.shape) here)")
            }
        }
        guard !loaded.isEmpty else { throw IOFailure(path: path, "none of its tensors fits \(network.architecture.rawValue): wrong network?") }
        return (loaded, kept)
    }
}
