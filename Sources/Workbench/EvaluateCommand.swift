import ArgumentParser
import Experiments
import Foundation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Re-compute a run's test metrics from its checkpoint.",
        discussion: "The predictions go beside the run's own predictions.csv, never over it, as predictions-evaluate-<time>.csv; events.log notes the evaluation. A run without a checkpoint (stopped in its first epoch) is refused.")

    @Argument(help: "A run folder, runs/<id>.")
    var runDirectory: String

    func run() throws {
        let (m, path) = try TrainingRun.forEvaluation(runDirectory).reevaluate()
        let ci = Statistics.wilson(successes: m.correct, trials: m.total)
        print(String(format: "test accuracy %.4f (%d/%d; Wilson 95%% interval %.4f-%.4f)", m.accuracy, m.correct, m.total, ci.low, ci.high))
        print("confusion (rows true, columns predicted): " + m.classNames.joined(separator: ", "))
        for (name, row) in zip(m.classNames, m.counts) {
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0) + row.map { String(format: "%6d", $0) }.joined())
        }
        for (i, name) in m.classNames.enumerated() {
            print(String(format: "%@: precision %.3f recall %.3f f1 %.3f", name, m.precision(i), m.recall(i), m.f1(i)))
        }
        print("predictions written to \(path) (the run's own predictions.csv is unchanged)")
    }
}
