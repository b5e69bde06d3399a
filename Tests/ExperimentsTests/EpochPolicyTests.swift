import XCTest
@testable import Experiments

/// Early stopping and lr decay: Keras' semantics on fixed sequences, then whole
/// runs that stop, restore, decay and resume.
final class EpochPolicyTests: XCTestCase {

    private func policy(_ stopping: String?, _ decay: String?) throws -> EpochPolicy {
        let c = try ConfigLoader.parse("""
        preset: p
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        \(stopping.map { "early_stopping: \($0)" } ?? "")
        \(decay.map { "lr_decay: \($0)" } ?? "")
        """, file: "t")
        return EpochPolicy(stopping: c.earlyStopping, decay: c.lrDecay)
    }

    func testEarlyStoppingWaitsPatienceEpochsWithoutImprovementLikeKeras() throws {
        var p = try policy("{monitor: val_loss, patience: 2, min_delta: 0.01}", nil)
        // 1.0 best; 0.995 is not better by more than 0.01; 0.98 is; then two misses stop.
        let losses = [1.0, 0.995, 0.98, 0.99, 0.975]
        let decisions = losses.enumerated().map { p.epochEnded($0.offset + 1, validationLoss: $0.element, validationAccuracy: 0.5, learningRate: 0.001) }
        XCTAssertEqual(decisions.map(\.improved), [true, false, true, false, false])
        XCTAssertEqual(decisions.map(\.stop), [false, false, false, false, true])
        XCTAssertEqual(p.bestEpoch, 3)
    }

    func testAccuracyIsMonitoredUpwards() throws {
        var p = try policy("{monitor: val_accuracy, patience: 1}", nil)
        XCTAssertTrue(p.epochEnded(1, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.001).improved)
        XCTAssertTrue(p.epochEnded(2, validationLoss: 2, validationAccuracy: 0.6, learningRate: 0.001).improved, "higher accuracy improves, whatever the loss")
        XCTAssertTrue(p.epochEnded(3, validationLoss: 0.1, validationAccuracy: 0.6, learningRate: 0.001).stop)
    }

    func testPlateauReducesAfterPatienceThenCoolsDownLikeReduceLROnPlateau() throws {
        var p = try policy(nil, "{kind: plateau, factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.0002}")
        var lr: Float = 0.001, changes: [Int: Float] = [:]
        for (i, loss) in [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0].enumerated() {
            if let next = p.epochEnded(i + 1, validationLoss: loss, validationAccuracy: 0.5, learningRate: lr).learningRate {
                lr = next
                changes[i + 1] = next
            }
        }
        // Keras' order: epochs 2, 3 miss -> halve at 3. Epoch 4 leaves the 1-epoch cooldown
        // (wait reset, then counted) and 5 reaches patience; likewise 6-7, where min_lr caps it.
        XCTAssertEqual(changes, [3: 0.0005, 5: 0.00025, 7: 0.0002])
        XCTAssertEqual(p.epochEnded(9, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.0002).learningRate, nil, "at min_lr it stops reducing")
    }

    func testStepDecayAndBadConfigs() throws {
        var p = try policy(nil, "{kind: step, every: 2, factor: 0.5}")
        XCTAssertNil(p.epochEnded(1, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.001).learningRate)
        XCTAssertEqual(p.epochEnded(2, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.001).learningRate, 0.0005)
        for (bad, message) in [("lr_decay: {kind: step, factor: 0.5}", "lr_decay.every"),
                               ("lr_decay: {kind: step, every: 2, patience: 3}", "does not apply to lr_decay kind 'step'"),
                               ("lr_decay: {kind: plateau, factor: 1.5}", "must be in (0, 1)"),
                               ("early_stopping: {patience: 0}", "early_stopping.patience"),
                               ("early_stopping: {monitr: val_loss}", "unknown key")] {
            XCTAssertThrowsError(try ConfigLoader.parse("preset: p\nnetwork: basic-cnn\noptimizer: {kind: adam, lr: 0.001}\n\(bad)", file: "t")) {
                XCTAssertTrue("\($0)".contains(message), "\(bad): \($0)")
            }
        }
    }
}

final class ScheduledRunTests: XCTestCase {
    private var root: String!
    override func setUp() { root = NSTemporaryDirectory() + "/sched-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config(_ extra: String, epochs: Int = 4) throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: \(epochs)
        \(extra)
        """, file: "test")
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testEarlyStopRestoresTheBestEpochIntoTheCheckpointAndTheTest() throws {
        // No epoch can beat the first by 100: epoch 2 stops the run and epoch 1's weights come back.
        let run = try TrainingRun(config: config("early_stopping: {monitor: val_loss, patience: 1, min_delta: 100}"), root: root)
        let summary = try run.run()
        XCTAssertEqual(summary.state, .done)
        XCTAssertEqual(summary.epochsCompleted, 2)
        XCTAssertEqual(summary.earlyStoppedAfterEpoch, 2)
        XCTAssertEqual(summary.restoredBestEpoch, 1)
        XCTAssertEqual(try read(run.record.metricsPath).split(separator: "\n").count, 1 + 2 * 2)
        let events = try read(run.record.directory + "/events.log")
        XCTAssertTrue(events.contains("epoch 2 early stopping: val_loss has not improved by more than 100.0 for 1 epochs (best at epoch 1)"), events)
        XCTAssertTrue(events.contains("restored the weights of epoch 1"), events)

        // The test ran on epoch 1's weights: a 1-epoch run of the same seed predicts the same.
        let one = try TrainingRun(config: config("", epochs: 1), root: root)
        try one.run()
        XCTAssertEqual(try read(run.record.predictionsPath), try read(one.record.predictionsPath))
        // and `evaluate` (the checkpoint) agrees.
        let (_, evaluated) = try TrainingRun.forEvaluation(run.record.directory).reevaluate()
        XCTAssertEqual(try read(evaluated), try read(one.record.predictionsPath))
    }

    func testStepDecayIsInTheMetricsAndTheEventsAndSurvivesResume() throws {
        let decay = "lr_decay: {kind: step, every: 1, factor: 0.5}"
        let whole = try TrainingRun(config: config(decay, epochs: 3), root: root)
        try whole.run()
        let lrs = try read(whole.record.metricsPath).split(separator: "\n").dropFirst().filter { $0.contains(",val,") }.map { $0.split(separator: ",")[4] }
        XCTAssertEqual(lrs, ["0.001", "0.0005", "0.00025"])
        XCTAssertTrue(try read(whole.record.directory + "/events.log").contains("epoch 1 lr 0.001 -> 0.0005 (step decay: every 1 epochs times 0.5)"))

        let interrupted = try TrainingRun(config: config(decay, epochs: 3), root: root)
        try interrupted.run { if case .epochEnded(let r) = $0, r.epoch == 2 { interrupted.mailbox.send(.stop) } }
        let resumed = try TrainingRun(resuming: interrupted.record.directory)
        try resumed.run()
        XCTAssertEqual(try read(resumed.record.metricsPath), try read(whole.record.metricsPath))
    }
}
