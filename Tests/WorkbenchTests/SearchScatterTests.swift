import Charts
import Experiments
import Foundation
import XCTest
@testable import Workbench

final class SearchScatterTests: XCTestCase {
    /// One dot per trial at its value on the searched range (log for log_uniform); a named choice as best and mean per value.
    func testDotsSitAtTheirValuesOnTheSearchedRange() throws {
        let spec = try SearchSpec.parse("base: x\nmethod: random\ntrials: 3\nspace:\n  optimizer.lr: {log_uniform: [1.0e-4, 1.0e-1]}\n  optimizer.kind: {choice: [adam, sgd]}", file: "s")
        let trials = [("0.0001", "adam", 0.5), ("0.01", "adam", 0.9), ("0.1", "sgd", 0.7)].enumerated().map { i, t -> SearchTrial in
            var trial = SearchTrial(index: i, settings: [SearchSetting(key: "optimizer.lr", value: t.0), SearchSetting(key: "optimizer.kind", value: t.1)])
            trial.validationAccuracy = [t.2]
            return trial
        }
        let text = SearchScatter.describe(spec, trials, width: 68, glyphs: Glyphs(unicode: false))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0].trimmingCharacters(in: .whitespaces), "best val accuracy against optimizer.lr")
        // The plot is 60 columns from column 8; 1e-2 is two thirds along a log axis from 1e-4 to 1e-1.
        let plot = lines[1...9].map { Array($0) }
        func column(ofDotIn row: [Character]) -> Int? { row.firstIndex(of: "*").map { $0 - 8 } }
        XCTAssertEqual(column(ofDotIn: plot[0]), 39, text)      // 0.9, the top row: round(2/3 * 59)
        XCTAssertEqual(column(ofDotIn: plot[8]), 0, text)       // 0.5, the bottom row, at 1e-4
        XCTAssertEqual(plot.compactMap(column(ofDotIn:)).sorted(), [0, 39, 59], text)
        XCTAssertEqual(lines.last, "best val accuracy by optimizer.kind: adam best 0.9000, mean 0.7000 over 2 trials; sgd best 0.7000, mean 0.7000 over 1 trial")
    }
}
