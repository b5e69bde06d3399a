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
    /// for another network or optimizer, naming the first mismatch. Everything is
    /// checked before anything is copied: a refused file leaves `trainer` as it was.
    public static func load(_ path: String, into trainer: Trainer) throws -> Position {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "cannot read the checkpoint") }
        let (tensors, meta) = try Safetensors.decode(data, file: path)
        func fail(_ p: String) -> IOFailure { IOFailure(path: path, p) }
        let architecture = trainer.network.architecture.rawValue, optimizer = trainer.optimizer
        guard meta["architecture"] == architecture else {
            throw fail("holds a \(meta["architecture"] ?? "unknown") network, not \(architecture)")
        }
        guard meta["optimizer"] == optimizer.kind.rawValue else {
            throw fail("holds \(meta["optimizer"] ?? "no") optimizer state, the config uses \(optimizer.kind.rawValue)")
        }
        let position = try Self.position(meta, path: path)
        try requireFinite(tensors, path: path)
        let parameters = Dictionary(uniqueKeysWithValues: trainer.network.model.parameters.map { ($0.name, $0) })
        var slots: [(slot: String, parameter: Parameter, values: Tensor)] = []
        for (name, t) in tensors.sorted(by: { $0.key < $1.key }) {
            if let (slot, owner) = slotName(name) {
                guard let p = parameters[owner], p.role == .weight else { throw fail("tensor '\(name)' is a slot of '\(owner)', which is no trained parameter of \(architecture)") }
                guard optimizer.slotNames.contains(slot) else {
                    throw fail("tensor '\(name)': \(optimizer.kind.rawValue) keeps no slot '\(slot)' (only \(optimizer.slotNames.isEmpty ? "none" : optimizer.slotNames.joined(separator: ", ")))")
                }
                guard t.shape == p.value.shape else { throw fail("tensor '\(name)' has shape \(t.shape), its parameter '\(owner)' \(p.value.shape)") }
                slots.append((slot, p, t))
            } else {
                guard let p = parameters[name] else { throw fail("tensor '\(name)' is no parameter of \(architecture)") }
                guard t.shape == p.value.shape else { throw fail("tensor '\(name)' has shape \(t.shape), the network needs \(p.value.shape)") }
            }
        }
        for p in trainer.network.model.parameters {
            guard let t = tensors[p.name] else { throw fail("has no tensor '\(p.name)'") }
            p.value.copy(from: t)
        }
        for s in slots {
            do { try optimizer.restoreSlot(s.slot, of: s.parameter, from: s.values) } catch { throw fail("tensor 'optimizer/\(s.slot)/\(s.parameter.name)': \(error)") }
        }
        optimizer.iterations = position.iterations
        return position.position
    }

    /// Keras counts steps in an int64; a trillion steps is decades of training here.
    static let maximumIterations = 1_000_000_000_000

    /// The run position in the metadata, each value in its range.
    private static func position(_ meta: [String: String], path: String) throws -> (position: Position, iterations: Int) {
        func fail(_ p: String) -> IOFailure { IOFailure(path: path, p) }
        guard let iterationsText = meta["optimizer_iterations"], let epochsText = meta["epochs_completed"],
              let lrText = meta["learning_rate"], let dropoutText = meta["dropout"]
        else { throw fail("metadata lacks the run position (epochs_completed, learning_rate, dropout, optimizer_iterations)") }
        guard let iterations = Int(iterationsText), (0...maximumIterations).contains(iterations) else {
            throw fail("metadata optimizer_iterations '\(iterationsText)' is not a step count in 0...\(maximumIterations)")
        }
        guard let epochs = Int(epochsText) else { throw fail("metadata epochs_completed '\(epochsText)' is not an integer") }
        guard let lr = Float(lrText), lr.isFinite, lr > 0 else { throw fail("metadata learning_rate '\(lrText)' is not a finite positive number") }
        guard let dropout = Float(dropoutText), dropout >= 0, dropout < 1 else { throw fail("metadata dropout '\(dropoutText)' is not in [0, 1)") }
        return (Position(epochsCompleted: epochs, learningRate: lr, dropout: dropout), iterations)
    }

    /// "optimizer/<slot>/<parameter>" as (slot, parameter).
    private static func slotName(_ name: String) -> (String, String)? {
        guard name.hasPrefix("optimizer/") else { return nil }
        let rest = name.dropFirst("optimizer/".count)
        guard let slash = rest.firstIndex(of: "/") else { return (String(rest), "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// A NaN or infinite weight would train to NaN silently.
    private static func requireFinite(_ tensors: [String: Tensor], path: String) throws {
        for (name, t) in tensors.sorted(by: { $0.key < $1.key }) {
            if let i = t.buffer.firstIndex(where: { !$0.isFinite }) {
                throw IOFailure(path: path, "tensor '\(name)' holds \(t.pointer[i]) at index \(i): weights must be finite")
            }
        }
    }

    /// Copies every model tensor of `path` (our safetensors checkpoint or a Keras
    /// .h5 weights file) whose name and shape the network has (a head for another
    /// number of classes stays as initialised; an RGB first layer is summed over
    /// its colours for a grayscale network). Returns the names loaded and those
    /// kept, with why; refuses a file that matches nothing.
    public static func loadWeights(_ path: String, into network: Network) throws -> (loaded: [String], kept: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "cannot read the weights file") }
        let tensors: [String: Tensor]
        if KerasWeights.isHDF5(data) {
            tensors = try KerasWeights.tensors(data, file: path, for: network)
        } else {
            tensors = try Safetensors.decode(data, file: path).tensors
            // Slots are not loaded here, but one unlike its weight means a damaged file.
            for (name, t) in tensors.sorted(by: { $0.key < $1.key }) {
                guard let (_, owner) = slotName(name) else { continue }
                guard let w = tensors[owner] else { throw IOFailure(path: path, "tensor '\(name)' is a slot of '\(owner)', which the file lacks") }
                guard w.shape == t.shape else { throw IOFailure(path: path, "tensor '\(name)' has shape \(t.shape), its weight '\(owner)' \(w.shape)") }
            }
        }
        try requireFinite(tensors, path: path)
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
