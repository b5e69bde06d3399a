import Dispatch
import Foundation

/// Drives one training run on a serial background queue and publishes what
/// the UI needs as an immutable snapshot; commands go to the run's mailbox.
/// The UI thread only reads `snapshot` (under a lock) and sends commands.
public final class Session: @unchecked Sendable {
    public enum State: Equatable, Sendable {
        case idle, preparing, training, paused, stopping, done, stopped, diverged
        case failed(String)

        public var isActive: Bool { [.preparing, .training, .paused, .stopping].contains(self) }
        public var label: String {
            if case .failed = self { return "failed" }
            return "\(self)"
        }
    }

    /// Everything a screen draws, copied out under the lock.
    public struct Snapshot: Sendable {
        /// Grows with every change, so a screen redraws only when there is news.
        public var version = 0
        public var state: State = .idle
        public var preset = "", runID = "", runDirectory = ""
        public var epoch = 0, epochs = 0, batch = 0, batches = 0
        public var imagesPerSecond = 0.0, elapsed = 0.0
        public var learningRate = 0.0, dropout = 0.0
        /// Per epoch; x is the epoch number.
        public var trainLoss: [(x: Double, y: Double)] = [], validationLoss: [(x: Double, y: Double)] = []
        public var trainAccuracy: [(x: Double, y: Double)] = [], validationAccuracy: [(x: Double, y: Double)] = []
        /// Running training values within epochs; x is fractional (epoch - 1 + batch / batches).
        public var batchLoss: [(x: Double, y: Double)] = [], batchAccuracy: [(x: Double, y: Double)] = []
        /// Interactive changes, at the fractional epoch they happened.
        public var changes: [(x: Double, text: String)] = []
        public var validationConfusion: ConfusionMatrix?, testConfusion: ConfusionMatrix?
        /// The latest epoch's wrong validation images; the test set's once tested.
        public var validationErrors: Misclassifications?, testErrors: Misclassifications?
        public var summary: RunSummary?

        public var bestValidationEpoch: Double? { validationAccuracy.max { $0.y < $1.y }?.x }
        public var position: Double { Double(max(epoch - 1, 0)) + (batches > 0 ? Double(batch) / Double(batches) : 0) }

        /// Seconds left at the current pace.
        public var eta: Double? {
            guard epochs > 0, position > 0.01, elapsed > 0 else { return nil }
            return elapsed / position * (Double(epochs) - position)
        }
    }

    private let lock = NSLock()
    private var current = Snapshot()
    private var run: TrainingRun?
    /// Commands sent while the run's data is prepared, for its first batch.
    private var pending: [SessionCommand] = []
    private let queue = DispatchQueue(label: "workbench.training")
    /// Training time of the epochs finished so far (a resumed run's earlier ones
    /// included), as timings.csv counts it: pauses left out.
    private var trainedSeconds = 0.0

    public init() {}

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Starts a new run of `config` under `root`; ignored while one is active.
    public func start(_ config: ExperimentConfig, root: String) {
        guard !snapshot.state.isActive else { return }
        var s = Snapshot()
        s.preset = config.preset
        s.epochs = config.epochs
        s.learningRate = config.optimizer.lr
        s.dropout = config.dropout
        begin(s) { try TrainingRun(config: config, root: root) }
    }

    /// Continues a recorded run from its last checkpoint, its curves so far kept.
    public func resume(_ listing: RunListing) {
        guard !snapshot.state.isActive else { return }
        var s = Snapshot(listing)
        // Rows beyond the checkpoint are dropped by the run; so are they here.
        let kept = { (points: [(x: Double, y: Double)]) in points.filter { $0.x <= Double(listing.epochsCompleted) } }
        (s.trainLoss, s.validationLoss, s.trainAccuracy, s.validationAccuracy) =
            (kept(s.trainLoss), kept(s.validationLoss), kept(s.trainAccuracy), kept(s.validationAccuracy))
        s.changes = listing.changes.filter { $0.epoch <= listing.epochsCompleted }.map { ($0.position, $0.text) }
        s.testConfusion = nil
        s.summary = nil
        begin(s) { try TrainingRun(resuming: listing.directory) }
    }

    private func begin(_ initial: Snapshot, _ makeRun: @escaping () throws -> TrainingRun) {
        lock.lock()
        (run, pending) = (nil, [])
        lock.unlock()
        update {
            $0 = initial
            $0.state = .preparing
        }
        queue.async { [self] in
            do {
                let r = try makeRun()
                lock.lock()
                run = r
                let early = pending
                pending = []
                lock.unlock()
                early.forEach(r.mailbox.send)
                trainedSeconds = initial.elapsed
                try r.run(observer: handle)
            } catch {
                update { $0.state = .failed("\(error)") }
            }
        }
    }

    /// Applies from the run's next batch; while the data is still being prepared
    /// the command waits and reaches the run before its first batch.
    public func send(_ command: SessionCommand) {
        lock.lock()
        let r = run
        if r == nil && current.state == .preparing { pending.append(command) }
        lock.unlock()
        guard snapshot.state.isActive else { return }
        switch command {
        case .pause: update { $0.state = .paused }
        case .resume: update { $0.state = .training }
        case .stop: update { $0.state = .stopping }
        case .setLearningRate(let lr): update { $0.learningRate = Double(lr) }
        case .setDropout(let d): update { $0.dropout = Double(d) }
        }
        r?.mailbox.send(command)
    }

    /// Blocks until the background run has returned (after a stop, for a clean exit).
    public func waitUntilIdle() { queue.sync {} }

    private func update(_ body: (inout Snapshot) -> Void) {
        lock.lock()
        let version = current.version
        body(&current)
        current.version = version + 1
        lock.unlock()
    }

    private func handle(_ event: RunEvent) {
        switch event {
        case let .started(id, _, _, _, from, epochs):
            update {
                $0.runID = id
                $0.runDirectory = run?.record.directory ?? ""
                $0.epochs = epochs
                $0.epoch = from + 1
                if $0.state == .preparing { $0.state = .training }
            }
        case let .batch(epoch, b, rate, elapsed):
            let x = Double(epoch - 1) + Double(b.batch) / Double(b.batches)
            update {
                $0.epoch = epoch
                $0.batch = b.batch
                $0.batches = b.batches
                $0.imagesPerSecond = rate
                $0.elapsed = trainedSeconds + elapsed
                $0.batchLoss.append((x, Double(b.loss)))
                $0.batchAccuracy.append((x, Double(b.accuracy)))
            }
        case let .epochEnded(r):
            let x = Double(r.epoch)
            trainedSeconds += r.seconds
            update {
                $0.elapsed = trainedSeconds
                $0.trainLoss.append((x, Double(r.trainLoss)))
                $0.validationLoss.append((x, Double(r.validationLoss)))
                $0.trainAccuracy.append((x, Double(r.trainAccuracy)))
                $0.validationAccuracy.append((x, Double(r.validationAccuracy)))
                $0.validationConfusion = r.validationConfusion
                $0.validationErrors = r.validationErrors
            }
        case let .changed(change):
            update { $0.changes.append((change.position, change.text)) }
        case let .tested(confusion, errors):
            update {
                $0.testConfusion = confusion
                $0.testErrors = errors
            }
        case let .finished(summary):
            update {
                $0.summary = summary
                $0.state = summary.state == .done ? .done : summary.state == .diverged ? .diverged : .stopped
            }
        }
    }
}
