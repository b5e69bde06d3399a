import ArgumentParser
import Experiments
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two finished runs on their shared test set with McNemar's exact test.")

    @Argument(help: "The first run folder, runs/<id>.")
    var first: String

    @Argument(help: "The second run folder.")
    var second: String

    func run() throws {
        let c = try RunComparison.compare(first, second)
        for (label, s) in [("A", c.first), ("B", c.second)] {
            print(String(format: "%@: %@ (%@) test accuracy %.4f, %d/%d, Wilson 95%% interval %.4f-%.4f",
                         label, s.directory, s.preset, s.accuracy, s.correct, c.testImages, s.interval.low, s.interval.high))
        }
        let m = c.mcnemar
        print("McNemar's exact test on \(c.testImages) paired test predictions: only A right on \(m.onlyFirstCorrect), only B right on \(m.onlySecondCorrect)")
        let verdict: String
        if m.pValue < 0.05 {
            verdict = "the difference is significant at the 5 % level: \(m.onlyFirstCorrect > m.onlySecondCorrect ? "A" : "B") is better"
        } else {
            verdict = "no significant difference at the 5 % level"
        }
        print(String(format: "p = %.3g: %@", m.pValue, verdict))
    }
}
