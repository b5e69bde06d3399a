import ArgumentParser
import Experiments

extension RunsCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What differs between two runs' configs, what makes each the repeat it is (index, seeds, data, machine), and the live changes each recorded.")

        @Argument(help: "Two run folders (runs/<id>).")
        var first: String

        @Argument var second: String

        func run() throws {
            let d = try RunDiff(RunListing.load(first), RunListing.load(second))
            for (label, run) in [("A", d.first), ("B", d.second)] {
                print("\(label): \(run.directory) (\(run.config.preset), \(run.state.rawValue)" + (run.annotations.name.map { ", \"\($0)\"" } ?? "") + ")")
            }
            let width = (d.settings + d.identity).map(\.key.count).max() ?? 0
            func line(_ r: RunDiff.Row) -> String {
                let (a, b) = (r.first ?? "(not set)", r.second ?? "(not set)")
                return "  " + r.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (r.differs ? "\(a) -> \(b)" : "\(a) (both)")
            }
            print(d.settings.isEmpty ? "settings: the same" : "settings that differ (A -> B):")
            d.settings.forEach { print(line($0)) }
            print("the runs:")
            d.identity.forEach { print(line($0)) }
            for (label, run) in [("A", d.first), ("B", d.second)] {
                print("live changes of \(label):" + (run.changes.isEmpty ? " none" : ""))
                run.changes.forEach { print("  " + $0.logText) }
            }
        }
    }
}
