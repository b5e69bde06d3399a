import Dispatch
import Experiments

/// A run trained without the UI: progress on stdout, Ctrl-C / SIGTERM stop it
/// after the current batch (checkpoint kept).
enum HeadlessTraining {
    /// Trains on a background queue; the main thread waits and forwards signals as a stop command.
    @discardableResult
    static func run(_ run: TrainingRun) throws -> RunSummary {
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

/// Hands the background training's result to the waiting main thread.
private final class Outcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<RunSummary, Error>?   // written before `done` is signalled
}
