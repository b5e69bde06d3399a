import Dispatch
import Experiments
import Foundation

/// The learning-rate range test started from the picker, run on a queue of its
/// own. The UI reads `snapshot` (each batch publishes one) and may cancel; the
/// finished test is written like `workbench lr-find`'s, under the runs folder's lr-find/.
final class LRFindJob: @unchecked Sendable {
    struct Snapshot: Sendable {
        enum Phase: Equatable, Sendable { case idle, preparing, sweeping, done, cancelled, failed(String) }

        var version = 0
        var phase = Phase.idle
        /// The settings swept, and the test's plan.
        var config: ExperimentConfig?
        var steps = 0, minimum = 0.0, maximum = 0.0
        /// The points so far (all of them once done).
        var points: [LearningRateSweep.Point] = []
        /// Once done: what lr_find.json records, and the folder it is in.
        var result: LearningRateFinder.Result?
        var directory: String?

        var isRunning: Bool { phase == .preparing || phase == .sweeping }
    }

    private let queue = DispatchQueue(label: "workbench.lr-find", qos: .userInitiated)
    private let lock = NSLock()
    private var current = Snapshot()
    private var cancelling = false

    var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Starts the test on `config` unless one runs; its folder goes under `root`.
    func start(_ config: ExperimentConfig, root: String) {
        let finder = LearningRateFinder(config: config)
        guard publish({ s in
            guard !s.isRunning else { return false }
            cancelling = false
            s = Snapshot(version: s.version, phase: .preparing, config: config, steps: finder.steps, minimum: finder.minimum, maximum: finder.maximum)
            return true
        }) else { return }
        queue.async { [self] in
            do {
                let sweep = try finder.sweep(observe: { point in
                    self.publish { s in
                        s.phase = .sweeping
                        s.points.append(point)
                        return !self.cancelling
                    }
                })
                guard sweep.stoppedEarly != LearningRateSweep.cancelled else {
                    publish { $0.phase = .cancelled; return true }
                    return
                }
                let (folder, result) = try finder.record(sweep, root: root)
                publish { s in
                    (s.phase, s.points, s.result, s.directory) = (.done, sweep.points, result, folder)
                    return true
                }
            } catch {
                publish { $0.phase = .failed("\(error)"); return true }
            }
        }
    }

    /// Ends the test after the batch under way; nothing is written.
    func cancel() {
        lock.lock()
        cancelling = true
        lock.unlock()
    }

    /// Waits for the test to end (after `cancel`, within a batch).
    func waitUntilIdle() { queue.sync {} }

    /// Changes the snapshot under the lock, and counts a change as news; returns what `change` does.
    @discardableResult
    private func publish(_ change: (inout Snapshot) -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let answer = change(&current)
        current.version += 1
        return answer
    }
}
