import ArgumentParser
import Experiments
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two finished runs with McNemar's exact test, two groups of seeds, or two presets with Dietterich's 5x2cv paired t-test.",
        discussion: """
        compare A B: two run folders tested on the same test set. \
        compare --groups A B: the group of each run (every repeat of its config, seeds aside, in the folder it is in). \
        compare --group A1 A2 ... --vs B1 B2 ...: two groups given as run folders. Groups that share seeds (data seed and run \
        index) are paired: a Student-t interval of the paired differences and McNemar's test within each pair; groups that share \
        none are compared with Welch's t-test. The output says which test it used and why. \
        compare --5x2cv PRESET_A PRESET_B: trains each preset ten times (five replications of a 50/50 split, each half once for \
        training and once held out), resumably, then prints the statistic, p-value and a verdict; the result is saved as \
        <out>/5x2cv-A-vs-B.json, where `workbench reproduce` finds it.
        """)

    @Argument(help: "Two run folders (runs/<id>), or with --5x2cv two presets.")
    var first: String?

    @Argument var second: String?

    @Flag(help: "Compare the groups the two runs belong to: every repeat of each one's config (seeds aside) in its folder.")
    var groups = false

    @Option(parsing: .upToNextOption, help: "The run folders of group A (with --vs).")
    var group: [String] = []

    @Option(parsing: .upToNextOption, help: "The run folders of group B (with --group).")
    var vs: [String] = []

    @Flag(name: .customLong("5x2cv"), help: "Dietterich's 5x2cv paired t-test of two presets (20 trainings).")
    var fiveByTwo = false

    @OptionGroup var options: ConfigOptions

    @Option(help: "With --5x2cv: folder the trainings go into (and are reused from).")
    var out = "runs"

    func validate() throws {
        let explicit = !group.isEmpty || !vs.isEmpty
        if explicit {
            guard !group.isEmpty, !vs.isEmpty else { throw ValidationError("--group and --vs go together: the run folders of group A and of group B") }
            guard first == nil, !groups, !fiveByTwo else { throw ValidationError("--group A1 A2 ... --vs B1 B2 ... takes no other runs or modes") }
            return
        }
        guard first != nil, second != nil else { throw ValidationError("two run folders are needed (or --group ... --vs ...)") }
        if groups && fiveByTwo { throw ValidationError("--groups and --5x2cv are different comparisons: give one") }
    }

    func run() throws {
        if !group.isEmpty {
            try compareGroups(group.map(RunListing.load), vs.map(RunListing.load))
            return
        }
        guard let first, let second else { return }
        if groups {
            try compareGroups(Self.group(of: first), Self.group(of: second))
            return
        }
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

    /// Every repeat of `folder`'s config among the runs in the folder it is in (itself included).
    static func group(of folder: String) throws -> [RunListing] {
        let run = try RunListing.load(folder)
        let parent = (folder as NSString).deletingLastPathComponent
        return RunGroup.group(of: run, among: RunListing.scan(parent.isEmpty ? "." : parent).runs)?.runs ?? [run]
    }

    private func compareGroups(_ a: [RunListing], _ b: [RunListing]) throws {
        let c = try RunGroupComparison.compare(a, b)
        for (label, runs) in [("A", c.first), ("B", c.second)] {
            let accuracies = runs.compactMap { $0.summary?.testAccuracy }
            var line = "\(label): \(runs[0].config.preset), \(runs.count) run\(runs.count == 1 ? "" : "s") (" + runs.map(\.directory).joined(separator: ", ") + ")"
            if let e = RunGroup.Estimate(accuracies) {
                line += String(format: ": mean test accuracy %.4f", e.mean)
                    + (e.interval.map { String(format: ", 95%% Student-t interval %.4f-%.4f", $0.low, $0.high) } ?? "") + " over \(e.n) finished"
            }
            Console.out(line + "\n")
        }
        Console.out("test: \(c.reason)\n")
        if case .paired(let contrast) = c.test {
            for (pair, dirs) in zip(contrast.pairs, c.pairedRuns) {
                let m = pair.mcnemar
                Console.out(String(format: "  %@ vs %@: %.4f - %.4f = %+.1f points; McNemar only A right %d, only B right %d, p = %.3g\n",
                                   dirs.first, dirs.second, pair.first, pair.second, 100 * pair.difference, m.onlyFirstCorrect, m.onlySecondCorrect, m.pValue))
            }
            if !c.unpaired.isEmpty { Console.out("  left out, no partner: " + c.unpaired.joined(separator: ", ") + "\n") }
        }
        Console.out(c.verdict() + "\n")
    }
}
