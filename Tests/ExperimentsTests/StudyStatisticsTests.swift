import XCTest
@testable import Experiments

/// What `reproduce` concludes over all of a preset's runs: repeat counts, paired
/// contrasts of two presets seed by seed, and the collapse rate.
final class StudyStatisticsTests: XCTestCase {
    func testRepeatCountsSetEveryPresetOrOneAndRefuseWhatIsNotACount() throws {
        let counts = try RepeatCounts(parsing: ["5", "basic-cnn=10", "resnet50=3", "resnet50=4"], known: Study.presets)
        XCTAssertEqual(counts.count(for: "basic-cnn", configured: 1), 10)
        XCTAssertEqual(counts.count(for: "vgg16-v2", configured: 2), 5)
        XCTAssertEqual(counts.count(for: "resnet50", configured: 2), 4, "the later wins")
        XCTAssertEqual(counts.arguments, ["5", "basic-cnn=10", "resnet50=4"])
        XCTAssertEqual(try RepeatCounts(parsing: [], known: Study.presets).count(for: "vgg16-v1", configured: 2), 2, "none given: the config's runs")
        XCTAssertEqual(try RepeatCounts(parsing: ["vgg16-v1=3", "7"], known: Study.presets).count(for: "vgg16-v1", configured: 2), 7,
                       "a later count for every preset replaces the earlier per-preset ones")
        for (bad, says) in [("0", "'0' is not a count"), ("ten", "'ten' is not a count"), ("vgg=3", "'vgg' is not one of the presets"),
                            ("basic-cnn=", "'basic-cnn=' is not a count"), ("a=b=3", "'a=b=3' is not a count")] {
            XCTAssertThrowsError(try RepeatCounts(parsing: [bad], known: Study.presets), bad) { error in
                XCTAssertTrue("\(error)".hasPrefix("--repeats: ") && "\(error)".contains(says), "\(error)")
            }
        }
    }

    private func pair(_ k: Int, _ a: Double, _ b: Double, onlyFirst: Int, onlySecond: Int) -> PresetContrast.Pair {
        PresetContrast.Pair(runIndex: k, first: a, second: b, mcnemar: PairedTests.mcnemar(
            labels: Array(repeating: 0, count: onlyFirst + onlySecond),
            first: Array(repeating: 0, count: onlyFirst) + Array(repeating: 1, count: onlySecond),
            second: Array(repeating: 1, count: onlyFirst) + Array(repeating: 0, count: onlySecond)))
    }

    /// Differences 0.10, 0.12, 0.08: mean 0.10, s = 0.02, t(0.975, 2) = 4.3027, half-width 0.0497.
    func testContrastIntervalAndVerdictAgainstAHandWorkedExample() {
        let clear = PresetContrast(pairs: [pair(1, 0.80, 0.70, onlyFirst: 30, onlySecond: 5), pair(2, 0.82, 0.70, onlyFirst: 40, onlySecond: 6),
                                           pair(3, 0.78, 0.70, onlyFirst: 8, onlySecond: 4)])
        XCTAssertEqual(clear.meanDifference, 0.10, accuracy: 1e-12)
        let i = try! XCTUnwrap(clear.interval)
        XCTAssertEqual(i.low, 0.10 - 0.049682, accuracy: 1e-5)
        XCTAssertEqual(i.high, 0.10 + 0.049682, accuracy: 1e-5)
        XCTAssertEqual(clear.significantForFirst, 2, "30/5 and 40/6 are significant, 8/4 is not")
        XCTAssertEqual(clear.significantForSecond, 0)
        XCTAssertEqual(clear.verdict, .yes)
        XCTAssertEqual(clear.evidence(first: "A", second: "B"),
                       "a difference of +10.0 points in mean test accuracy (t 95 % +5.0 to +15.0) over 3 seed pairs; McNemar significant in 2 of 3, each for A")

        // The same means, but one pair's test favours the other side: mixed evidence.
        let mixed = PresetContrast(pairs: clear.pairs + [pair(4, 0.70, 0.80, onlyFirst: 2, onlySecond: 30), pair(5, 0.90, 0.70, onlyFirst: 50, onlySecond: 0)])
        XCTAssertEqual(mixed.significantForSecond, 1)
        XCTAssertEqual(mixed.verdict, .notClearly)

        let mirrored = PresetContrast(pairs: clear.pairs.map { pair($0.runIndex, $0.second, $0.first, onlyFirst: $0.mcnemar.onlySecondCorrect,
                                                                        onlySecond: $0.mcnemar.onlyFirstCorrect) })
        XCTAssertEqual(mirrored.verdict, .otherWay)
        XCTAssertTrue(mirrored.evidence(first: "A", second: "B").hasSuffix("McNemar significant in 2 of 3, each for B"))

        // An interval through zero is not clearly, whatever the mean.
        let wide = PresetContrast(pairs: [pair(1, 0.9, 0.7, onlyFirst: 3, onlySecond: 1), pair(2, 0.7, 0.72, onlyFirst: 1, onlySecond: 2)])
        XCTAssertEqual(wide.verdict, .notClearly)
    }

    func testOnePairHasNoIntervalAndRestsOnItsMcNemarTest() {
        let significant = PresetContrast(pairs: [pair(1, 0.8, 0.7, onlyFirst: 30, onlySecond: 5)])
        XCTAssertNil(significant.interval)
        XCTAssertEqual(significant.verdict, .yes)
        XCTAssertEqual(PresetContrast(pairs: [pair(1, 0.8, 0.7, onlyFirst: 6, onlySecond: 4)]).verdict, .notClearly)
        XCTAssertEqual(PresetContrast(pairs: []).verdict, .notClearly)
        XCTAssertEqual(significant.evidence(first: "A", second: "B"),
                       "a difference of +10.0 points in mean test accuracy over 1 seed pair; McNemar significant in 1 of 1, each for A")
    }

    func testARunCollapsedWhenOneClassTakesOverNinetyPercentOfItsPredictions() {
        func matrix(_ columns: [Int]) -> ConfusionMatrix {
            // All images of class 0, predicted as the columns say.
            let predictions = columns.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }
            return ConfusionMatrix(classNames: ["dress", "pullover", "shirt"], labels: Array(repeating: 0, count: predictions.count), predictions: predictions)
        }
        XCTAssertEqual(CollapseRate.largestShare(matrix([10, 91, 0])), 91.0 / 101.0, accuracy: 1e-12)
        XCTAssertTrue(CollapseRate.isCollapsed(matrix([5, 91, 4])))
        XCTAssertFalse(CollapseRate.isCollapsed(matrix([5, 90, 5])), "exactly 90 % is not over 90 %")
        XCTAssertEqual(CollapseRate(collapsed: 3, tested: 10, diverged: 0).words, "collapsed in 3 of 10 runs (Wilson 95 % 10.8-60.3 %)")
        XCTAssertEqual(CollapseRate(collapsed: 0, tested: 1, diverged: 2).words,
                       "collapsed in 0 of 1 run (Wilson 95 % 0.0-79.3 %); 2 more stopped on a non-finite loss")
    }
}
