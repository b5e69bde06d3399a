import ArgumentParser

@main
struct WorkbenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Train and compare CNN image classifiers on CPU (dress / pullover / shirt).",
        discussion: "Without a subcommand: trains the vgg16-v2 preset on the report profile with a live progress bar.",
        subcommands: [TrainCommand.self, EvaluateCommand.self, CompareCommand.self, DataCommand.self, ModelCommand.self, BenchCommand.self],
        defaultSubcommand: TrainCommand.self)
}
