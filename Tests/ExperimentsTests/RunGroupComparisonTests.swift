import XCTest
@testable import Experiments

/// `workbench compare --group ... --vs ...`: paired over shared seeds, Welch otherwise, and which one it says.
final class RunGroupComparisonTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func load(_ dirs: [String]) throws -> [RunListing] { try dirs.map(RunListing.load) }

    /// Group A (lr 0.001) gets 18/20 right in each of runs 1-3 and has a run 4; group B (lr 0.01) 12, 13, 13 in runs 1-3.
    private func sharedSeeds() throws -> (a: [String], b: [String]) {
        let (ca, cb) = (try RunGroupFixture.config(runs: 4), try RunGroupFixture.config(lr: 0.01, runs: 3))
        let a = try (1...4).map { try RunGroupFixture.run(root, "a\($0)", ca, index: $0, accuracy: [0.8], loss: [0.5], wrong: RunGroupFixture.first(2)) }
        let b = try [8, 7, 7].enumerated().map { i, wrong in
            try RunGroupFixture.run(root, "b\(i + 1)", cb, index: i + 1, accuracy: [0.6], loss: [0.9], wrong: RunGroupFixture.first(wrong))
        }
        return (a, b)
    }

    func testGroupsSharingSeedsArePairedWithATIntervalAndMcNemarPerPair() throws {
        let (a, b) = try sharedSeeds()
        let c = try RunGroupComparison.compare(load(a), load(b))
        guard case .paired(let contrast) = c.test else { return XCTFail("expected a paired test, got \(c.test)") }
        XCTAssertEqual(contrast.pairs.map(\.runIndex), [1, 2, 3])
        // Differences 0.30, 0.25, 0.25: mean 0.266667, s = 0.028868, half-width 4.302653 * 0.028868 / sqrt(3) = 0.071711.
        XCTAssertEqual(contrast.meanDifference, 0.266667, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(contrast.interval).low, 0.194956, accuracy: 1e-6)
        // Pair 1: only A right on 6 images, p = 2 * 0.5^6 = 0.03125; pairs 2 and 3: 5 images, p = 0.0625.
        for (pair, p) in zip(contrast.pairs, [0.03125, 0.0625, 0.0625]) { XCTAssertEqual(pair.mcnemar.pValue, p, accuracy: 1e-12) }
        XCTAssertEqual(c.unpaired, [root + "/a4"])
        XCTAssertTrue(c.reason.hasPrefix("paired: the groups share 3 seeds"), c.reason)
        XCTAssertTrue(c.reason.hasSuffix("1 run without a partner left out"), c.reason)
        XCTAssertEqual(c.verdict(), "A beats B by 26.7 points (95 % t interval +19.5..+33.8 over 3 paired seeds); McNemar p<0.05 in 1 of 3 pairs, each for A")
        XCTAssertEqual(try RunGroupComparison.compare(load(b), load(a)).verdict(first: "lr 0.01", second: "lr 0.001"),
                       "lr 0.001 beats lr 0.01 by 26.7 points (95 % t interval +19.5..+33.8 over 3 paired seeds); McNemar p<0.05 in 1 of 3 pairs, each for lr 0.001")
    }

    func testGroupsWithoutSharedSeedsGetWelchsTestAndSaySo() throws {
        // A: 16, 17, 18 of 20 on data seed 7; B: 10, 11, 12 on data seed 9 (scipy ttest_ind(equal_var=False): t = 7.348469, df = 4, p = 0.001826).
        let (ca, cb) = (try RunGroupFixture.config(runs: 3), try RunGroupFixture.config(lr: 0.01, seed: 9, runs: 3))
        let a = try [4, 3, 2].enumerated().map { try RunGroupFixture.run(root, "a\($0 + 1)", ca, index: $0 + 1, accuracy: [0.8], loss: [0.5], wrong: RunGroupFixture.first($1)) }
        let b = try [10, 9, 8].enumerated().map { try RunGroupFixture.run(root, "b\($0 + 1)", cb, index: $0 + 1, accuracy: [0.5], loss: [0.9], wrong: RunGroupFixture.first($1)) }
        let c = try RunGroupComparison.compare(load(a), load(b))
        guard case .welch(let w) = c.test else { return XCTFail("expected Welch's test, got \(c.test)") }
        XCTAssertEqual(w.t, 7.348469, accuracy: 1e-6)
        XCTAssertEqual(w.degreesOfFreedom, 4, accuracy: 1e-9)
        XCTAssertEqual(w.pValue, 0.001826, accuracy: 1e-6)
        XCTAssertEqual(w.interval.low, 0.186652, accuracy: 1e-6)
        XCTAssertEqual(c.reason, "unpaired, Welch's t-test: the groups share no seed (data seed and run index), so no run has a partner")
        XCTAssertEqual(c.verdict(), "A beats B by 30.0 points in mean test accuracy (Welch 95 % interval +18.7..+41.3, t = 7.35, df = 4.0, p = 0.00183; 3 and 3 runs)")
    }

    func testWelchWithUnequalSpreadsAndSizesMatchesScipy() throws {
        // scipy.stats.ttest_ind([0.8, 0.85, 0.9], [0.6, 0.7], equal_var=False): t = 3.464102, df = 1.684211, p = 0.094148, CI -0.098850..0.498850.
        let w = try XCTUnwrap(WelchTest([0.8, 0.85, 0.9], [0.6, 0.7]))
        XCTAssertEqual(w.t, 3.464102, accuracy: 1e-6)
        XCTAssertEqual(w.degreesOfFreedom, 1.684211, accuracy: 1e-6)
        XCTAssertEqual(w.pValue, 0.094148, accuracy: 1e-6)
        XCTAssertEqual(w.interval.low, -0.098850, accuracy: 1e-6)
        XCTAssertEqual(w.interval.high, 0.498850, accuracy: 1e-6)
        XCTAssertNil(WelchTest([0.8], [0.6, 0.7]), "one value has no spread to test against")
    }

    func testOtherTestImagesAreNeverPairedAndMixedOrTooSmallGroupsAreRefusedByName() throws {
        let (ca, cb) = (try RunGroupFixture.config(runs: 2), try RunGroupFixture.config(lr: 0.01, runs: 2, input: 48))
        let a = try (1...2).map { try RunGroupFixture.run(root, "a\($0)", ca, index: $0, accuracy: [0.8], loss: [0.5], wrong: RunGroupFixture.first($0)) }
        let b = try (1...2).map { try RunGroupFixture.run(root, "b\($0)", cb, index: $0, accuracy: [0.6], loss: [0.9], wrong: RunGroupFixture.first(5 + $0)) }
        let c = try RunGroupComparison.compare(load(a), load(b))
        guard case .welch = c.test else { return XCTFail("other input sizes: other test images, expected Welch, got \(c.test)") }
        XCTAssertTrue(c.reason.contains("tested on different test images"), c.reason)
        XCTAssertTrue(c.verdict().hasPrefix("A beats B by"), c.verdict())

        // Same settings and seeds, but predictions.csv on other images (a split can hold others out): not paired either.
        let c2 = try RunGroupFixture.config(lr: 0.02, runs: 2)
        let other = try (1...2).map { try RunGroupFixture.run(root, "c\($0)", c2, index: $0, accuracy: [0.6], loss: [0.9], wrong: RunGroupFixture.first(4 + $0), otherTestImages: true) }
        let unpaired = try RunGroupComparison.compare(load(a), load(other))
        guard case .welch = unpaired.test else { return XCTFail("other true labels: expected Welch, got \(unpaired.test)") }
        XCTAssertTrue(unpaired.reason.contains("tested on different test images"), unpaired.reason)

        XCTAssertThrowsError(try RunGroupComparison.compare(load([a[0], b[0]]), load([b[1]]))) { error in
            XCTAssertEqual("\(error)", "\(b[0]): is not a repeat of \(a[0]) (group A): its config differs in optimizer.lr, input.height, input.width, not only in the seed")
        }
        XCTAssertThrowsError(try RunGroupComparison.compare(load([a[0]]), load(b))) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(a[0]): group A has 1 finished run(s); "), "\(error)")
            XCTAssertTrue("\(error)".contains("Welch's t-test needs at least two finished runs in each group"), "\(error)")
        }
        XCTAssertThrowsError(try RunGroupComparison.compare(load([a[0]]), load([a[1]]))) { error in
            XCTAssertTrue("\(error)".contains("both groups are one group"), "\(error)")
        }
    }
}
