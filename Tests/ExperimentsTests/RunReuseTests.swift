import XCTest
@testable import Experiments

/// What reproduce, pretrain and 5x2cv do with the run folders there are:
/// reuse a finished run, resume an unfinished one, else train a new one.
final class RunReuseTests: XCTestCase {
    private var root: String!
    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs through `FinishedRuns`, counting trainings and keeping what it logs.
    private final class Probe {
        var lines: [String] = [], trained: [String] = []
        /// Stops the next run it trains after its first epoch.
        var stopNext = false
        /// Makes the next run it trains diverge after its first epoch.
        var divergeNext = false
        var runs: FinishedRuns {
            FinishedRuns(train: { [self] run in
                trained.append(run.record.id)
                let (stop, diverge) = (stopNext, divergeNext)
                (stopNext, divergeNext) = (false, false)
                return try run.run {
                    guard case .epochEnded = $0 else { return }
                    if stop { run.mailbox.send(.stop) }
                    if diverge { run.mailbox.send(.setLearningRate(1e30)) }   // a finite rate the weights cannot survive
                }
            }, log: { [self] in lines.append($0) })
        }
    }

    func testNoRunTrainsAFinishedOneIsReusedAndAnUnfinishedOneResumed() throws {
        let config = try TinyRun.config(epochs: 2)
        XCTAssertTrue({ if case .train = RunReuse.decide(config, runIndex: 1, in: []) { true } else { false } }())

        let probe = Probe()
        probe.stopNext = true
        XCTAssertThrowsError(try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny")) { error in
            guard let e = error as? FinishedRuns.Unfinished else { return XCTFail("\(error)") }
            XCTAssertEqual(e.state, .stopped)
            XCTAssertTrue(e.description.contains("workbench train --resume \(e.directory)"), e.description)
        }
        XCTAssertEqual(probe.lines, ["tiny: training"])
        let stopped = try XCTUnwrap(RunListing.scan(root).runs.first)
        guard case .resume(let unfinished) = RunReuse.decide(config, runIndex: 1, in: [stopped]) else { return XCTFail("stopped: resumed") }
        XCTAssertEqual(unfinished.directory, stopped.directory)

        let resumed = try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny")
        XCTAssertEqual(probe.lines.last, "tiny: resuming \(stopped.directory)")
        XCTAssertEqual(resumed.directory, stopped.directory)
        XCTAssertEqual(resumed.state, .done)
        XCTAssertEqual(resumed.epochsCompleted, 2)

        let reused = try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny")
        XCTAssertEqual(probe.lines.last, "tiny: reusing \(stopped.directory)")
        XCTAssertEqual(reused.directory, stopped.directory)
        XCTAssertEqual(probe.trained, [stopped.id, stopped.id], "trained once, resumed once, then reused without training")
    }

    func testOnlyARunOfTheSameConfigAndRepeatIsReused() throws {
        let config = try TinyRun.config(epochs: 1)
        let probe = Probe()
        let first = try probe.runs.finished(config, runIndex: 1, root: root, label: "a")
        let runs = RunListing.scan(root).runs
        guard case .reuse(let same) = RunReuse.decide(config, runIndex: 1, in: runs) else { return XCTFail("the same config and repeat: reused") }
        XCTAssertEqual(same.directory, first.directory)
        var twoRepeats = config
        twoRepeats.runs = 2
        guard case .reuse = RunReuse.decide(twoRepeats, runIndex: 1, in: runs) else { return XCTFail("run 1 of a runs: 1 config is run 1 of runs: 2") }
        var otherRate = config
        otherRate.optimizer.lr = 0.01
        for (other, index) in [(otherRate, 1), (config, 2)] {
            guard case .train = RunReuse.decide(other, runIndex: index, in: runs) else { return XCTFail("lr \(other.optimizer.lr), run \(index): trained anew") }
        }
    }

    func testPretrainingTrainsTheOtherSevenClassesOnceAndIsFoundAgain() throws {
        let base = try TinyRun.config(epochs: 1)
        XCTAssertNil(Pretraining.existing(base, out: root))
        let probe = Probe()
        let checkpoint = try Pretraining.ensure(base, out: root, runs: probe.runs)
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint), checkpoint)
        XCTAssertEqual(probe.lines, ["pre-training of basic-cnn on " + Pretraining.config(base).data.task.classNames.joined(separator: ", ") + ": training"])
        let run = try RunListing.load((checkpoint as NSString).deletingLastPathComponent)
        XCTAssertEqual(run.config.data.task, .pretrain)
        XCTAssertEqual(run.config.preset, "basic-cnn-pretrain")
        XCTAssertEqual(Pretraining.existing(base, out: root), checkpoint)
        XCTAssertEqual(try Pretraining.ensure(base, out: root, runs: probe.runs), checkpoint)
        XCTAssertEqual(probe.trained.count, 1, "a finished pre-training is reused")
    }

    /// A diverged run has ended: reproduce reports it, never resumes it; what needs its weights refuses it.
    func testADivergedRunIsAnOutcomeForReproduceAndAnErrorForWhatNeedsItsWeights() throws {
        let config = try TinyRun.config(epochs: 3, extra: ["optimizer.kind=sgd", "optimizer.lr=0.01"])
        let probe = Probe()
        probe.divergeNext = true
        let diverged = try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny", acceptingDiverged: true)
        XCTAssertEqual(diverged.state, .diverged)
        guard case .diverged(let listed) = RunReuse.decide(config, runIndex: 1, in: RunListing.scan(root).runs) else { return XCTFail("diverged") }
        XCTAssertEqual(listed.directory, diverged.directory)

        let again = try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny", acceptingDiverged: true)
        XCTAssertEqual(again.directory, diverged.directory)
        XCTAssertTrue(probe.lines.last!.hasPrefix("tiny: reusing \(diverged.directory), which diverged (non-finite training loss at epoch 2"), probe.lines.last!)
        XCTAssertThrowsError(try probe.runs.finished(config, runIndex: 1, root: root, label: "tiny")) { error in
            guard let e = error as? FinishedRuns.Unfinished else { return XCTFail("\(error)") }
            XCTAssertEqual(e.state, .diverged)
            XCTAssertTrue(e.description.contains("a non-finite loss stopped it"), e.description)
        }
        XCTAssertEqual(probe.trained, [diverged.id], "trained once, never resumed")
    }
}
