import XCTest
@testable import Experiments

/// The schedulers on fixed fake results: no training, every decision checked.
final class SearchSchedulerTests: XCTestCase {
    func testASHARungs() {
        XCTAssertEqual(SearchScheduler.rungs(.init(minEpochs: 2, maxEpochs: 20, reduction: 3)), [2, 6, 20])
        XCTAssertEqual(SearchScheduler.rungs(.init(minEpochs: 1, maxEpochs: 9, reduction: 3)), [1, 3, 9])
        XCTAssertEqual(SearchScheduler.rungs(.init(minEpochs: 1, maxEpochs: 8, reduction: 2)), [1, 2, 4, 8])
        XCTAssertEqual(SearchScheduler.rungs(.init(minEpochs: 3, maxEpochs: 5, reduction: 3)), [5])
    }

    /// Nine trials, rungs at epochs 1, 3 and 9, reduction 3; trial i's validation
    /// accuracy after epoch e is base[i] + 0.01 e. Worked by hand (Li et al.'s
    /// get_job, the highest rung first): a trial goes up once it is in the top
    /// third of its rung, judged on the trials that reached the rung so far.
    func testASHAPromotesAsWorkedByHand() throws {
        let base = [0.50, 0.80, 0.60, 0.90, 0.55, 0.70, 0.65, 0.85, 0.40]
        let spec = try SearchSpec.parse("base: x\nmethod: asha\ntrials: 9\nspace: {dropout: {uniform: [0, 0.5]}}\nasha: {min_epochs: 1, max_epochs: 9, reduction: 3}", file: "s")
        let scheduler = SearchScheduler(spec: spec, trialCount: 9, epochs: 9, newSettings: { [SearchSetting(key: "dropout", value: "0.\($0)")] })
        var state = SearchState()
        var jobs: [[Int]] = []
        while case .train(let job) = scheduler.next(&state) {
            jobs.append([job.trial, job.untilEpoch])
            var t = state.trials[job.trial]
            t.epochs = job.untilEpoch
            t.validationAccuracy = (1...job.untilEpoch).map { base[job.trial] + 0.01 * Double($0) }
            t.state = job.untilEpoch == 9 ? .done : .waiting
            state.trials[job.trial] = t
        }
        XCTAssertEqual(jobs, [[0, 1], [1, 1], [2, 1], [1, 3], [3, 1], [3, 3], [4, 1], [5, 1], [6, 1], [7, 1], [7, 3], [3, 9], [8, 1]])
        XCTAssertTrue(state.finished)
        XCTAssertEqual(state.trials.map(\.state), [.stopped, .stopped, .stopped, .done, .stopped, .stopped, .stopped, .stopped, .stopped])
        XCTAssertEqual(state.trials[1].note, "asha: stopped at rung 2 of 3 (epoch 3), not in its top 1/3")
        XCTAssertEqual(state.trials[0].note, "asha: stopped at rung 1 of 3 (epoch 1), not in its top 1/3")
        XCTAssertEqual(scheduler.next(&state), .finished)
    }

    /// While a trial trains elsewhere and nothing can be promoted or started, the scheduler waits.
    func testASHAWaitsForATrainingTrialAtTheEnd() throws {
        let spec = try SearchSpec.parse("base: x\nmethod: asha\ntrials: 1\nspace: {dropout: {uniform: [0, 0.5]}}\nasha: {min_epochs: 1, max_epochs: 3}", file: "s")
        let scheduler = SearchScheduler(spec: spec, trialCount: 1, epochs: 3, newSettings: { _ in [] })
        var state = SearchState()
        guard case .train = scheduler.next(&state) else { return XCTFail("expected a first job") }
        state.trials[0].state = .training
        XCTAssertEqual(scheduler.next(&state), .wait)
    }

