import ArgumentParser
import Dispatch
import Experiments
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset headless, leaving a run record under --out.",
        discussion: "Ctrl-C or SIGTERM stops after the current batch; the last epoch's checkpoint stays and `--resume` continues from it.")

    @Argument(help: "A preset name in experiments/ or a config path.")
    var config = "vgg16-v2"

    @OptionGroup var options: ConfigOptions

    @Option(help: "Folder the run records go into.")
    var out = "runs"

    @Option(help: "Continue an interrupted run from its last checkpoint (a runs/<id> folder).")
    var resume: String?

    func run() throws {
        options.applyThreads()
        if let dir = resume {
            try HeadlessTraining.run(try TrainingRun(resuming: dir))
            return
        }
        let c = try options.load(config)
        var summaries: [RunSummary] = []
        for k in 1...c.runs {
            if c.runs > 1 { print("Run \(k) of \(c.runs)") }
            let summary = try HeadlessTraining.run(try TrainingRun(config: c, root: out, runIndex: k))
            if summary.state != .done { throw ExitCode(130) }
            summaries.append(summary)
        }
        RepeatSummary.lines(summaries).forEach { print($0) }
    }
}

/// SIGINT / SIGTERM call `action` once; a second signal exits at once.
final class SignalForwarder {
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "signals")

    init(_ action: @escaping () -> Void) {
        var fired = false
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            s.setEventHandler {
                if fired { exit(130) }
                fired = true
                FileHandle.standardError.write(Data("\nstopping after this batch (again to quit at once)\n".utf8))
                action()
            }
            s.resume()
            sources.append(s)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
