import ArgumentParser
import Dispatch
import Experiments
import Interchange

/// A run trained without the UI: progress on stdout, Ctrl-C / SIGTERM stop it
/// after the current batch (checkpoint kept).
enum HeadlessTraining {
    /// Trains on a background queue; the main thread waits and forwards signals as a stop command.
    /// A non-finite loss is an error unless `divergenceIsAnOutcome` (`reproduce` counts such runs).
    /// `stopsBySchedule`: a stop before the end is a search's (no resume command printed).
    /// With `tensorboard`, an event file in that folder follows the run.
    @discardableResult
    static func run(_ run: TrainingRun, divergenceIsAnOutcome: Bool = false, stopsBySchedule: Bool = false, tensorboard: String? = nil) throws -> RunSummary {
        let printer = ProgressPrinter(preset: run.manifest.config.preset)
        let observe = try tensorboard.map { try TensorBoardFollower(run: run.record.directory, folder: $0, then: printer.handle).handle } ?? printer.handle
        let stopper = StopSignal { run.mailbox.send(.stop) }
        defer { stopper.cancel() }
        let outcome = Outcome()
        DispatchQueue(label: "training").async {
            outcome.result = Result { try run.run(observer: observe) }
            outcome.done.signal()
        }
        outcome.done.wait()
        let summary = try outcome.result!.get()
        printer.finish(summary, directory: run.record.directory, announcingResume: !stopsBySchedule)
        if summary.state == .diverged && !divergenceIsAnOutcome { throw Diverged(directory: run.record.directory, summary: summary) }
        return summary
    }
}

/// A run that stopped at a non-finite loss: an error, so `workbench` exits non-zero.
private struct Diverged: Error, CustomStringConvertible {
    let directory: String, summary: RunSummary
    var description: String {
        let kept = summary.epochsCompleted == 0 ? "no epoch finished, so there is no checkpoint"
            : "the checkpoint keeps epoch \(summary.epochsCompleted) of \(summary.epochsPlanned)"
        return "\(directory): training diverged (\(summary.divergence ?? "non-finite loss")) and stopped; \(kept), the diverged weights were not saved. "
            + "A lower optimizer.lr may help."
    }
}

/// Hands the background training's result to the waiting main thread.
private final class Outcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<RunSummary, Error>?   // written before `done` is signalled
}

extension HeadlessTraining {
    /// Runs reused, resumed or trained here, headless; a run stopped by Ctrl-C
    /// exits with 130 once its progress has said how to resume it.
    static var finishedRuns: FinishedRuns {
        FinishedRuns(train: { run in
            // FinishedRuns decides whether a diverged run may count as ended.
            let summary = try Self.run(run, divergenceIsAnOutcome: true)
            guard summary.state == .done || summary.state == .diverged else { throw ExitCode(130) }
            return summary
        }, log: say)
    }

    /// A line of the reproduction's own, flushed, so it stays in order with the training's progress lines.
    static func say(_ line: String) { Console.out(line + "\n") }
}
