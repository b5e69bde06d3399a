import XCTest
@testable import Experiments

/// Against scipy 1.17 on fixed inputs (the calls are in each comment).
final class PairedTestsTests: XCTestCase {
    func testStudentTQuantilesAndCDF() {
        // stats.t.ppf(0.975, df)
        let expected: [(Double, Double)] = [(1, 12.706204736174694), (2, 4.302652729749462), (4, 2.7764451051977934),
                                            (5, 2.5705818356363146), (9, 2.262157162798205), (30, 2.0422724563012378)]
        for (df, q) in expected { XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: df), q, accuracy: 1e-9, "df \(df)") }
        // stats.t.cdf(2.3, 5), stats.t.cdf(-1.1, 3)
        XCTAssertEqual(StudentT.cdf(2.3, degreesOfFreedom: 5), 0.9651137653339813, accuracy: 1e-12)
        XCTAssertEqual(StudentT.cdf(-1.1, degreesOfFreedom: 3), 0.17584159746732558, accuracy: 1e-12)
    }

    func testMeanIntervalAcrossRuns() throws {
        // m ± stats.t.ppf(0.975, 2) * s / sqrt(3) for [0.76, 0.81, 0.79]
        let i = try XCTUnwrap(StudentT.meanInterval([0.76, 0.81, 0.79]))
        XCTAssertEqual(i.low, 0.7241505718729089, accuracy: 1e-9)
        XCTAssertEqual(i.high, 0.8491827614604246, accuracy: 1e-9)
        XCTAssertNil(StudentT.meanInterval([0.5]))
    }

    func testMcNemarExact() {
        // stats.binomtest(min(b, c), b + c, 0.5).pvalue
        for (b, c, p) in [(3, 12, 0.03515625), (10, 10, 1.0), (0, 5, 0.0625), (25, 40, 0.08168153394154003)] {
            let labels = [Int](repeating: 1, count: b + c)
            let first = [Int](repeating: 1, count: b) + [Int](repeating: 0, count: c)
            let second = [Int](repeating: 0, count: b) + [Int](repeating: 1, count: c)
            let r = PairedTests.mcnemar(labels: labels + [0], first: first + [0], second: second + [0])
            XCTAssertEqual(r.onlyFirstCorrect, b)
            XCTAssertEqual(r.onlySecondCorrect, c)
            XCTAssertEqual(r.pValue, p, accuracy: 1e-12)
        }
        XCTAssertEqual(PairedTests.exactBinomialTwoSided(900, 2000), 8.45708953550381e-06, accuracy: 1e-14, "stays finite for large n")
    }

    func testFiveByTwoCV() {
        // t = p[0,0] / sqrt(mean s_i^2); p = 2 * stats.t.sf(|t|, 5)
        let r = PairedTests.fiveByTwo([[0.05, 0.02], [0.03, 0.06], [0.01, 0.04], [0.07, 0.03], [0.02, 0.05]])
        XCTAssertEqual(r.t, 2.192645048267573, accuracy: 1e-9)
        XCTAssertEqual(r.pValue, 0.07983012632564235, accuracy: 1e-9)
    }
}

final class RepeatSummaryTests: XCTestCase {
    private func summary(_ id: String, test: Double, best: Double) -> RunSummary {
        var s = RunSummary(runID: id, preset: "p", seed: 1, dataFingerprint: "f", state: .done, epochsCompleted: 2, epochsPlanned: 2,
                           finalValidationAccuracy: best, bestValidationAccuracy: best, bestValidationEpoch: 2, trainImagesPerSecond: nil)
        s.testAccuracy = test
        return s
    }

    func testTwoRepeatsGiveTheStudentTIntervalOfTheirMean() {
        let lines = RepeatSummary.lines([summary("a", test: 0.78, best: 0.80), summary("b", test: 0.82, best: 0.84)])
        XCTAssertEqual(lines.first, "across the 2 runs (a, b):")
        // mean 0.80, s = 0.02828, t(0.975, 1) = 12.706: half-width 0.2541 (scipy.stats.t.interval).
        XCTAssertTrue(lines[1].contains("test accuracy: mean 0.8000, 95% Student-t interval of the mean 0.5459-1.0541 (n=2, t=12.706"), lines[1])
        XCTAssertEqual(RepeatSummary.lines([summary("a", test: 0.8, best: 0.8)]), [], "one run has no interval across runs")
    }
}
