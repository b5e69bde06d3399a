/// What `reproduce`, `pretrain` and `compare --5x2cv` do for repeat `runIndex`
/// of a config, given the run folders there are: a finished run of exactly
/// that config and repeat is reused, an unfinished one resumed, else a new one
/// is trained (`Reproduction.existing` says which runs match).
public enum RunReuse {
    case reuse(RunListing)
    case resume(RunListing)
    case train

    public static func decide(_ config: ExperimentConfig, runIndex: Int, in runs: [RunListing]) -> RunReuse {
        guard let previous = Reproduction.existing(config, runIndex: runIndex, in: runs) else { return .train }
        return previous.state == .done ? .reuse(previous) : .resume(previous)
    }

    /// "reusing <dir>", "resuming <dir>" or "training", after the run's label.
    public func describe(_ label: String) -> String {
        switch self {
        case .reuse(let p): return "\(label): reusing \(p.directory)"
        case .resume(let p): return "\(label): resuming \(p.directory)"
        case .train: return "\(label): training"
        }
    }
}
