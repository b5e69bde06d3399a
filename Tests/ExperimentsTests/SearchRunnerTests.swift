import Foundation
import XCTest
@testable import Experiments

/// Whole searches on the tiny profile (a trial trains in about a second).
final class SearchRunnerTests: XCTestCase {
    /// A search folder with its spec and base config written; returns (spec path, base path, search folder).
    static func files(_ spec: String) throws -> (spec: String, base: String, folder: String) {
        let dir = TinyRun.root()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = dir + "/base.yaml", specPath = dir + "/spec.yaml"
        try """
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: 2
        seed: 7
        """.write(toFile: base, atomically: true, encoding: .utf8)
        try spec.write(toFile: specPath, atomically: true, encoding: .utf8)
        return (specPath, base, dir + "/search")
    }

    static let grid = "base: x\nmethod: grid\nspace:\n  optimizer.lr: {choice: [0.001, 0.01]}\n  dropout: {choice: [0.0, 0.3]}\n"

    static func executor(_ runner: SearchRunner, stoppingTrial: Int? = nil) -> InProcessWorkers {
        InProcessWorkers(TrialTraining { run in
            try run.run { event in
                // Ctrl-C after the first epoch of `stoppingTrial`'s (1-based) run.
                if let n = stoppingTrial, run.record.id.hasSuffix("-trial-\(n)"), case .epochEnded(let r) = event, r.epoch == 1 { run.mailbox.send(.stop) }
            }
        })
    }

    /// trials.csv without the columns that differ between equal searches (run ids, seconds).
    static func comparable(_ folder: String) throws -> [[String]] {
        let csv = try CSV(parsing: try TinyRun.read(folder + "/trials.csv"), path: "trials.csv")
        let dropped = Set(["run", "seconds"].compactMap(csv.header.firstIndex(of:)))
        return csv.rows.map { $0.fields.enumerated().filter { !dropped.contains($0.offset) }.map(\.element) }
    }

