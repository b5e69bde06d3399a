import Dispatch
import Experiments
import Foundation

/// A search the UI runs, started from its form or resumed, on a queue of its
/// own, one trial at a time on this process's cores. It writes the search
/// folder exactly as `workbench search` does (the same runner); the search
/// screen reads that folder. `stop` ends it after the batch under way, to be
/// resumed later, here or by `workbench search --resume`.
final class SearchJob: @unchecked Sendable {
    struct Snapshot: Sendable {
        enum Phase: Equatable, Sendable { case idle, running, stopping, finished, stopped, failed(String) }

        var version = 0
        var phase = Phase.idle
        var folder: String?
        /// The runner's latest line ("trial 3 (...): to epoch 6, asha: ...").
        var line: String?
        /// The trial training now: its run's epoch and batch.
        var trial: String?, epoch = 0, epochs = 0, batch = 0, batches = 0

        var isRunning: Bool { phase == .running || phase == .stopping }
    }

    private let queue = DispatchQueue(label: "workbench.search", qos: .userInitiated)
    private let lock = NSLock()
    private var current = Snapshot()
    private var stopping = false
    /// The trial's run training now, to pass a stop to.
    private var training: TrainingRun?

    var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// A new search in `folder`; a bad spec throws here, before anything trains or is written.
    func start(_ spec: SearchSpec, base: ExperimentConfig, folder: String) throws {
        guard !snapshot.isRunning else { throw Picker.Refusal(description: "a search is running already") }
        let runner = try SearchRunner.start(spec: spec, base: base, origin: "the workbench's picker (\(base.preset) with its settings)", folder: folder)
        run(runner)
    }

    /// The stopped search in `folder`, from where it stopped (refused while another process writes it).
    func resume(_ folder: String) throws {
        guard !snapshot.isRunning else { throw Picker.Refusal(description: "a search is running already") }
        run(try SearchRunner.resume(folder))
    }

    private func run(_ runner: SearchRunner) {
        publish { s in
            s = Snapshot(version: s.version, phase: .running, folder: runner.folder)
            stopping = false
        }
        let training = TrialTraining { [self] run in
            lock.lock()
            self.training = run
            let stopNow = stopping
            lock.unlock()
            defer {
                lock.lock()
                self.training = nil
                lock.unlock()
            }
            if stopNow { run.mailbox.send(.stop) }
            return try run.run(observer: { event in self.observe(event, run: run) })
        }
        queue.async { [self] in
            do {
                let finished = try runner.run(on: InProcessWorkers(training), stopRequested: { self.isStopping }, log: { line in self.publish { $0.line = line } })
                publish { s in
                    s.phase = finished ? .finished : .stopped
                    s.trial = nil
                }
            } catch {
                publish { $0.phase = .failed("\(error)") }
            }
        }
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func observe(_ event: RunEvent, run: TrainingRun) {
        switch event {
        case .started(let id, _, _, _, let from, let epochs):
            publish { s in (s.trial, s.epoch, s.epochs, s.batch, s.batches) = (id, from + 1, epochs, 0, 0) }
        case .batch(let epoch, let b, _, _):
            publish { s in (s.epoch, s.batch, s.batches) = (epoch, b.batch, b.batches) }
        default: break
        }
    }

    /// Ends the search after the batch under way; it can be resumed.
    func stop() {
        lock.lock()
        guard current.isRunning else { return lock.unlock() }
        stopping = true
        current.phase = .stopping
        current.version += 1
        let run = training
        lock.unlock()
        run?.mailbox.send(.stop)
    }

    /// Waits for the search to end (after `stop`, within a batch).
    func waitUntilIdle() { queue.sync {} }

    private func publish(_ change: (inout Snapshot) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&current)
        current.version += 1
    }
}
