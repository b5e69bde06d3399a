import Foundation
import XCTest
@testable import Experiments

/// The config diff of two runs: differing keys by dotted path, the runs' identity, their live changes.
final class RunDiffTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// A run of the tiny config with `extra` overrides; `liveLR` is set before batch 3 of epoch 1.
    private func trained(_ extra: [String] = [], runIndex: Int = 1, liveLR: Float? = nil) throws -> RunListing {
        let r = try TrainingRun(config: TinyRun.config(extra: extra), root: root, runIndex: runIndex)
        try r.run { if let lr = liveLR, case .batch(1, let b, _, _) = $0, b.batch == 2 { r.mailbox.send(.setLearningRate(lr)) } }
        return try RunListing.load(r.record.directory)
    }

    func testOnlyDifferingKeysAreListedByDottedPathWithReadableValues() throws {
        let a = try trained(liveLR: 0.0005), b = try trained(["optimizer.lr=0.0002", "batch_size=16", "augmentation.horizontal_flip=true"])
        let d = try RunDiff(a, b)
        XCTAssertEqual(d.settings, [
            RunDiff.Row(key: "optimizer.lr", first: "0.001", second: "0.0002"),
            RunDiff.Row(key: "batch_size", first: "32", second: "16"),
            RunDiff.Row(key: "augmentation.rotation_range", first: nil, second: "0.0"),
            RunDiff.Row(key: "augmentation.width_shift_range", first: nil, second: "0.0"),
            RunDiff.Row(key: "augmentation.height_shift_range", first: nil, second: "0.0"),
            RunDiff.Row(key: "augmentation.shear_range", first: nil, second: "0.0"),
            RunDiff.Row(key: "augmentation.zoom_range", first: nil, second: "0.0"),
            RunDiff.Row(key: "augmentation.horizontal_flip", first: nil, second: "true"),
            RunDiff.Row(key: "augmentation.fill_mode", first: nil, second: "nearest"),
            RunDiff.Row(key: "optimizer.lr (as left)", first: "0.0005", second: "0.0002"),
        ])
        XCTAssertEqual(d.identity.map(\.key), RunDiff.identityKeys, "the identity is always shown")
        XCTAssertFalse(d.identity.contains(where: \.differs), "same seed, data and machine: \(d.identity)")
        XCTAssertEqual(d.first.changes.map(\.logText), ["epoch 1 batch 3/6 lr 0.001 -> 0.0005"])
        XCTAssertTrue(d.second.changes.isEmpty)
    }

    func testTwoRepeatsDifferInTheirIdentityOnly() throws {
        let first = try trained(), second = try trained(runIndex: 2)
        let d = try RunDiff(first, second)
        XCTAssertEqual(d.settings, [])
        XCTAssertEqual(d.identity.filter(\.differs), [RunDiff.Row(key: "run_index", first: "1", second: "2"),
                                                      RunDiff.Row(key: "training_seed", first: "7", second: "8")])
        XCTAssertEqual(d.identity.first { $0.key == "data_fingerprint" }?.first, first.manifest.dataFingerprint)
    }

    func testARecordFromBeforeMachinesWereKeptShowsThemNotSet() throws {
        var m = try trained().manifest
        m.machine = nil
        let keys = Dictionary(try RunDiff.flattened(m), uniquingKeysWith: { x, _ in x })
        XCTAssertNil(keys["machine.cpu"])
        XCTAssertEqual(keys["optimizer.lr"], "0.001")
        XCTAssertEqual(keys["seed"], "7", "the config's keys lose their config. prefix")
        XCTAssertEqual(keys["training_seed"], "7")
    }
}