    func testGridTrainsEveryPointAndRanksOnValidation() throws {
        let f = try Self.files(Self.grid)
        let runner = try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: nil, folder: f.folder)
        var lines: [String] = []
        XCTAssertTrue(try runner.run(on: Self.executor(runner)) { lines.append($0) })
        XCTAssertEqual(runner.state.trials.map(\.state), [.done, .done, .done, .done])
        let csv = try CSV(parsing: try TinyRun.read(f.folder + "/trials.csv"), path: "trials.csv")
        XCTAssertEqual(csv.header, ["trial", "run", "state", "epochs", "optimizer.lr", "dropout", "best_val_accuracy", "best_val_epoch",
                                    "test_accuracy", "test_low", "test_high", "seconds", "note"])
        XCTAssertEqual(csv.rows.map { Array($0.fields[4...5]) }, [["0.001", "0.0"], ["0.001", "0.3"], ["0.01", "0.0"], ["0.01", "0.3"]])
        // Each trial is an ordinary run whose config holds its values, and whose summary the table repeats.
        for (row, trial) in zip(csv.rows, runner.state.trials) {
            let listing = try RunListing.load(f.folder + "/" + (trial.run ?? ""))
            XCTAssertEqual(String(listing.config.optimizer.lr), row.fields[4] == "0.001" ? "0.001" : "0.01")
            XCTAssertEqual(listing.config.dropout, Double(row.fields[5]))
            XCTAssertEqual(row.fields[8], String(format: "%.4f", listing.summary?.testAccuracy ?? -1))
            XCTAssertEqual(row.fields[6], String(format: "%.4f", listing.summary?.bestValidationAccuracy ?? -1))
        }
        let board = try TinyRun.read(f.folder + "/leaderboard.md")
        let ranks = board.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| rank") }
        XCTAssertEqual(ranks.count, 4)
        XCTAssertTrue(ranks[0].contains("| leader |"), String(ranks[0]))
        let bestVal = runner.state.trials.compactMap { $0.bestValidation?.accuracy }.max() ?? -1
        XCTAssertTrue(ranks[0].contains(String(format: "%.4f", bestVal)), "\(ranks[0]) should hold the best val accuracy \(bestVal)")
        // Every other trial carries McNemar's p against the leader.
        for r in ranks.dropFirst() { XCTAssertNotNil(Double(r.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[7]), String(r)) }
        XCTAssertTrue(board.contains("in progress") == false && board.contains("finished"))
        // The terminal gets the leaderboard's top three, the leader first.
        XCTAssertTrue(lines.contains { $0.hasPrefix("#1 trial ") && $0.contains(String(format: "val %.4f", bestVal)) && $0.contains(", test 0.") }, "\(lines)")
        XCTAssertEqual(lines.filter { $0.hasPrefix("#") }.count, 3)
    }

    /// A search stopped in its second trial and resumed ends as an uninterrupted one does, trial for trial.
    func testResumeAfterAStopEqualsAnUninterruptedSearch() throws {
        let whole = try Self.files(Self.grid)
        let w = try SearchRunner.start(specPath: whole.spec, basePath: whole.base, overrides: [], trials: nil, folder: whole.folder)
        XCTAssertTrue(try w.run(on: Self.executor(w)) { _ in })

        let split = try Self.files(Self.grid)
        try { () throws -> Void in
            let first = try SearchRunner.start(specPath: split.spec, basePath: split.base, overrides: [], trials: nil, folder: split.folder)
            XCTAssertFalse(try first.run(on: Self.executor(first, stoppingTrial: 2)) { _ in })
            XCTAssertEqual(first.state.trials.map(\.state), [.done, .training])
            // The folder is held while its runner lives; a second writer is refused.
            XCTAssertThrowsError(try SearchRunner.resume(split.folder)) { XCTAssertTrue("\($0)".contains("search"), "\($0)") }
        }()
        let resumed = try Self.resumeWhenReleased(split.folder)
        XCTAssertTrue(try resumed.run(on: Self.executor(resumed)) { _ in })
        XCTAssertEqual(try Self.comparable(split.folder), try Self.comparable(whole.folder))
        // The interrupted trial was resumed in its own folder, not started again.
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: split.folder).filter { $0.contains("-trial-") }).count, 4)
    }

    /// ASHA trains a promoted trial in stages; its metrics equal one uninterrupted run of the same config.
    func testASHAStagesEqualOneUninterruptedRun() throws {
        let f = try Self.files("base: x\nmethod: asha\ntrials: 3\nseed: 2\nspace:\n  optimizer.lr: {log_uniform: [1.0e-4, 1.0e-2]}\nasha: {min_epochs: 1, max_epochs: 3, reduction: 3}\n")
        let runner = try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: nil, folder: f.folder)
        XCTAssertTrue(try runner.run(on: Self.executor(runner)) { _ in })
        let states = runner.state.trials.map(\.state)
        XCTAssertEqual(states.filter { $0 == .done }.count, 1)
        XCTAssertEqual(states.filter { $0 == .stopped }.count, 2)
        let winner = try XCTUnwrap(runner.state.trials.first { $0.state == .done })
        XCTAssertEqual(winner.epochs, 3)
        // The promoted trial was the best of rung 1.
        XCTAssertEqual(winner.validationAccuracy[0], runner.state.trials.map { $0.validationAccuracy[0] }.max())
        let loser = try XCTUnwrap(runner.state.trials.first { $0.state == .stopped })
        let loserEvents = try TinyRun.read(f.folder + "/" + (loser.run ?? "") + "/events.log")
        XCTAssertTrue(loserEvents.contains("stopped after epoch 1: asha: rung 1 of 2"), loserEvents)
        XCTAssertEqual(try RunListing.load(f.folder + "/" + (loser.run ?? "")).summary?.state, .stopped)

        let reference = try TrainingRun(config: runner.plan.config(for: winner.settings), root: TinyRun.root())
        try reference.run { _ in }
        XCTAssertEqual(try TinyRun.read(f.folder + "/" + (winner.run ?? "") + "/metrics.csv"), try TinyRun.read(reference.record.directory + "/metrics.csv"))
    }

    /// PBT's exploit copies the donor's weights: the member's next epoch starts from them, recorded in its events.log.
    func testPBTCopiesWeightsAndRecordsLineage() throws {
        let f = try Self.files("base: x\nmethod: pbt\nseed: 4\nspace:\n  optimizer.lr: {log_uniform: [1.0e-4, 1.0e-2]}\npbt: {population: 2, interval_epochs: 1, quantile: 0.5}\n")
        let runner = try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: nil, folder: f.folder)
        XCTAssertTrue(try runner.run(on: Self.executor(runner)) { _ in })
        XCTAssertEqual(runner.state.lineage.count, 1)
        let e = runner.state.lineage[0]
        XCTAssertTrue(e.applied)
        let member = f.folder + "/" + (runner.state.trials[e.member].run ?? "")
        let events = try TinyRun.read(member + "/events.log")
        XCTAssertTrue(events.contains("weights and optimizer state of \(runner.state.trials[e.donor].run ?? "?") at epoch 1"), events)
        // The explore step is a live change, recorded as one, at the first batch after the copy.
        XCTAssertTrue(events.contains("lr ") && events.contains("-> \(Float(e.to[0].value) ?? -1)"), events)
        XCTAssertEqual(try RunListing.load(member).tunedConfig.optimizer.lr, Double(e.to[0].value) ?? -1, accuracy: 1e-8)
        XCTAssertTrue(try TinyRun.read(f.folder + "/leaderboard.md").contains("## PBT lineage"))
    }

    /// `--trials` over a spec's own `trials:` holds on resume too.
    func testTrialsAskedOnTheCommandLineSurviveAResume() throws {
        let f = try Self.files("base: x\nmethod: random\ntrials: 5\nspace: {dropout: {uniform: [0.0, 0.5]}}\n")
        XCTAssertEqual(try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: 2, folder: f.folder).plan.trialCount, 2)
        let resumed = try Self.resumeWhenReleased(f.folder)
        XCTAssertEqual(resumed.plan.trialCount, 2)
        XCTAssertTrue(try resumed.run(on: Self.executor(resumed)) { _ in })
        XCTAssertEqual(resumed.state.trials.count, 2)
    }

    func testASecondSearchIntoTheSameFolderIsRefused() throws {
        let f = try Self.files(Self.grid)
        let first = try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: 1, folder: f.folder)
        XCTAssertTrue(try first.run(on: Self.executor(first)) { _ in })
        XCTAssertThrowsError(try SearchRunner.start(specPath: f.spec, basePath: f.base, overrides: [], trials: 1, folder: f.folder)) {
            XCTAssertTrue("\($0)".contains("holds a search already"), "\($0)")
        }
    }

    /// The runner's lock is released when it is freed; ARC may free it a little after its last use.
    static func resumeWhenReleased(_ folder: String) throws -> SearchRunner {
        for _ in 0..<50 {
            if let r = try? SearchRunner.resume(folder) { return r }
            usleep(20_000)
        }
        return try SearchRunner.resume(folder)
    }
}
