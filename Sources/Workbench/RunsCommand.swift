import ArgumentParser
import Foundation

/// `workbench runs`: the run folders under --out, and what can be done to a
/// run as a whole once it exists (annotate, archive, delete, diff).
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs under --out (the Runs screen's table) and manage them.",
        subcommands: [List.self, Name.self, Tag.self, Note.self, Archive.self, Unarchive.self, Delete.self, Diff.self],
        defaultSubcommand: List.self)

    static func warn(_ line: String) { Console.error("workbench: \(line)\n") }
}
