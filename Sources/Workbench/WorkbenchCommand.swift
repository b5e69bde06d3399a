import ArgumentParser

@main
struct WorkbenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Train and compare CNN image classifiers on CPU (dress / pullover / shirt).",
        discussion: "Without a subcommand: the interactive workbench (ui).",
        subcommands: [UICommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, CompareCommand.self, ReproduceCommand.self, SearchCommand.self, LRFindCommand.self,
                      PretrainCommand.self, DataCommand.self, RunsCommand.self, ModelCommand.self, BenchCommand.self, ExportCommand.self],
        defaultSubcommand: UICommand.self)
}
