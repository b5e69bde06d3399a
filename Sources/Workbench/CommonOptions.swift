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

    @Option(help: "Worker threads for matrix products and every other parallel loop, \(ConfigOptions.threadRange.lowerBound)-\(ConfigOptions.threadRange.upperBound) (results are bit-identical only for the same count).")
    var threads: Int = 2

    @OptionGroup var kernels: KernelOptions

    static let threadRange = 1...256

    func validate() throws { try Self.check(threads: threads) }

    /// Options become overrides of the config's keys; `--data` is a path, taken as written.
    func load(_ nameOrPath: String) throws -> ExperimentConfig {
        try ConfigLoader.load(try Presets.existingPath(for: nameOrPath), overriding: configOverrides)
    }

    /// The options as config overrides, in the order they apply.
    var configOverrides: [ConfigOverride] {
        var sets = overrides.map(ConfigOverride.set)
        if let p = profile { sets.append(.literal("data.profile", p, option: "--profile")) }
        if let e = epochs { sets.append(.yaml("epochs", String(e), option: "--epochs")) }
        if let s = seed { sets.append(.yaml("seed", String(s), option: "--seed")) }
        if let d = data { sets.append(.literal("data.folder", d, option: "--data")) }
        return sets
    }

    /// Threads and kernels: how this process computes, set before any work.
    func applyThreads() {
        Self.setThreads(threads)
        kernels.apply()
    }

    static func check(threads n: Int) throws {
        guard threadRange.contains(n) else { throw ValidationError("--threads must be in \(threadRange.lowerBound)...\(threadRange.upperBound), got \(n)") }
    }

    static func setThreads(_ n: Int) { GEMM.threadCount = n }
}
