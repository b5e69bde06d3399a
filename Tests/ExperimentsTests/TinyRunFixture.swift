import Foundation
@testable import Experiments

/// basic-cnn on the tiny profile (trains in about a second), and a scratch runs folder.
enum TinyRun {
    static func config(epochs: Int = 2, extra: [String] = []) throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        seed: 7
        """, file: "test", overrides: ["epochs=\(epochs)"] + extra)
    }

    static func root() -> String { (NSTemporaryDirectory() as NSString).appendingPathComponent("runs-\(UUID().uuidString)") }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// A finished run of the tiny config under `root`; its folder.
    static func finished(root: String) throws -> String {
        let run = try TrainingRun(config: config(), root: root)
        try run.run { _ in }
        return run.record.directory
    }

    /// A run of `epochs` stopped after its first epoch: checkpoint and files of epoch 1.
    static func stoppedAfterFirstEpoch(root: String, epochs: Int = 3) throws -> TrainingRun {
        let run = try TrainingRun(config: config(epochs: epochs), root: root)
        try run.run { if case .epochEnded(let r) = $0, r.epoch == 1 { run.mailbox.send(.stop) } }
        return run
    }
}
