import Foundation

/// The offline stand-in for ImageNet pre-training: a preset's network trained
/// on the seven Fashion-MNIST classes the study does not use, its weights
/// saved where experiments/transfer/ looks for them.
public enum Pretraining {
    public static let folder = "pretrained"

    /// vgg16 for the three VGG16 presets (one conv base), else the network's name.
    public static func file(for config: ExperimentConfig) -> String {
        "\(folder)/\(config.network.rawValue.hasPrefix("vgg16") ? "vgg16" : config.network.rawValue).safetensors"
    }

    /// The preset whose settings pre-train the base `config` starts from: vgg16-v2
    /// for every VGG16 preset (they share one conv base), else the preset itself.
    public static func sourcePreset(for config: ExperimentConfig) -> String {
        config.network.rawValue.hasPrefix("vgg16") ? "vgg16-v2" : config.preset
    }

    /// The pre-training config of `base`: its network and schedule on the other seven classes.
    public static func config(_ base: ExperimentConfig) -> ExperimentConfig {
        var c = base
        c.preset = base.network.rawValue + "-pretrain"
        c.data.task = .pretrain
        (c.runs, c.split, c.weights, c.freeze) = (1, .trainVal80, nil, nil)
        return c
    }

    /// Trains (or reuses, or resumes) the pre-training of `base` under `out`; returns its checkpoint.
    public static func ensure(_ base: ExperimentConfig, out: String, runs: FinishedRuns) throws -> String {
        let config = config(base)
        return try runs.finished(config, runIndex: 1, root: out, label: "pre-training of \(base.network.rawValue) on "
                                 + config.data.task.classNames.joined(separator: ", ")).directory + "/checkpoint.safetensors"
    }

    /// The finished pre-training of `base` under `out`, if there is one; its checkpoint.
    public static func existing(_ base: ExperimentConfig, out: String) -> String? {
        guard case .reuse(let p) = RunReuse.decide(config(base), runIndex: 1, in: RunListing.scan(out).runs) else { return nil }
        return p.directory + "/checkpoint.safetensors"
    }

    /// Copies `checkpoint` to `file(for: base)`; returns that path.
    public static func install(_ checkpoint: String, for base: ExperimentConfig) throws -> String {
        let target = file(for: base)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: checkpoint)), to: target)
        return target
    }
}
