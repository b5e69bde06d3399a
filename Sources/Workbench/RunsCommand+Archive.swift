import ArgumentParser
import Experiments
import Foundation

/// Taking runs out of the table: archive (kept, in <out>/archive/), unarchive,
/// delete. All refuse while another process writes the run, naming it.
extension RunsCommand {
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a run into archive/ beside it: out of the table, of reproduce and of run reuse; `runs --archived` lists it.")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        func run() throws { print("\(folder) -> \(try RunArchive.archive(folder))") }
    }

    struct Unarchive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an archived run (runs/archive/<id>) back into the table.")

        @Argument(help: "The archived run folder (runs/archive/<id>).")
        var folder: String

        func run() throws { print("\(folder) -> \(try RunArchive.restore(folder))") }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a run folder for good.",
            discussion: "Asks first when stdin is a terminal; without one, --yes is required (a script says what it means).")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Flag(help: "Delete without asking.")
        var yes = false

        func run() throws {
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw ValidationError("stdin is not a terminal, so nobody can confirm: add --yes to delete \(folder) without asking")
                }
                Console.error("delete \(Self.describe(folder)) for good? (`workbench runs archive` keeps it instead) [y/N] ")
                guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased(), ["y", "yes"].contains(answer) else {
                    print("\(folder): not deleted")
                    throw ExitCode(1)
                }
            }
            try RunArchive.delete(folder)
            print("\(folder): deleted")
        }

        /// What is about to go, so the question is answered knowingly.
        static func describe(_ folder: String) -> String {
            guard let run = try? RunListing.load(folder) else { return folder }
            let test = run.summary?.testAccuracy.map { String(format: ", test accuracy %.3f", $0) } ?? ""
            let name = run.annotations.name.map { " \"\($0)\"" } ?? ""
            return "\(folder)\(name) (\(run.config.preset), \(run.state.rawValue), \(run.epochsCompleted)/\(run.config.epochs) epochs\(test))"
        }
    }
}
