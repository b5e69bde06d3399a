import ArgumentParser
import Experiments
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset headless, leaving a run record under --out.",
        discussion: """
        Ctrl-C or SIGTERM stops after the current batch; the last epoch's checkpoint stays and `--resume` continues from it. \
        `--resume DIR --epochs N` re-plans the run to N epochs (a finished run is extended, as Keras' initial_epoch does); \
        the run's other settings are its config.yaml's.
        """)

    @Argument(help: "A preset name in experiments/ or a config path (default vgg16-v2).")
    var config: String?

    @OptionGroup var options: ConfigOptions

    @Option(help: "Folder the run records go into.")
    var out = "runs"

    @Option(help: "Continue an interrupted run from its last checkpoint (a runs/<id> folder).")
    var resume: String?

    @Option(help: ArgumentHelp("Also write a TensorBoard event file into this folder as the run trains (see `workbench export tensorboard`).", valueName: "dir"))
    var tensorboard: String?

    func run() throws {
        options.applyThreads()
        if let dir = resume {
            let ignored = [config.map { "a config (\($0))" }, options.profile.map { _ in "--profile" }, options.seed.map { _ in "--seed" },
                           options.data.map { _ in "--data" }, options.overrides.isEmpty ? nil : "--set"].compactMap { $0 }
            guard ignored.isEmpty else {
                throw ValidationError("--resume continues \(dir) with the settings its config.yaml records; \(ignored.joined(separator: ", ")) cannot change them (only --epochs and --threads can)")
            }
            let run = try TrainingRun(resuming: dir, epochs: options.epochs)
            if let change = run.machineChange {
                Console.error("warning: \(dir) was created with other code (\(change)): its metrics from here on will not be bit-identical to an uninterrupted run\n")
            }
            if try HeadlessTraining.run(run, tensorboard: tensorboard).state != .done { throw ExitCode(130) }
            return
        }
        let c = try options.load(config ?? "vgg16-v2")
        var summaries: [RunSummary] = []
        for k in 1...c.runs {
            if c.runs > 1 { print("Run \(k) of \(c.runs)") }
            let summary = try HeadlessTraining.run(try TrainingRun(config: c, root: out, runIndex: k),
                                                   tensorboard: tensorboard.map { c.runs > 1 ? "\($0)/run-\(k)" : $0 })
            if summary.state != .done { throw ExitCode(130) }
            summaries.append(summary)
        }
        RepeatSummary.lines(summaries).forEach { print($0) }
    }
}
