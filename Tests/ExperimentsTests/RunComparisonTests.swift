import XCTest
@testable import Experiments

/// What `compare A B` and the Runs screen say of two runs: the favoured run and the sentence, from one place.
final class RunComparisonTests: XCTestCase {
    private func comparison(onlyFirst b: Int, onlySecond c: Int) -> RunComparison {
        func side(_ dir: String) -> RunComparison.Side {
            RunComparison.Side(directory: dir, preset: "p", accuracy: 0.5, interval: Interval(low: 0.4, high: 0.6), correct: 50)
        }
        let p = PairedTests.exactBinomialTwoSided(min(b, c), b + c)
        return RunComparison(first: side("runs/a"), second: side("runs/b"), testImages: 100,
                             mcnemar: PairedTests.McNemar(onlyFirstCorrect: b, onlySecondCorrect: c, pValue: p))
    }

    func testTheVerdictNamesTheFavouredRunOnlyWhenSignificant() {
        let forSecond = comparison(onlyFirst: 2, onlySecond: 15)
        XCTAssertEqual(forSecond.better?.directory, "runs/b")
        XCTAssertEqual(forSecond.verdict(), String(format: "p = %.3g: ", forSecond.mcnemar.pValue) + "the difference is significant at the 5 % level: B is better")
        XCTAssertTrue(comparison(onlyFirst: 15, onlySecond: 2).verdict(first: "vgg16-v2 #1", second: "v1").hasSuffix(": vgg16-v2 #1 is better"))
        let close = comparison(onlyFirst: 8, onlySecond: 4)
        XCTAssertNil(close.better)
        XCTAssertTrue(close.verdict().hasSuffix(": no significant difference at the 5 % level"), close.verdict())
    }
}
