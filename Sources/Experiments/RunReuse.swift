/// What `reproduce`, `pretrain` and `compare --5x2cv` do for repeat `runIndex`
/// of a config, given the run folders there are: a finished run of exactly
/// that config and repeat is reused, an unfinished one resumed, else a new one
/// is trained (`Reproduction.existing` says which runs match). A run a
/// non-finite loss stopped has ended too: resumed from its last checkpoint with
/// the same seed it would diverge again.
public enum RunReuse {
    case reuse(RunListing)
    case diverged(RunListing)
    case resume(RunListing)
    case train

    public static func decide(_ config: ExperimentConfig, runIndex: Int, in runs: [RunListing]) -> RunReuse {
        guard let previous = Reproduction.existing(config, runIndex: runIndex, in: runs) else { return .train }
        switch previous.state {
        case .done: return .reuse(previous)
        case .diverged: return .diverged(previous)
        default: return .resume(previous)
        }
    }

    /// "reusing <dir>", "resuming <dir>" or "training", after the run's label.
    public func describe(_ label: String) -> String {
        switch self {
        case .reuse(let p): return "\(label): reusing \(p.directory)"
        case .diverged(let p): return "\(label): reusing \(p.directory), which diverged (\(p.summary?.divergence ?? "non-finite loss"))"
        case .resume(let p): return "\(label): resuming \(p.directory)"
        case .train: return "\(label): training"
        }
    }

    /// The run folder for the report, when this repeat has ended.
    public var ended: RunListing? {
        switch self {
        case .reuse(let p), .diverged(let p): return p
        case .resume, .train: return nil
        }
    }
}
