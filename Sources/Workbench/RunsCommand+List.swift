import ArgumentParser
import Experiments
import Foundation

extension RunsCommand {
    /// The table for scripts: folders that cannot be read are named on stderr
    /// and left out; the exit code says so only with --strict, so that one
    /// stray folder does not break a script reading the rest.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The runs under --out, newest first: settings (as tuned live), epochs, best val, test with its Wilson interval, time, state.",
            discussion: """
            Default: an aligned text table. --csv (RFC 4180, a header, numbers as recorded: pandas.read_csv reads it as is), \
            --json (an array of objects with the CSV's columns, null where a value is missing) or --markdown. \
            A run folder that cannot be read is named on stderr with the problem; the exit code is 0 unless --strict is given.
            """)

        enum Output: String, EnumerableFlag {
            case text, csv, json, markdown

            var format: RunTable.Format {
                switch self {
                case .text: return .text
                case .csv: return .csv
                case .json: return .json
                case .markdown: return .markdown
                }
            }
        }

        @Option(help: "Folder of run records.")
        var out = "runs"

        @Flag(help: "Output format (default: --text).")
        var output: Output = .text

        @Flag(help: "Also list the archived runs (<out>/archive/).")
        var archived = false

        @Flag(help: "Exit with code 1 when a run folder cannot be read.")
        var strict = false

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--out \(out): no such folder of run records")
            }
            let (runs, problems) = RunListing.scan(out, includingArchived: archived)
            print(RunTable(runs).rendered(output.format), terminator: "")
            for p in problems { RunsCommand.warn("unreadable run folder: \(p)") }
            if strict && !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
