import ArgumentParser
import Experiments
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two finished runs with McNemar's exact test, or two presets with Dietterich's 5x2cv paired t-test.",
        discussion: """
        compare A B: two run folders tested on the same test set. \
        compare --5x2cv PRESET_A PRESET_B: trains each preset ten times (five replications of a 50/50 split, each half once for \
        training and once held out), resumably, then prints the statistic, p-value and a verdict; the result is saved as \
        <out>/5x2cv-A-vs-B.json, where `workbench reproduce` finds it.
        """)

    @Argument(help: "Two run folders (runs/<id>), or with --5x2cv two presets.")
    var first: String

    @Argument var second: String

    @Flag(name: .customLong("5x2cv"), help: "Dietterich's 5x2cv paired t-test of two presets (20 trainings).")
    var fiveByTwo = false

    @OptionGroup var options: ConfigOptions

    @Option(help: "With --5x2cv: folder the trainings go into (and are reused from).")
    var out = "runs"

    func run() throws {
        if fiveByTwo {
            options.applyThreads()
            let record: FiveByTwoRecord
            do {
                record = try FiveByTwoCV.run((first, try options.load(first)), (second, try options.load(second)), out: out, runs: HeadlessTraining.finishedRuns)
            } catch let e as FiveByTwoCV.Incomparable {
                // A mistake in the arguments: shown with the usage, as the parser's own are.
                throw ValidationError(e.description)
            }
            print("held-out accuracy per replication (fold 1, fold 2):")
            for i in 0..<5 {
                print(String(format: "  %d: %@ %.4f %.4f   %@ %.4f %.4f", i + 1, record.first, record.firstAccuracies[i][0], record.firstAccuracies[i][1],
                             record.second, record.secondAccuracies[i][0], record.secondAccuracies[i][1]))
            }
            print("Dietterich's 5x2cv paired t-test: " + record.verdict)
            return
        }
        let c = try RunComparison.compare(first, second)
        for (label, s) in [("A", c.first), ("B", c.second)] {
            print(String(format: "%@: %@ (%@) test accuracy %.4f, %d/%d, Wilson 95%% interval %.4f-%.4f",
                         label, s.directory, s.preset, s.accuracy, s.correct, c.testImages, s.interval.low, s.interval.high))
        }
        let m = c.mcnemar
        print("McNemar's exact test on \(c.testImages) paired test predictions: only A right on \(m.onlyFirstCorrect), only B right on \(m.onlySecondCorrect)")
        print(c.verdict())
    }
}
