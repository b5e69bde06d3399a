import XCTest
@testable import Experiments

final class StatisticsTests: XCTestCase {
    func testWilsonIntervalMatchesPublishedValues() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553-0.3662;
        // 0/10 -> 0-0.2775 (the upper bound the normal approximation gets wrong).
        let a = Statistics.wilson(successes: 81, trials: 263)
        XCTAssertEqual(a.low, 0.2553, accuracy: 5e-5)
        XCTAssertEqual(a.high, 0.3662, accuracy: 5e-5)
        let b = Statistics.wilson(successes: 0, trials: 10)
        XCTAssertEqual(b.low, 0, accuracy: 1e-12)
        XCTAssertEqual(b.high, 0.2775, accuracy: 5e-5)
    }

    func testConfusionMatrixFigures() {
        let m = ConfusionMatrix(classNames: ["a", "b"], labels: [0, 0, 0, 1, 1], predictions: [0, 0, 1, 1, 0])
        XCTAssertEqual(m.counts, [[2, 1], [1, 1]])
        XCTAssertEqual(m.accuracy, 0.6, accuracy: 1e-12)
        XCTAssertEqual(m.precision(0), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m.recall(1), 0.5, accuracy: 1e-12)
        XCTAssertEqual(m.f1(0), 2.0 / 3, accuracy: 1e-12)
    }
}
