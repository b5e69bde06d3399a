import ArgumentParser
import Experiments

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
        let checkpoint = try Pretraining.ensure(base, out: out, runs: HeadlessTraining.finishedRuns)
        let target = try Pretraining.install(checkpoint, for: base)
        print("pretrained weights: \(target) (a copy of \(checkpoint)), where experiments/transfer/ looks for them")
    }
}
