import NN
import XCTest
@testable import Experiments

/// Keras' TerminateOnNaN: the first non-finite loss ends the run, recorded as diverged,
/// and the checkpoint keeps the last good epoch.
final class DivergenceTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func testANonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws {
        let run = try TrainingRun(config: TinyRun.config(epochs: 3, extra: ["optimizer.kind=sgd", "optimizer.lr=0.01"]), root: root)
        var checkpointAfterEpoch1 = Data()
        var batchesSeen: [(epoch: Int, loss: Float)] = []
        let summary = try run.run { event in
            switch event {
            case .epochEnded(let r) where r.epoch == 1:
                checkpointAfterEpoch1 = FileManager.default.contents(atPath: run.record.checkpointPath) ?? Data()
                run.mailbox.send(.setLearningRate(1e30))   // a finite Float32 rate the weights cannot survive
            case .batch(let epoch, let b, _, _):
                batchesSeen.append((epoch, b.loss))
            default: break
            }
        }
        XCTAssertEqual(summary.state, .diverged)
        XCTAssertEqual(summary.epochsCompleted, 1)
        XCTAssertEqual(summary.divergedEpoch, 2)
        let batch = try XCTUnwrap(summary.divergedBatch)
        let epoch2 = batchesSeen.filter { $0.epoch == 2 }
        XCTAssertEqual(epoch2.count, batch, "no batch after the first non-finite loss")
        XCTAssertFalse(epoch2.last!.loss.isFinite)
        XCTAssertTrue(epoch2.dropLast().allSatisfy { $0.loss.isFinite })
        XCTAssertFalse(checkpointAfterEpoch1.isEmpty)
        XCTAssertEqual(FileManager.default.contents(atPath: run.record.checkpointPath), checkpointAfterEpoch1, "the diverged weights are not saved")
        XCTAssertEqual(try TinyRun.read(run.record.metricsPath).split(separator: "\n").count, 1 + 2, "no rows for the diverged epoch")
        XCTAssertTrue(try TinyRun.read(run.record.directory + "/events.log").contains("diverged: non-finite training loss at epoch 2, batch \(batch)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.record.predictionsPath), "a diverged run is not tested")
        let listed = try RunListing.load(run.record.directory)
        XCTAssertEqual(listed.state, .diverged)
        XCTAssertEqual(listed.summary?.divergence, "non-finite training loss at epoch 2, batch \(batch)")
    }

    func testADivergedFirstEpochLeavesNoCheckpoint() throws {
        let run = try TrainingRun(config: TinyRun.config(extra: ["optimizer.kind=sgd", "optimizer.lr=1e30"]), root: root)
        let summary = try run.run()
        XCTAssertEqual(summary.state, .diverged)
        XCTAssertEqual(summary.epochsCompleted, 0)
        XCTAssertEqual(summary.divergedEpoch, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.record.checkpointPath))
    }

    func testWeightsTheLastStepOfAnEpochRuinedAreCaughtByTheValidationLoss() throws {
        // One batch per epoch: its loss comes from the initial weights, finite; the
        // step at the largest finite Float32 rate makes them overflow.
        let run = try TrainingRun(config: TinyRun.config(extra: ["batch_size=4096", "optimizer.kind=sgd", "optimizer.lr=3e38"]), root: root)
        let summary = try run.run()
        XCTAssertEqual(summary.state, .diverged)
        XCTAssertEqual(summary.divergedEpoch, 1)
        XCTAssertNil(summary.divergedBatch)
        XCTAssertEqual(summary.divergence, "non-finite validation loss after epoch 1")
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.record.checkpointPath))
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.record.metricsPath))
    }

    func testSessionShowsDiverged() throws {
        let session = Session()
        session.start(try TinyRun.config(extra: ["optimizer.kind=sgd", "optimizer.lr=1e30"]), root: root)
        let deadline = Date().addingTimeInterval(60)
        while session.snapshot.state.isActive || session.snapshot.state == .idle, Date() < deadline { usleep(20_000) }
        XCTAssertEqual(session.snapshot.state, .diverged)
    }
}
