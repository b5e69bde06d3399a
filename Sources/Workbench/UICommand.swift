import ArgumentParser
import Foundation

struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The interactive workbench (the default): pick a preset, train, watch curves and the confusion matrix live.",
        discussion: "Needs a terminal of at least \(DashboardScreen.minimumSize.width) x \(DashboardScreen.minimumSize.height).")

    @Option(help: "The preset selected at start (a name in experiments/ or a config path).")
    var preset = "vgg16-v2"

    @OptionGroup var options: ConfigOptions

    @Option(help: "Folder the run records go into.")
    var out = "runs"

    @Option(help: "Folder of the searches the search screen shows, and where a search set up here goes (`workbench search`'s default).")
    var searches = "searches"

    @Flag(help: "Start training the selected settings at once, without pressing Enter.")
    var start = false

    func run() throws {
        options.applyThreads()
        let initial = try options.load(preset)
        let terminal: Terminal
        do {
            terminal = try Terminal()
        } catch {
            Console.error("workbench: \(error)\n")
            throw ExitCode(2)
        }
        let exit: WorkbenchApp.Exit
        do {
            defer { Terminal.restore() }
            exit = try WorkbenchApp(terminal: terminal, initial: initial, load: options.load, runsRoot: out, searchesRoot: searches, startAtOnce: start).run()
        }
        // Once the terminal is back, as headless `train` does: how to go on, and 130 after a signal.
        if let line = exit.resumeLine { print(line) }
        if exit.signalled { throw ExitCode(130) }
    }
}
