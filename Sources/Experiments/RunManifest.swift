/// `config.yaml` of a run: the resolved experiment config plus what makes this
/// run one of its repeats (index, training seed) and the data it saw.
public struct RunManifest: Codable, Equatable, Sendable {
    public var config: ExperimentConfig
    /// 1-based; even runs of a 50/50 config swap the halves.
    public var runIndex: Int
    /// Initialisation, shuffling, augmentation and dropout draw from this;
    /// data sampling from `config.seed`, shared by the repeats.
    public var trainingSeed: UInt64
    public var dataFingerprint: String
    public var blasThreads: Int

    enum CodingKeys: String, CodingKey {
        case config, runIndex = "run_index", trainingSeed = "training_seed"
        case dataFingerprint = "data_fingerprint", blasThreads = "blas_threads"
    }

    public var swapsHalves: Bool { config.split == .halves && runIndex % 2 == 0 }
}
