import XCTest
@testable import Experiments

/// What the record says after evaluate, a pause, live changes and a resume
/// that re-plans the epochs: each as it happened, nothing overwritten.
final class RunLifecycleTests: XCTestCase {
    private var root: String!

    override func setUp() { root = NSTemporaryDirectory() + "/lifecycle-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config(epochs: Int = 2) throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        batch_size: 48
        seed: 5
        """, file: "test", overrides: ["epochs=\(epochs)"])
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testEvaluateRefusesARunWithoutACheckpointAndWritesBesideTheRunsPredictions() throws {
        let early = try TrainingRun(config: config(), root: root)
        try early.run { if case .batch(1, let b, _, _) = $0, b.batch == 1 { early.mailbox.send(.stop) } }
        XCTAssertThrowsError(try TrainingRun.forEvaluation(early.record.directory)) {
            XCTAssertTrue("\($0)".contains("has no checkpoint: it stopped before its first epoch ended"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: early.record.predictionsPath))

        let done = try TrainingRun(config: config(), root: root)
        try done.run()
        let own = try read(done.record.predictionsPath)
        XCTAssertThrowsError(try RunComparison.compare(done.record.directory, early.record.directory)) {
            XCTAssertTrue("\($0)".contains("missing: the run has not finished (`workbench train --resume \(early.record.directory)` finishes it)"), "compare sends the user to a refusal no more: \($0)")
        }
        let (matrix, path) = try TrainingRun.forEvaluation(done.record.directory).reevaluate()
        XCTAssertEqual(try read(done.record.predictionsPath), own, "the run's own predictions stay")
        XCTAssertTrue((path as NSString).lastPathComponent.hasPrefix("predictions-evaluate-"), path)
        XCTAssertEqual(try read(path), own, "the same checkpoint predicts the same")
        XCTAssertEqual(matrix.total, 60)
        let (_, second) = try TrainingRun.forEvaluation(done.record.directory).reevaluate(date: Date.distantPast)
        let (_, third) = try TrainingRun.forEvaluation(done.record.directory).reevaluate(date: Date.distantPast)
        XCTAssertNotEqual(second, third, "a second evaluation in the same second keeps the first")
        XCTAssertTrue(try read(done.record.eventsPath).contains("evaluated the checkpoint of epoch 2: test_accuracy="))
    }

    func testAPauseIsLoggedWhenItHappensAndIsNotTrainingTime() throws {
        let run = try TrainingRun(config: config(), root: root)
        var elapsedInEpoch1 = 0.0
        try run.run { event in
            guard case let .batch(epoch, b, _, elapsed) = event else { return }
            if epoch == 1 { elapsedInEpoch1 = elapsed }
            if epoch == 1 && b.batch == 1 {
                run.mailbox.send(.pause)
                DispatchQueue.global().asyncAfter(deadline: .now() + 2.5) { run.mailbox.send(.resume) }
            }
        }
        let events = try read(run.record.eventsPath).split(separator: "\n")
        func time(_ text: String) throws -> Date {
            let line = try XCTUnwrap(events.first { $0.hasSuffix(text) }, "\(text) in \(events)")
            return try XCTUnwrap(ISO8601DateFormatter().date(from: String(line.prefix { $0 != " " })))
        }
        XCTAssertGreaterThanOrEqual(try time("batch 2/4 resumed").timeIntervalSince(try time("epoch 1 batch 2/4 paused")), 2,
                                    "each logged at its own time:\n\(events.joined(separator: "\n"))")
        let timing = try XCTUnwrap(try read(run.record.directory + "/timings.csv").split(separator: "\n").dropFirst().first)
        let seconds = try XCTUnwrap(Double(timing.split(separator: ",")[1]))
        XCTAssertLessThan(seconds, 1.5, "the 2.5 s pause is not in epoch 1's seconds: \(timing)")
        XCTAssertLessThan(elapsedInEpoch1, 1.5, "nor in the elapsed time the progress and images/s come from")
    }

    func testTheSessionsElapsedTimeLeavesPausesOut() throws {
        let session = Session()
        session.start(try config(epochs: 500), root: root)
        let deadline = Date().addingTimeInterval(60)
        while session.snapshot.batch < 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
        session.send(.pause)
        Thread.sleep(forTimeInterval: 2.5)
        let paused = session.snapshot.position
        session.send(.resume)
        // A few batches after the resume, so the elapsed time is reported again.
        while session.snapshot.position < paused + 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
        session.send(.stop)
        session.waitUntilIdle()
        XCTAssertEqual(session.snapshot.state, .stopped)
        XCTAssertLessThan(session.snapshot.elapsed, 1.5, "the 2.5 s pause is not training time")
    }

    func testALiveChangeIsRecordedAtItsBatchAndEveryViewAgrees() throws {
        let run = try TrainingRun(config: config(), root: root)
        var live: [RunChange] = []
        try run.run { event in
            if case .batch(1, let b, _, _) = event, b.batch == 2 { run.mailbox.send(.setLearningRate(0.0005)) }
            if case .batch(2, let b, _, _) = event, b.batch == 1 { run.mailbox.send(.setDropout(0.3)) }
            if case .changed(let c) = event { live.append(c) }
        }
        let events = try read(run.record.eventsPath)
        XCTAssertTrue(events.contains(" epoch 1 batch 3/4 lr 0.001 -> 0.0005\n"), events)
        XCTAssertTrue(events.contains(" epoch 2 batch 2/4 dropout 0.3 ignored: the network has no dropout layer\n"), events)
        // metrics.csv: the rate in force at the epoch's last batch.
        let rows = try read(run.record.metricsPath).split(separator: "\n")
        XCTAssertTrue(rows[1].hasPrefix("1,train,") && rows[1].hasSuffix(",0.0005,0.0"), "\(rows)")
        let listing = try RunListing.load(run.record.directory)
        XCTAssertEqual(listing.changes, [RunChange(epoch: 1, batch: 3, batches: 4, text: "lr 0.001 -> 0.0005"),
                                         RunChange(epoch: 2, batch: 2, batches: 4, text: "dropout 0.3 ignored: the network has no dropout layer")])
        XCTAssertEqual(listing.changes, live, "the record and the live session see the same change")
        XCTAssertEqual(listing.tunedConfig.optimizer.lr, 0.0005, "the runs table and `n` take the rate set live")
        XCTAssertEqual(listing.tunedConfig.dropout, listing.config.dropout, "an ignored dropout is no setting: metrics.csv says 0.0 too")
        XCTAssertTrue(rows.allSatisfy { $0.hasPrefix("epoch") || $0.hasSuffix(",0.0") }, "\(rows)")
        XCTAssertEqual(Session.Snapshot(listing).changes.map(\.x), [0.5, 1.25], "the read-only view marks them where the live one did")
    }

    func testChangesInAnEpochThatAResumeRedoesNoLongerCount() {
        let log = """
        2026-12-01T10:00:00Z created seed=1 data=x threads=2
        2026-12-01T10:00:01Z epoch 1 batch 2/4 lr 0.001 -> 0.002
        2026-12-01T10:00:02Z epoch 1 lr 0.002 -> 0.001 (step decay: every 1 epochs times 0.5)
        2026-12-01T10:00:03Z epoch 2 batch 1/4 dropout 0.5 -> 0.3
        2026-12-01T10:00:04Z stopped during epoch 2; checkpoint holds epoch 1, resume redoes epoch 2
        2026-12-01T10:00:05Z resumed at epoch 1 (lr 0.001, dropout 0.5, as its checkpoint holds)
        2026-12-01T10:00:06Z epoch 2 batch 3/4 paused
        """
        let changes = RunChange.recorded(inEventsLog: log)
        XCTAssertEqual(changes.map(\.logText), ["epoch 1 batch 2/4 lr 0.001 -> 0.002", "epoch 1 lr 0.002 -> 0.001 (step decay: every 1 epochs times 0.5)",
                                                "epoch 2 batch 3/4 paused"])
        XCTAssertEqual(changes.map(\.position), [0.25, 1, 1.5])
        XCTAssertEqual(changes.compactMap(\.liveSetting).map(\.value), [0.002], "a decay is the schedule's, not a setting")
    }

    func testResumeExtendsAFinishedRunAsKerasInitialEpochOrRefusesWithAReason() throws {
        let run = try TrainingRun(config: config(epochs: 2), root: root)
        try run.run()
        let dir = run.record.directory
        XCTAssertThrowsError(try TrainingRun(resuming: dir)) { XCTAssertTrue("\($0)".contains("is finished (2 of 2 epochs): nothing to resume"), "\($0)") }
        XCTAssertThrowsError(try TrainingRun(resuming: dir, epochs: 1)) { XCTAssertTrue("\($0)".contains("has completed 2 epochs: --epochs 1"), "\($0)") }
        let extended = try TrainingRun(resuming: dir, epochs: 3).run()
        XCTAssertEqual(extended.state, .done)
        XCTAssertEqual(extended.epochsCompleted, 3)
        XCTAssertEqual(try ConfigLoader.loadManifest(dir + "/config.yaml").config.epochs, 3)
        XCTAssertTrue(try read(dir + "/events.log").contains("epochs 2 -> 3 (re-planned on resume after epoch 2)"))
        let whole = try TrainingRun(config: config(epochs: 3), root: root)
        try whole.run()
        XCTAssertEqual(try read(run.record.metricsPath), try read(whole.record.metricsPath), "as if it had been planned with 3 epochs")
    }
}
