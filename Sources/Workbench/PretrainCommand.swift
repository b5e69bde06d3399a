import ArgumentParser
import Experiments
import Foundation

struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Train a preset's network on the seven Fashion-MNIST classes the study does not use; save its weights for transfer.",
        discussion: """
        The offline stand-in for ImageNet pre-training: T-shirt, trouser, coat, sandal, sneaker, bag and ankle boot, none of \
        dress, pullover or shirt. Writes pretrained/<network>.safetensors (vgg16 for all three VGG16 presets), which the \
        configs in experiments/transfer/ start from. Resumable; a finished pre-training is reused.
        """)

    @Argument(help: "The preset whose network, optimizer and schedule to pretrain (vgg16-v2 for the VGG16 base).")
    var preset = "vgg16-v2"

    @OptionGroup var options: ConfigOptions

    @Option(help: "Folder the pre-training run goes into.")
    var out = "runs"

    func run() throws {
        options.applyThreads()
        let base = try options.load(preset)
        let checkpoint = try Pretraining.ensure(base, out: out)
        let target = Pretraining.file(for: base)
        try FileManager.default.createDirectory(atPath: Pretraining.folder, withIntermediateDirectories: true)
        try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: checkpoint)), to: target)
        print("pretrained weights: \(target) (a copy of \(checkpoint)), where experiments/transfer/ looks for them")
    }
}

/// Pre-training runs and where their weights go.
enum Pretraining {
    static let folder = "pretrained"

    /// vgg16 for the three VGG16 presets (one conv base), else the network's name.
    static func file(for config: ExperimentConfig) -> String {
        "\(folder)/\(config.network.rawValue.hasPrefix("vgg16") ? "vgg16" : config.network.rawValue).safetensors"
    }

    /// The preset whose settings pre-train the base `config` starts from: vgg16-v2
    /// for every VGG16 preset (they share one conv base), else the preset itself.
    static func sourcePreset(for config: ExperimentConfig) -> String {
        config.network.rawValue.hasPrefix("vgg16") ? "vgg16-v2" : config.preset
    }

    /// The pre-training config of `base`: its network and schedule on the other seven classes.
    static func config(_ base: ExperimentConfig) -> ExperimentConfig {
        var c = base
        c.preset = base.network.rawValue + "-pretrain"
        c.data.task = .pretrain
        (c.runs, c.split, c.weights, c.freeze) = (1, .trainVal80, nil, nil)
        return c
    }

    /// Trains (or reuses, or resumes) the pre-training of `base`; returns its checkpoint.
    static func ensure(_ base: ExperimentConfig, out: String) throws -> String {
        let config = config(base)
        return try HeadlessTraining.finished(config, runIndex: 1, root: out, label: "pre-training of \(base.network.rawValue) on "
                                             + config.data.task.classNames.joined(separator: ", ")).directory + "/checkpoint.safetensors"
    }
}