    /// Four members, generations of 2 epochs over 6, quantile 0.25: after each
    /// generation the worst member takes the best one's weights and its values times 0.8 or 1.25.
    func testPBTExploitsTheBottomAndExploresAroundTheTop() throws {
        let spec = try SearchSpec.parse("""
        base: x
        method: pbt
        seed: 3
        space:
          optimizer.lr: {log_uniform: [1.0e-4, 1.0e-1]}
          dropout: {uniform: [0.0, 0.5]}
        pbt: {population: 4, interval_epochs: 2, quantile: 0.25, perturb: [0.8, 1.25]}
        """, file: "s")
        let initial = [["0.001", "0.1"], ["0.01", "0.2"], ["0.002", "0.3"], ["0.005", "0.4"]]
        let scheduler = SearchScheduler(spec: spec, trialCount: 4, epochs: 6, newSettings: { i in
            [SearchSetting(key: "optimizer.lr", value: initial[i][0]), SearchSetting(key: "dropout", value: initial[i][1])]
        })
        // Each member's accuracy grows from its "quality"; an exploited member takes its donor's.
        var quality = [0.5, 0.8, 0.6, 0.7]
        var state = SearchState()
        var log: [String] = []
        loop: while true {
            switch scheduler.next(&state) {
            case .train(let job):
                log.append("train \(job.trial) to \(job.untilEpoch)" + (job.changes.isEmpty ? "" : " with changes"))
                var t = state.trials[job.trial]
                if !job.changes.isEmpty { t.settings = job.changes }
                for e in (t.epochs + 1)...job.untilEpoch { t.validationAccuracy.append(quality[job.trial] + 0.01 * Double(e)) }
                t.epochs = job.untilEpoch
                t.state = job.untilEpoch == 6 ? .done : .waiting
                state.trials[job.trial] = t
            case .adopt(let i):
                let e = state.lineage[i]
                log.append("adopt \(e.member) from \(e.donor) at \(e.epoch)")
                quality[e.member] = quality[e.donor]
                state.lineage[i].applied = true
            case .wait: return XCTFail("nothing trains elsewhere")
            case .finished: break loop
            }
        }
        XCTAssertEqual(log, ["train 0 to 2", "train 1 to 2", "train 2 to 2", "train 3 to 2",
                             "adopt 0 from 1 at 2",
                             "train 0 to 4 with changes", "train 1 to 4", "train 2 to 4", "train 3 to 4",
                             // At epoch 4 member 0 ties member 1 (both 0.84) and ranks first by index; member 2 is the worst.
                             "adopt 2 from 0 at 4",
                             "train 0 to 6", "train 1 to 6", "train 2 to 6 with changes", "train 3 to 6"])
        XCTAssertEqual(state.lineage.map { [$0.generation, $0.epoch, $0.member, $0.donor] }, [[1, 2, 0, 1], [2, 4, 2, 0]])
        for e in state.lineage {
            for (from, to) in zip(e.from, e.to) {
                let (f, t) = (Double(from.value)!, Double(to.value)!)
                let range = from.key == "dropout" ? 0.0...0.5 : 1e-4...1e-1
                let candidates = [f * 0.8, f * 1.25].map { SearchPlan.format(min(max($0, range.lowerBound), range.upperBound)) }
                XCTAssertTrue(candidates.contains(to.value), "\(from) -> \(to)")
                XCTAssertNotEqual(f, t)
            }
        }
        XCTAssertEqual(state.lineage[0].from, [SearchSetting(key: "optimizer.lr", value: "0.01"), SearchSetting(key: "dropout", value: "0.2")])
        XCTAssertEqual(state.trials[0].settings, state.lineage[0].to)
        // The same results give the same decisions: PBT's draws come from the spec's seed and the generation.
        var replay = SearchState()
        replay.trials = state.trials.map { var t = $0; t.validationAccuracy = Array(t.validationAccuracy.prefix(2)); t.epochs = 2; t.state = .waiting; return t }
        replay.trials[0].settings = initial[0].enumerated().map { SearchSetting(key: $0.offset == 0 ? "optimizer.lr" : "dropout", value: $0.element) }
        replay.trials[0].validationAccuracy = [0.51, 0.52]
        XCTAssertEqual(scheduler.next(&replay), .adopt(0))
        XCTAssertEqual(replay.lineage.first?.to, state.lineage.first?.to)
    }
}
