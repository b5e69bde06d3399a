import XCTest
@testable import Experiments

/// The session the UI drives: snapshots and resuming a recorded run.
final class SessionTests: XCTestCase {
    private var root: String!
    override func setUp() { root = NSTemporaryDirectory() + "/session-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config() throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: 3
        """, file: "test")
    }

    private func waitUntilSettled(_ s: Session) {
        s.waitUntilIdle()
        let deadline = Date().addingTimeInterval(30)
        while s.snapshot.state.isActive, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    func testResumingAStoppedRunKeepsItsCurvesAndFinishesItLikeTheCLI() throws {
        let stopped = try TrainingRun(config: config(), root: root)
        try stopped.run { if case .epochEnded(let r) = $0, r.epoch == 1 { stopped.mailbox.send(.stop) } }
        let listing = try RunListing.load(stopped.record.directory)
        XCTAssertEqual(listing.state, .stopped)

        let session = Session()
        session.resume(listing)
        XCTAssertEqual(session.snapshot.trainLoss.count, 1, "the recorded epoch is on the curves from the start")
        waitUntilSettled(session)
        let s = session.snapshot
        XCTAssertEqual(s.state, .done)
        XCTAssertEqual(s.runID, listing.id, "the same run, not a new one")
        XCTAssertEqual(s.trainLoss.map(\.x), [1, 2, 3])
        XCTAssertNotNil(s.testErrors)
        XCTAssertNotNil(s.testConfusion)

        // Same as an uninterrupted run of the same seed.
        let whole = try TrainingRun(config: config(), root: root)
        try whole.run()
        XCTAssertEqual(try String(contentsOfFile: stopped.record.metricsPath, encoding: .utf8),
                       try String(contentsOfFile: whole.record.metricsPath, encoding: .utf8))
    }

    func testAnLrChangeWhileTheDataIsPreparedReachesTheFirstBatch() throws {
        let session = Session()
        session.start(try config(), root: root)
        XCTAssertEqual(session.snapshot.state, .preparing)
        session.send(.setLearningRate(0.0005))
        XCTAssertEqual(session.snapshot.learningRate, 0.0005, accuracy: 1e-9)
        waitUntilSettled(session)
        let dir = session.snapshot.runDirectory
        let metrics = try String(contentsOfFile: dir + "/metrics.csv", encoding: .utf8)
        XCTAssertTrue(metrics.contains("1,train,") && metrics.split(separator: "\n")[1].hasSuffix(",0.0005,0.0"), metrics)
        XCTAssertTrue(try String(contentsOfFile: dir + "/events.log", encoding: .utf8).contains(" epoch 1 batch 1/6 lr 0.001 -> 0.0005\n"), "applied before the first batch, and logged there")
    }

    func testVersionGrowsWithEveryChange() throws {
        let session = Session()
        let before = session.snapshot.version
        session.start(try config(), root: root)
        waitUntilSettled(session)
        XCTAssertGreaterThan(session.snapshot.version, before + 3 * 6, "at least one change per batch of three epochs")
    }
}
