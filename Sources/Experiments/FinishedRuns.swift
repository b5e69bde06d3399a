/// Finished runs on demand, for the commands that need a run of a config to
/// have ended (reproduce, pre-training, 5x2cv): each is reused, resumed or
/// trained as `RunReuse` decides, trained the caller's way (headless: progress
/// on stdout, Ctrl-C stops it after the batch).
public struct FinishedRuns {
    /// Trains a run to its end, or until it is stopped; returns its summary.
    public typealias Train = (TrainingRun) throws -> RunSummary
    let train: Train
    let log: (String) -> Void

    public init(train: @escaping Train, log: @escaping (String) -> Void) {
        self.train = train
        self.log = log
    }

    /// A run that was stopped before its end: the commands waiting for it cannot go on.
    public struct Unfinished: Error, CustomStringConvertible {
        public let directory: String, state: RunSummary.State
        public var description: String {
            state == .diverged ? "\(directory): a non-finite loss stopped it; its weights are not usable"
                               : "\(directory): \(state.rawValue) before it finished (`workbench train --resume \(directory)` continues it)"
        }
    }

    /// Run `runIndex` of `config` under `root`, finished; `label` heads each line logged.
    /// With `acceptingDiverged` a run a non-finite loss stopped counts as ended (an outcome
    /// `reproduce` reports); without, it is an error (a pre-training or fold needs its weights).
    public func finished(_ config: ExperimentConfig, runIndex: Int, root: String, label: String, acceptingDiverged: Bool = false) throws -> RunListing {
        let decision = RunReuse.decide(config, runIndex: runIndex, in: RunListing.scan(root).runs)
        log(decision.describe(label))
        let run: TrainingRun
        switch decision {
        case .reuse(let p): return p
        case .diverged(let p):
            guard acceptingDiverged else { throw Unfinished(directory: p.directory, state: .diverged) }
            return p
        case .resume(let p): run = try TrainingRun(resuming: p.directory)
        case .train: run = try TrainingRun(config: config, root: root, runIndex: runIndex)
        }
        let summary = try train(run)
        guard summary.state == .done || (acceptingDiverged && summary.state == .diverged) else { throw Unfinished(directory: run.record.directory, state: summary.state) }
        return try RunListing.load(run.record.directory)
    }
}
