import Foundation

/// What a job left in its trial's run folder.
public struct TrialOutcome: Equatable, Sendable {
    public let run: String
    public let state: RunSummary.State
    public let epochs: Int
    public let validationAccuracy: [Double]

    /// The trial's state as its run folder records it.
    public static func read(_ directory: String) throws -> TrialOutcome {
        let listing = try RunListing.load(directory)
        return TrialOutcome(run: listing.id, state: listing.summary?.state ?? .stopped, epochs: listing.epochsCompleted,
                            validationAccuracy: listing.metrics.filter { $0.phase == "val" }.sorted { $0.epoch < $1.epoch }.map(\.accuracy))
    }
}

/// A job as it travels to whoever trains it: the run folder exists already
/// (the scheduling process made it), so a worker only resumes it.
public struct WorkOrder: Codable, Equatable, Sendable {
    public let job: TrialJob
    /// The run folder, as a path the worker can open (the search folder is shared).
    public let run: String
}

/// A worker's answer: the job ended (the run folder says how), or failed.
public struct WorkReport: Codable, Equatable, Sendable {
    public let trial: Int
    public let failure: String?
    /// Who trained it ("rank 1 on host", "process 4242"), for the log; nil: this process.
    public var worker: String?

    public init(trial: Int, failure: String?, worker: String? = nil) {
        self.trial = trial
        self.failure = failure
        self.worker = worker
    }
}

/// Trains one job on this process's cores: resumes the trial's run, sets PBT's
/// explore values as live changes before its first batch, stops after the job's epoch.
public struct TrialTraining: Sendable {
    /// Trains a prepared run to its stop (the CLI's: progress lines, Ctrl-C stops it after the batch).
    let training: @Sendable (TrainingRun) throws -> RunSummary

    public init(training: @escaping @Sendable (TrainingRun) throws -> RunSummary) {
        self.training = training
    }

    public func carryOut(_ order: WorkOrder) -> WorkReport {
        do {
            let run = try TrainingRun(resuming: order.run)
            for change in order.job.changes {
                guard let value = Float(change.value) else { continue }
                switch change.key {
                case "optimizer.lr": run.mailbox.send(.setLearningRate(value))
                case "dropout": run.mailbox.send(.setDropout(value))
                default: break
                }
            }
            run.stopAfter = (order.job.untilEpoch, order.job.reason)
            _ = try training(run)
            return WorkReport(trial: order.job.trial, failure: nil)
        } catch {
            return WorkReport(trial: order.job.trial, failure: "\(error)")
        }
    }
}

/// Where a search's jobs train: in this process, in child processes, on MPI ranks.
public protocol TrialWorkers: AnyObject {
    /// Jobs that can train at once.
    var capacity: Int { get }
    func submit(_ order: WorkOrder) throws
    /// Blocks until a submitted job ends.
    func nextReport() throws -> WorkReport
    /// No more jobs: workers may leave.
    func finish()
}

/// One job at a time, on the calling thread.
public final class InProcessWorkers: TrialWorkers {
    let training: TrialTraining
    private var pending: [WorkOrder] = []

    public init(_ training: TrialTraining) { self.training = training }

    public var capacity: Int { 1 }
    public func submit(_ order: WorkOrder) { pending.append(order) }
    public func nextReport() throws -> WorkReport {
        guard !pending.isEmpty else { throw IOFailure(path: "search", "no job is training") }
        return training.carryOut(pending.removeFirst())
    }
    public func finish() {}
}
