import XCTest
@testable import Experiments

/// Groups of runs over seeds: who belongs, and the figures, worked out by hand
/// (and checked against scipy.stats: t.ppf(0.975, 2) = 4.302653, t.ppf(0.975, 1) = 12.706205).
final class RunGroupTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// Three runs of one config (two repeats of `runs: 2`, one started with --seed 8 and `runs: 1`),
    /// one with another lr, one tuned live: only the three are a group.
    private func runs() throws -> [RunListing] {
        let base = try RunGroupFixture.config(runs: 2)
        try RunGroupFixture.run(root, "2026-01-01T00-00-01-a", base, index: 1, accuracy: [0.5, 0.6, 0.7], loss: [1.2, 0.8, 0.6], wrong: RunGroupFixture.first(4))
        // Stopped early after two epochs.
        try RunGroupFixture.run(root, "2026-01-01T00-00-02-a", base, index: 2, accuracy: [0.6, 0.8], loss: [1.0, 0.7], wrong: RunGroupFixture.first(3))
        try RunGroupFixture.run(root, "2026-01-01T00-00-03-a", RunGroupFixture.config(seed: 8), index: 1, accuracy: [0.7, 0.7, 0.9], loss: [0.8, 0.6, 0.4],
                                wrong: RunGroupFixture.first(2))
        try RunGroupFixture.run(root, "2026-01-01T00-00-04-b", RunGroupFixture.config(lr: 0.01), accuracy: [0.4], loss: [2], wrong: nil)
        try RunGroupFixture.run(root, "2026-01-01T00-00-05-a", base, index: 3, accuracy: [0.9], loss: [0.1], wrong: nil,
                                eventsLog: "2026-01-01T00:00:05Z epoch 1 batch 2/8 lr 0.001 -> 0.0002\n")
        let (runs, problems) = RunListing.scan(root)
        XCTAssertEqual(problems, [])
        return runs
    }

    func testRepeatsAndOtherSeedsFormAGroupButOtherSettingsAndLiveTunedRunsDoNot() throws {
        let all = try runs()
        let groups = RunGroup.groups(of: all)
        XCTAssertEqual(groups.count, 1)
        let g = try XCTUnwrap(groups.first)
        // Ordered by data seed, then run index.
        XCTAssertEqual(g.runs.map(\.id), ["2026-01-01T00-00-01-a", "2026-01-01T00-00-02-a", "2026-01-01T00-00-03-a"])
        XCTAssertEqual(g.id, "group:2026-01-01T00-00-01-a")
        let tuned = try XCTUnwrap(all.first { $0.id.hasSuffix("05-a") })
        XCTAssertTrue(tuned.isTunedLive)
        XCTAssertNil(RunGroup.group(of: tuned, among: all))
        XCTAssertNil(RunGroup.group(of: try XCTUnwrap(all.first { $0.id.hasSuffix("04-b") }), among: all), "alone in its config: no group")
        XCTAssertEqual(RunGroup.group(of: g.runs[2], among: all)?.runs.map(\.id), g.runs.map(\.id))
        XCTAssertNil(RunGroup(Array(g.runs.prefix(1))), "one run is not a group")
    }

    func testMeanTestAccuracyAndPerEpochCurvesCarryStudentTIntervals() throws {
        let g = try XCTUnwrap(RunGroup.groups(of: try runs()).first)
        // Test accuracies 16/20, 17/20, 18/20: mean 0.85, s = 0.05, half-width 4.302653 * 0.05 / sqrt(3) = 0.124207.
        let test = try XCTUnwrap(g.test)
        XCTAssertEqual(test.n, 3)
        XCTAssertEqual(test.mean, 0.85, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(test.interval).low, 0.725793, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(test.interval).high, 0.974207, accuracy: 1e-6)
        XCTAssertEqual(g.bestValidation?.mean ?? 0, (0.7 + 0.8 + 0.9) / 3, accuracy: 1e-12)

        XCTAssertEqual(g.validation.map(\.epoch), [1, 2, 3])
        // Epoch 1: 0.5, 0.6, 0.7: mean 0.6, s = 0.1, half-width 0.248414.
        let e1 = g.validation[0].accuracy
        XCTAssertEqual(e1.mean, 0.6, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(e1.interval).low, 0.351586, accuracy: 1e-6)
        // Loss at epoch 1: 1.2, 1.0, 0.8: mean 1.0, s = 0.2, half-width 0.496828.
        XCTAssertEqual(try XCTUnwrap(g.validation[0].loss.interval).high, 1.496828, accuracy: 1e-6)
        // Epoch 3: the run stopped after two epochs is not in it: 0.7, 0.9 (n = 2): mean 0.8, half-width 12.706205 * 0.1414214 / sqrt(2) = 1.270620.
        let e3 = g.validation[2].accuracy
        XCTAssertEqual(e3.n, 2)
        XCTAssertEqual(e3.mean, 0.8, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(e3.interval).high, 2.070620, accuracy: 1e-6)
        XCTAssertEqual(g.accuracyCurve.map(\.y), g.validation.map(\.accuracy.mean))
        XCTAssertEqual(g.accuracyBand.map(\.x), [1, 2, 3])
    }

    func testAnEpochOnlyOneRunReachedHasAMeanButNoInterval() throws {
        let c = try RunGroupFixture.config()
        try RunGroupFixture.run(root, "r1", c, index: 1, accuracy: [0.5, 0.6], loss: [1, 0.9], wrong: nil)
        try RunGroupFixture.run(root, "r2", c, index: 2, accuracy: [0.7], loss: [0.8], wrong: nil)
        let g = try XCTUnwrap(RunGroup.groups(of: RunListing.scan(root).runs).first)
        XCTAssertNil(g.test, "no run finished")
        XCTAssertEqual(g.validation.map(\.accuracy.n), [2, 1])
        XCTAssertNil(g.validation[1].accuracy.interval)
        XCTAssertEqual(g.accuracyCurve[0].y, 0.6, accuracy: 1e-12)
        XCTAssertEqual(g.accuracyCurve[1].y, 0.6, accuracy: 1e-12)
        XCTAssertEqual(g.accuracyBand.map(\.x), [1], "the band ends where one run is left")
    }
}
