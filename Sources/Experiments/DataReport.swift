import Dataset

/// The data a config's first run would see, for `workbench data info`.
public enum DataReport {
    public static func prepare(_ config: ExperimentConfig) throws -> PreparedData {
        try TrainingRun.prepareData(RunManifest(config: config, runIndex: 1, trainingSeed: config.seed, dataFingerprint: "", blasThreads: 0))
    }
}
