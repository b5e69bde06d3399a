import XCTest
@testable import Experiments

/// Whole runs on the tiny profile: reproducibility, the files left, stop and resume.
final class TrainingRunTests: XCTestCase {
    private var root: String!

    override func setUp() { root = NSTemporaryDirectory() + "/runs-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// basic-cnn with augmentation so shuffling and augmentation randomness are both exercised.
    private func config(epochs: Int = 3, extra: [String] = []) throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        augmentation: {rotation_range: 10, width_shift_range: 0.1, horizontal_flip: true}
        data: {profile: tiny}
        seed: 7
        """, file: "test", overrides: ["epochs=\(epochs)"] + extra)
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testSameSeedGivesByteIdenticalMetricsAndAllFiles() throws {
        let a = try TrainingRun(config: config(), root: root)
        let summary = try a.run()
        let b = try TrainingRun(config: config(), root: root)
        try b.run()
        XCTAssertNotEqual(a.record.directory, b.record.directory)
        XCTAssertEqual(try read(a.record.metricsPath), try read(b.record.metricsPath))
        XCTAssertEqual(try read(a.record.metricsPath).split(separator: "\n").count, 1 + 2 * 3)
        for f in ["config.yaml", "metrics.csv", "timings.csv", "events.log", "checkpoint.safetensors", "predictions.csv", "summary.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: a.record.directory + "/" + f), f)
        }
        XCTAssertEqual(summary.state, .done)
        XCTAssertEqual(summary.testConfusion?.total, 60)
        XCTAssertNotNil(summary.testAccuracyInterval)
        let other = try TrainingRun(config: config(extra: ["seed=8"]), root: root)
        try other.run()
        XCTAssertNotEqual(try read(a.record.metricsPath), try read(other.record.metricsPath))
    }

    func testStopThenResumeEqualsAnUninterruptedRun() throws {
        let whole = try TrainingRun(config: config(), root: root)
        try whole.run()

        let interrupted = try TrainingRun(config: config(), root: root)
        let stopped = try interrupted.run { event in
            if case .epochEnded(let r) = event, r.epoch == 1 { interrupted.mailbox.send(.stop) }
        }
        XCTAssertEqual(stopped.state, .stopped)
        XCTAssertEqual(stopped.epochsCompleted, 1)
        // A kill between the metrics and checkpoint writes leaves a row the checkpoint lacks: resume must drop it.
        let metrics = try read(interrupted.record.metricsPath)
        try AtomicFile.write(metrics + "2,train,9.9,0.1,0.001,0.0\n", to: interrupted.record.metricsPath)

        let resumed = try TrainingRun(resuming: interrupted.record.directory)
        let done = try resumed.run()
        XCTAssertEqual(done.state, .done)
        XCTAssertEqual(try read(resumed.record.metricsPath), try read(whole.record.metricsPath))
        XCTAssertEqual(try read(resumed.record.predictionsPath), try read(whole.record.predictionsPath))
        XCTAssertTrue(try read(resumed.record.directory + "/events.log").contains("resumed at epoch 1"))
    }

    func testLiveLearningRateChangeIsAppliedAndLogged() throws {
        let run = try TrainingRun(config: config(epochs: 2), root: root)
        run.mailbox.send(.setLearningRate(0.0005))
        try run.run()
        let metrics = try read(run.record.metricsPath)
        XCTAssertTrue(metrics.contains(",train,") && metrics.contains(",0.0005,"), metrics)
        XCTAssertTrue(try read(run.record.directory + "/events.log").contains("lr 0.001 -> 0.0005"))
    }

    func testCompareRepeatsOfOneConfigAndRefuseOtherData() throws {
        let first = try TrainingRun(config: config(epochs: 1), root: root, runIndex: 1)
        let second = try TrainingRun(config: config(epochs: 1), root: root, runIndex: 2)
        XCTAssertEqual(second.manifest.trainingSeed, first.manifest.trainingSeed + 1)
        let (a, b) = (try first.run(), try second.run())
        let c = try RunComparison.compare(first.record.directory, second.record.directory)
        XCTAssertEqual(c.testImages, 60)
        XCTAssertEqual(c.first.accuracy, a.testAccuracy!, accuracy: 1e-12)
        XCTAssertEqual(c.second.accuracy, b.testAccuracy!, accuracy: 1e-12)
        XCTAssertEqual(c.mcnemar.onlyFirstCorrect - c.mcnemar.onlySecondCorrect, c.first.correct - c.second.correct)
        let other = try TrainingRun(config: config(epochs: 1, extra: ["seed=8"]), root: root)
        try other.run()
        XCTAssertThrowsError(try RunComparison.compare(first.record.directory, other.record.directory)) {
            XCTAssertTrue("\($0)".contains("other data"), "\($0)")
        }
    }
}
