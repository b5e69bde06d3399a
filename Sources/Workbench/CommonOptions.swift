import ArgumentParser
import Experiments
import NN

/// Options every command that loads a config shares.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Data profile: report (the study's 3000 images), full (18000 + 3000 test) or tiny.")
    var profile: String?

    @Option(help: "Number of epochs.")
    var epochs: Int?

    @Option(help: "Seed for data sampling, initialisation, shuffling, augmentation and dropout.")
    var seed: UInt64?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override any config key, e.g. --set optimizer.lr=1e-4 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "A folder of class sub-folders of PNG/JPEG images, instead of Fashion-MNIST.")
    var data: String?

    @Option(help: "Worker threads for matrix products and every other parallel loop (results are bit-identical only for the same count).")
    var threads: Int = 2

    @OptionGroup var kernels: KernelOptions

    func load(_ nameOrPath: String) throws -> ExperimentConfig {
        var sets = overrides
        if let p = profile { sets.append("data.profile=\(p)") }
        if let e = epochs { sets.append("epochs=\(e)") }
        if let s = seed { sets.append("seed=\(s)") }
        if let d = data { sets.append("data.folder=\(d)") }
        return try ConfigLoader.load(Presets.path(for: nameOrPath), overrides: sets)
    }

    /// Threads and kernels: how this process computes, set before any work.
    func applyThreads() {
        Self.setThreads(threads)
        kernels.apply()
    }

    static func setThreads(_ n: Int) { GEMM.threadCount = max(1, n) }
}
