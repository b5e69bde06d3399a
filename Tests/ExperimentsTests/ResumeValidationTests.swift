import NN
import XCTest
@testable import Experiments

/// Resume trusts nothing it reads: checkpoint metadata against the config and
/// metrics.csv, an unreadable checkpoint is an error, stale temporary files go.
final class ResumeValidationTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func rewriteMetadata(_ path: String, _ change: (inout [String: String]) -> Void) throws {
        let (tensors, meta) = try Safetensors.decode(try XCTUnwrap(FileManager.default.contents(atPath: path)), file: path)
        var m = meta
        change(&m)
        try AtomicFile.write(try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: m), to: path)
    }

    private func refused(_ dir: String, mentions: [String], line: UInt = #line) {
        XCTAssertThrowsError(try TrainingRun(resuming: dir), line: line) { e in
            for m in mentions { XCTAssertTrue("\(e)".contains(m), "'\(e)' lacks '\(m)'", line: line) }
        }
    }

    func testEpochsCompletedOutsideTheConfigOrDisagreeingWithMetricsIsRefused() throws {
        let run = try TinyRun.stoppedAfterFirstEpoch(root: root, epochs: 3)
        let (dir, checkpoint) = (run.record.directory, run.record.checkpointPath)
        let original = try XCTUnwrap(FileManager.default.contents(atPath: checkpoint))
        for (value, mentions) in [("-1", [checkpoint, "epochs_completed = -1", "0...3"]), ("99", [checkpoint, "epochs_completed = 99"]),
                                  ("2", [run.record.metricsPath, "records epochs [1]", "holds 2 completed"])] {
            try rewriteMetadata(checkpoint) { $0["epochs_completed"] = value }
            refused(dir, mentions: mentions)
        }
        for (key, value) in [("learning_rate", "nan"), ("learning_rate", "-1"), ("dropout", "inf")] {
            try AtomicFile.write(original, to: checkpoint)
            try rewriteMetadata(checkpoint) { $0[key] = value }
            refused(dir, mentions: [checkpoint, key])
        }
        try AtomicFile.write(original, to: checkpoint)
        XCTAssertEqual(try TrainingRun(resuming: dir).run().state, .done)
    }

    func testNonFiniteWeightsOrOptimizerStateAreRefused() throws {
        let run = try TinyRun.stoppedAfterFirstEpoch(root: root)
        let checkpoint = run.record.checkpointPath
        let original = try XCTUnwrap(FileManager.default.contents(atPath: checkpoint))
        for (name, value) in [("predictions.kernel", Float.nan), ("optimizer/m/conv2d.bias", -Float.infinity)] {
            try AtomicFile.write(original, to: checkpoint)
            let (tensors, meta) = try Safetensors.decode(original, file: checkpoint)
            let t = try XCTUnwrap(tensors[name], name)
            t.pointer[t.count - 1] = value
            try AtomicFile.write(try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: meta), to: checkpoint)
            refused(run.record.directory, mentions: [checkpoint, "tensor '\(name)' holds \(value) at index", "weights must be finite"])
        }
    }

    func testACheckpointThatExistsButCannotBeReadIsAnErrorNotAFreshStart() throws {
        let run = try TinyRun.stoppedAfterFirstEpoch(root: root)
        let checkpoint = run.record.checkpointPath
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.createSymbolicLink(atPath: checkpoint, withDestinationPath: checkpoint)
        refused(run.record.directory, mentions: [checkpoint, "cannot be read"])
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.createSymbolicLink(atPath: checkpoint, withDestinationPath: root + "/nowhere")
        refused(run.record.directory, mentions: [checkpoint, "cannot be read"])
    }

    func testStaleTemporaryFilesOfDeadWritersAreRemovedOnResume() throws {
        let run = try TinyRun.stoppedAfterFirstEpoch(root: root)
        let dir = run.record.directory
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = "\(dir)/.checkpoint.safetensors.\(dead.processIdentifier).tmp"
        let live = "\(dir)/.metrics.csv.\(getpid()).tmp"
        let unrelated = "\(dir)/notes.\(dead.processIdentifier).tmp"
        for f in [stale, live, unrelated] { try AtomicFile.write("partial", to: f) }
        _ = try TrainingRun(resuming: dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a dead writer's temporary file is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a live process's is kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: unrelated), "files not named like ours are kept")
    }
}
