import XCTest
@testable import Experiments

/// One writer per run folder: the lock, its refusals, and the state the runs table reads from it.
final class RunLockTests: XCTestCase {
    private var root: String!

    override func setUp() { root = NSTemporaryDirectory() + "/lock-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config() throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: 2
        """, file: "test")
    }

    func testAFolderBeingTrainedRefusesEveryOtherWriterNamingItsHolder() throws {
        let run = try TrainingRun(config: config(), root: root)
        let dir = run.record.directory
        let holder = try XCTUnwrap(RunLock.holder(of: dir))
        XCTAssertEqual(holder.pid, getpid())
        XCTAssertEqual(holder.purpose, .training)
        XCTAssertEqual(try RunListing.load(dir).state, .training, "held for training: training, whatever summary.json says")
        for attempt in [{ _ = try TrainingRun(resuming: dir) }, { _ = try TrainingRun.forEvaluation(dir) }] {
            XCTAssertThrowsError(try attempt()) {
                XCTAssertTrue($0 is RunLock.Refusal, "\($0)")
                XCTAssertTrue("\($0)".contains("\(dir): is being written by process \(getpid()) ("), "\($0)")
            }
        }
        // A stop ends the run and releases the folder: resume then takes it.
        let stopped = try run.run { if case .epochEnded = $0 { run.mailbox.send(.stop) } }
        XCTAssertEqual(stopped.state, .stopped)
        XCTAssertNil(RunLock.holder(of: dir))
        XCTAssertEqual(try RunListing.load(dir).state, .stopped)
        XCTAssertEqual(try TrainingRun(resuming: dir).run().state, .done)
        XCTAssertNil(RunLock.holder(of: dir), "released when the run returns")
    }

    func testARunRecordedAsTrainingThatNobodyHoldsWasKilledAndIsStopped() throws {
        let run = try TrainingRun(config: config(), root: root)
        try run.run { if case .epochEnded = $0 { run.mailbox.send(.stop) } }
        // What a kill -9 after an epoch end leaves: summary.json still says training.
        var summary = try RunRecord.readSummary(run.record.directory)
        summary.state = .training
        try run.record.writeSummary(summary)
        XCTAssertEqual(try RunListing.load(run.record.directory).state, .stopped)
    }

    func testAHolderReadsBackFromItsLockFileAndHalfWrittenTextStaysUnknown() {
        let h = RunLock.Holder(pid: 42, purpose: .evaluating, command: "workbench evaluate 'runs/a b'")
        XCTAssertEqual(RunLock.Holder(fileText: h.fileText), h)
        XCTAssertEqual(RunLock.Holder(fileText: "pid 4"), RunLock.Holder(pid: 4, purpose: nil, command: ""))
        XCTAssertEqual("\(RunLock.Holder(fileText: ""))", "another process (it has not yet said which)")
    }

    func testANonRunFolderIsRefusedBeforeALockFileIsWrittenIntoIt() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        XCTAssertThrowsError(try TrainingRun(resuming: root)) { XCTAssertTrue("\($0)".contains("is not a run folder (no config.yaml)"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/writer.lock"))
    }
}
