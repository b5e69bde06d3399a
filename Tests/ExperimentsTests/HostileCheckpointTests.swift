import Foundation
import XCTest
@testable import Experiments
import NN

/// Checkpoints edited by hand or by an attacker, through `--resume` (Checkpoint.load)
/// and `weights:` (Checkpoint.loadWeights): every tensor must fit its parameter
/// exactly, slots included, values must be finite and the metadata in range,
/// and a refused file leaves the trainer as it was.
final class HostileCheckpointTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "/hostile-ck-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// basic-cnn on 8x8 with Adam after one step, so every trainable parameter has its m and v.
    private func trainer(seed: UInt64 = 1) throws -> Trainer {
        let network = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0)
        Initializers.initialize(network.model, rng: RandomSource(seed: seed))
        let t = Trainer(network: network, optimizer: Adam())
        t.optimizer.step(network.model.parameters)
        return t
    }

    /// A valid checkpoint's tensors and metadata.
    private func valid() throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let path = dir + "/valid.safetensors"
        try Checkpoint.save(try trainer(), position: .init(epochsCompleted: 2, learningRate: 0.001, dropout: 0), seed: 1, to: path)
        return try Safetensors.decode(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
    }

    /// Writes `tensors` and `metadata` as a checkpoint file; returns its path.
    private func write(_ tensors: [String: Tensor], _ metadata: [String: String]) throws -> String {
        let path = dir + "/evil-\(UUID().uuidString).safetensors"
        try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: metadata).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Load refuses the file, naming it and `mentions`, and the trainer keeps its weights and slots.
    private func refuseLoad(_ path: String, mentions: String, line: UInt = #line) throws {
        let t = try trainer(seed: 99)
        let before = t.network.model.parameters.map(\.value.values), slotsBefore = t.optimizer.slots.mapValues(\.values)
        XCTAssertThrowsError(try Checkpoint.load(path, into: t), line: line) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": ") && "\(error)".contains(mentions), "\(error)", line: line)
        }
        XCTAssertEqual(t.network.model.parameters.map(\.value.values), before, "weights changed by a refused file", line: line)
        XCTAssertEqual(t.optimizer.slots.mapValues(\.values), slotsBefore, "slots changed by a refused file", line: line)
        XCTAssertEqual(t.optimizer.iterations, 1, line: line)
    }

    func testAValidCheckpointRoundTrips() throws {
        let original = try trainer()
        let path = dir + "/ck.safetensors"
        original.optimizer.iterations = Checkpoint.maximumIterations
        try Checkpoint.save(original, position: .init(epochsCompleted: 2, learningRate: 0.5, dropout: 0.25), seed: 1, to: path)
        let restored = try trainer(seed: 5)
        let position = try Checkpoint.load(path, into: restored)
        XCTAssertEqual(position, .init(epochsCompleted: 2, learningRate: 0.5, dropout: 0.25))
        XCTAssertEqual(restored.optimizer.iterations, Checkpoint.maximumIterations)
        XCTAssertEqual(restored.network.model.parameters.map(\.value.values), original.network.model.parameters.map(\.value.values))
        XCTAssertEqual(restored.optimizer.slots.mapValues(\.values), original.optimizer.slots.mapValues(\.values))
    }

    func testEveryArchitectureNamesItsParametersUniquely() throws {
        // Checkpoint keys are parameter names, and load indexes the parameters by them.
        for a in Architecture.allCases {
            let names = try a.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0).model.parameters.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, a.rawValue)
        }
    }

    func testASlotOfTheWrongSizeIsRefusedBeforeTheStepCanOverrunIt() throws {
        // Consistent offsets, wrong shape: the Adam step wrote 3,456 floats through a 1-float slot (SIGSEGV).
        var (tensors, meta) = try valid()
        tensors["optimizer/m/predictions.kernel"] = Tensor(shape: Shape(1))
        try refuseLoad(try write(tensors, meta), mentions: "tensor 'optimizer/m/predictions.kernel' has shape (1), its parameter 'predictions.kernel' (1152, 3)")
        (tensors, meta) = try valid()
        tensors["optimizer/v/conv2d.bias"] = Tensor(shape: Shape(4, 8))
        try refuseLoad(try write(tensors, meta), mentions: "'optimizer/v/conv2d.bias' has shape (4, 8)")
    }

    func testTensorsThatBelongToNothingAreRefused() throws {
        let (good, meta) = try valid()
        var tensors = good
        tensors["optimizer/m/nonexistent.kernel"] = Tensor(shape: Shape(1))
        try refuseLoad(try write(tensors, meta), mentions: "is a slot of 'nonexistent.kernel', which is no trained parameter of basic-cnn")
        tensors = good
        tensors["optimizer/velocity/conv2d.kernel"] = good["conv2d.kernel"]
        try refuseLoad(try write(tensors, meta), mentions: "adam keeps no slot 'velocity' (only m, v)")
        tensors = good
        tensors["optimizer/m"] = Tensor(shape: Shape(1))
        try refuseLoad(try write(tensors, meta), mentions: "tensor 'optimizer/m' is a slot of ''")
        tensors = good
        tensors["stray"] = Tensor(shape: Shape(1))
        try refuseLoad(try write(tensors, meta), mentions: "tensor 'stray' is no parameter of basic-cnn")
        tensors = good
        tensors["conv2d.kernel"] = Tensor(shape: Shape(3, 3, 1, 31))
        try refuseLoad(try write(tensors, meta), mentions: "tensor 'conv2d.kernel' has shape (3, 3, 1, 31), the network needs (3, 3, 1, 32)")
    }

    func testNonFiniteWeightsAndSlotsAreRefusedByName() throws {
        for (name, bad) in [("predictions.bias", Float.nan), ("conv2d.kernel", .infinity), ("optimizer/v/predictions.kernel", -.infinity)] {
            let (tensors, meta) = try valid()
            tensors[name]!.pointer[1] = bad
            try refuseLoad(try write(tensors, meta), mentions: "tensor '\(name)' holds \(bad) at index 1: weights must be finite")
        }
    }

    func testMetadataOutOfRangeIsRefused() throws {
        let (tensors, good) = try valid()
        let cases: [(String, String, String)] = [
            ("optimizer_iterations", "9223372036854775807", "optimizer_iterations '9223372036854775807' is not a step count in 0...1000000000000"),
            ("optimizer_iterations", "1000000000001", "is not a step count"),
            ("optimizer_iterations", "-1", "is not a step count"),
            ("optimizer_iterations", "1e3", "is not a step count"),
            ("learning_rate", "nan", "learning_rate 'nan' is not a finite positive number"),
            ("learning_rate", "inf", "is not a finite positive number"),
            ("learning_rate", "1e39", "is not a finite positive number"),
            ("learning_rate", "0", "is not a finite positive number"),
            ("learning_rate", "-0.001", "is not a finite positive number"),
            ("learning_rate", "1e-50", "is not a finite positive number"),
            ("dropout", "nan", "dropout 'nan' is not in [0, 1)"),
            ("dropout", "1", "is not in [0, 1)"),
            ("dropout", "-0.5", "is not in [0, 1)"),
            ("epochs_completed", "two", "epochs_completed 'two' is not an integer"),
        ]
        for (key, value, message) in cases {
            var meta = good
            meta[key] = value
            try refuseLoad(try write(tensors, meta), mentions: message)
        }
        var meta = good
        meta["learning_rate"] = nil
        try refuseLoad(try write(tensors, meta), mentions: "metadata lacks the run position")
    }

    func testWeightsFromADamagedCheckpointAreRefused() throws {
        // `weights:` does not load slots, but a slot unlike its weight means the file is damaged.
        var (tensors, meta) = try valid()
        tensors["optimizer/m/predictions.kernel"] = Tensor(shape: Shape(1))
        let network = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0)
        var path = try write(tensors, meta)
        XCTAssertThrowsError(try Checkpoint.loadWeights(path, into: network)) {
            XCTAssertEqual("\($0)", "\(path): tensor 'optimizer/m/predictions.kernel' has shape (1), its weight 'predictions.kernel' (1152, 3)")
        }
        (tensors, meta) = try valid()
        tensors["conv2d.kernel"] = nil
        path = try write(tensors, meta)
        XCTAssertThrowsError(try Checkpoint.loadWeights(path, into: network)) {
            XCTAssertTrue("\($0)".contains("tensor 'optimizer/m/conv2d.kernel' is a slot of 'conv2d.kernel', which the file lacks"), "\($0)")
        }
        (tensors, meta) = try valid()
        tensors["predictions.kernel"]!.pointer[7] = .nan
        path = try write(tensors, meta)
        XCTAssertThrowsError(try Checkpoint.loadWeights(path, into: network)) {
            XCTAssertEqual("\($0)", "\(path): tensor 'predictions.kernel' holds nan at index 7: weights must be finite")
        }
        // Another head is still fine: a 10-class checkpoint's head stays as initialised.
        let ten = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 10, dropout: 0)
        let (loaded, kept) = try Checkpoint.loadWeights(try write(try valid().tensors, meta), into: ten)
        XCTAssertEqual(loaded.sorted(), ["conv2d.bias", "conv2d.kernel"])
        XCTAssertEqual(kept.count, 2)
    }

    func testResumeFromACheckpointWithAWrongSizedSlotFailsWithTheFileAndTensor() throws {
        let config = try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        seed: 7
        """, file: "test", overrides: ["epochs=2"])
        let run = try TrainingRun(config: config, root: dir)
        _ = try run.run { event in if case .epochEnded = event { run.mailbox.send(.stop) } }
        let path = run.record.checkpointPath
        var (tensors, meta) = try Safetensors.decode(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        tensors["optimizer/m/predictions.kernel"] = Tensor(shape: Shape(1))
        try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: meta).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TrainingRun(resuming: run.record.directory)) {
            XCTAssertTrue("\($0)".hasPrefix(path + ": tensor 'optimizer/m/predictions.kernel' has shape (1)"), "\($0)")
        }
    }
}
