import ArgumentParser
import Foundation

struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The interactive workbench (the default): pick a preset, train, watch curves and the confusion matrix live.",
        discussion: "Needs a terminal of at least \(DashboardScreen.minimumSize.width) x \(DashboardScreen.minimumSize.height).")

    @Option(help: "The preset selected at start.")
    var preset = "vgg16-v2"

    @Option(help: "Folder the run records go into.")
    var out = "runs"

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    func run() throws {
        ConfigOptions.setThreads(threads)
        let terminal: Terminal
        do {
            terminal = try Terminal()
        } catch {
            FileHandle.standardError.write(Data("workbench: \(error)\n".utf8))
            throw ExitCode(2)
        }
        defer { Terminal.restore() }
        try WorkbenchApp(terminal: terminal, preset: preset, runsRoot: out).run()
    }
}
