import Foundation

/// What a job left in its trial's run folder.
public struct TrialOutcome: Equatable, Sendable {
    public let run: String
    public let state: RunSummary.State
    public let epochs: Int
    public let validationAccuracy: [Double]
}

/// Carries out a search's jobs: trains trials (creating their run folders) and
/// copies checkpoints between them. Trials are ordinary run folders inside the
/// search folder, named trial-<n>.
public protocol TrialExecutor {
    /// Trains `job`; `created` receives the run folder's name as soon as it exists,
    /// before any training, so an interruption never loses track of it.
    func train(_ job: TrialJob, of trial: SearchTrial, created: (String) throws -> Void) throws -> TrialOutcome
    /// PBT's exploit: `member` takes `donor`'s weights and optimizer state.
    func adopt(member: String, donor: String, reason: String) throws
}

/// Trains in this process, one job at a time.
public struct LocalTrialExecutor: TrialExecutor {
    let plan: SearchPlan
    let folder: String
    /// Trains a prepared run to its stop (the CLI's: progress lines, Ctrl-C stops it after the batch).
    let training: (TrainingRun) throws -> RunSummary

    public init(plan: SearchPlan, folder: String, training: @escaping (TrainingRun) throws -> RunSummary) {
        self.plan = plan
        self.folder = folder
        self.training = training
    }

    public func train(_ job: TrialJob, of trial: SearchTrial, created: (String) throws -> Void) throws -> TrialOutcome {
        let run: TrainingRun
        if let name = trial.run {
            run = try TrainingRun(resuming: folder + "/" + name)
        } else {
            run = try TrainingRun(config: plan.config(for: trial.settings), root: folder, name: "trial-\(trial.index + 1)")
            try created(run.record.id)
        }
        for change in job.changes {
            guard let value = Float(change.value) else { continue }
            switch change.key {
            case "optimizer.lr": run.mailbox.send(.setLearningRate(value))
            case "dropout": run.mailbox.send(.setDropout(value))
            default: break
            }
        }
        run.stopAfter = (job.untilEpoch, job.reason)
        _ = try training(run)
        return try Self.outcome(of: run.record.directory)
    }

    public func adopt(member: String, donor: String, reason: String) throws {
        let run = try TrainingRun(resuming: folder + "/" + member)
        try run.adoptCheckpoint(of: folder + "/" + donor, reason: reason)
    }

    /// The trial's state as its run folder records it.
    public static func outcome(of directory: String) throws -> TrialOutcome {
        let listing = try RunListing.load(directory)
        return TrialOutcome(run: listing.id, state: listing.summary?.state ?? .stopped, epochs: listing.epochsCompleted,
                            validationAccuracy: listing.metrics.filter { $0.phase == "val" }.sorted { $0.epoch < $1.epoch }.map(\.accuracy))
    }
}
