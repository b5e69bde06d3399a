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
            try train(try TrainingRun(resuming: dir))
            return
        }
        let c = try options.load(config)
        var summaries: [RunSummary] = []
        for k in 1...c.runs {
            if c.runs > 1 { print("Run \(k) of \(c.runs)") }
            let summary = try train(try TrainingRun(config: c, root: out, runIndex: k))
            if summary.state != .done { throw ExitCode(130) }
            summaries.append(summary)
        }
        RepeatSummary.lines(summaries).forEach { print($0) }
    }

    /// Trains on a background queue; the main thread waits and forwards signals as a stop command.
    @discardableResult
    private func train(_ run: TrainingRun) throws -> RunSummary {
        let printer = ProgressPrinter(preset: run.manifest.config.preset)
        let stopper = SignalForwarder { run.mailbox.send(.stop) }
        defer { stopper.cancel() }
        let outcome = Outcome()
        DispatchQueue(label: "training").async {
            outcome.result = Result { try run.run(observer: printer.handle) }
            outcome.done.signal()
        }
        outcome.done.wait()
        let summary = try outcome.result!.get()
        printer.finish(summary, directory: run.record.directory)
        return summary
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

/// Hands the background training's result to the waiting main thread.
private final class Outcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<RunSummary, Error>?   // written before `done` is signalled
}
