import NN

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
    /// The CPU, our kernels' instruction set and OpenBLAS' core when the run was
    /// created (absent in records from before they were kept).
    public var machine: MachineDescription?

    enum CodingKeys: String, CodingKey {
        case config, runIndex = "run_index", trainingSeed = "training_seed"
        case dataFingerprint = "data_fingerprint", blasThreads = "blas_threads", machine
    }

    public init(config: ExperimentConfig, runIndex: Int, trainingSeed: UInt64, dataFingerprint: String, blasThreads: Int,
                machine: MachineDescription? = nil) {
        (self.config, self.runIndex, self.trainingSeed) = (config, runIndex, trainingSeed)
        (self.dataFingerprint, self.blasThreads, self.machine) = (dataFingerprint, blasThreads, machine)
    }

    public var swapsHalves: Bool { config.split == .halves && runIndex % 2 == 0 }
}
