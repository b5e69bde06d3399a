/// Runs of one config that differ only in their seed: the repeats of a
/// `runs: N` config, and runs of the same config started with other `--seed`s.
/// What they say together: the mean test accuracy with its Student-t 95 %
/// interval, and per epoch the mean validation accuracy and loss with theirs.
///
/// Which keys are ignored, and why:
/// - `run_index` and `training_seed` (config.yaml's manifest keys): they are what
///   makes a run one repeat of its config (training seed = seed + index - 1).
/// - `seed` (the config's data seed, which also draws the data sample and the
///   repeats' training seeds): a run started with `--seed 8` is another draw of
///   the same experiment, which is what a spread over seeds is about.
/// - `runs`: how many repeats a config asks for is not part of what one repeat
///   is (as `Reproduction.existing` has it).
/// Every other key counts, so a group is one experiment; and a run whose lr or
/// dropout was changed live is not a repeat of its config, so it is never grouped.
public struct RunGroup: Sendable {
    /// A mean over runs, its 95 % Student-t interval (nil with fewer than two) and how many runs.
    public struct Estimate: Equatable, Sendable {
        public let mean: Double
        public let interval: Interval?
        public let n: Int

        /// The mean of `values` with mean +- t(0.975, n-1) s / sqrt(n); nil for no values.
        public init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            (mean, interval, n) = (values.reduce(0, +) / Double(values.count), StudentT.meanInterval(values), values.count)
        }
    }

    /// One epoch of the group's validation curves.
    public struct Epoch: Equatable, Sendable {
        public let epoch: Int
        public let accuracy: Estimate, loss: Estimate
    }

    /// "group:" and the oldest member's id: it stays when newer runs join.
    public let id: String
    /// Ordered by data seed, then run index, then id.
    public let runs: [RunListing]
    /// Over the runs with a test accuracy (finished ones); nil while none has one.
    public let test: Estimate?
    public let bestValidation: Estimate?
    /// Per epoch, over the runs that reached it (a run stopped early, or still
    /// training, counts up to its last epoch). Where one run alone reached an
    /// epoch there is no interval; the curve goes on as that run's value.
    public let validation: [Epoch]

    public var config: ExperimentConfig { runs[0].config }

    /// Runs of `members`, at least two, all repeats of one config (`key`); nil otherwise.
    public init?(_ members: [RunListing]) {
        guard members.count >= 2, let key = Self.key(members[0]), members.allSatisfy({ Self.key($0) == key }) else { return nil }
        runs = members.sorted { ($0.config.seed, $0.manifest.runIndex, $0.id) < ($1.config.seed, $1.manifest.runIndex, $1.id) }
        id = "group:" + (members.map(\.id).min() ?? "")
        test = Estimate(runs.compactMap { $0.summary?.testAccuracy })
        bestValidation = Estimate(runs.compactMap { $0.summary?.bestValidationAccuracy })
        let rows = runs.flatMap { $0.metrics.filter { $0.phase == "val" && $0.accuracy.isFinite && $0.loss.isFinite } }
        validation = Dictionary(grouping: rows, by: \.epoch).sorted { $0.key < $1.key }.compactMap { epoch, rows in
            guard let a = Estimate(rows.map(\.accuracy)), let l = Estimate(rows.map(\.loss)) else { return nil }
            return Epoch(epoch: epoch, accuracy: a, loss: l)
        }
    }

    /// What decides membership: the config with the ignored keys set alike; nil for a run tuned live.
    public static func key(_ run: RunListing) -> ExperimentConfig? {
        guard !run.isTunedLive else { return nil }
        var c = run.config
        (c.seed, c.runs) = (0, 1)
        return c
    }

    /// The groups among `runs` (two members or more), in the order of their oldest members.
    public static func groups(of runs: [RunListing]) -> [RunGroup] {
        var buckets: [(key: ExperimentConfig, runs: [RunListing])] = []
        for run in runs.sorted(by: { $0.id < $1.id }) {
            guard let key = key(run) else { continue }
            if let i = buckets.firstIndex(where: { $0.key == key }) { buckets[i].runs.append(run) } else { buckets.append((key, [run])) }
        }
        return buckets.compactMap { RunGroup($0.runs) }
    }

    /// The group `run` belongs to among `runs`, if it has another member there.
    public static func group(of run: RunListing, among runs: [RunListing]) -> RunGroup? {
        guard let key = key(run) else { return nil }
        return RunGroup(runs.filter { Self.key($0) == key })
    }

    /// The mean validation curves, and their bands where two runs or more reached an epoch.
    public var accuracyCurve: [(x: Double, y: Double)] { validation.map { (Double($0.epoch), $0.accuracy.mean) } }
    public var lossCurve: [(x: Double, y: Double)] { validation.map { (Double($0.epoch), $0.loss.mean) } }
    public var accuracyBand: [(x: Double, low: Double, high: Double)] {
        validation.compactMap { e in e.accuracy.interval.map { (Double(e.epoch), $0.low, $0.high) } }
    }
    public var lossBand: [(x: Double, low: Double, high: Double)] {
        validation.compactMap { e in e.loss.interval.map { (Double(e.epoch), $0.low, $0.high) } }
    }
}
