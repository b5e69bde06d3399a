import ArgumentParser
import Experiments

/// Name, tags and note: words a person keeps with a run, in its own
/// annotations.json. Safe while the run trains: the training writer owns
/// none of that file, and nothing here touches the writer's files.
extension RunsCommand {
    struct Name: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name a run (\"\" clears the name); the runs table shows it.")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "At most 80 characters, no control characters.")
        var name: String

        func run() throws {
            let a = try RunsCommand.annotate(folder) { try $0.setName(name) }
            print("\(folder): " + (a.name.map { "named \($0)" } ?? "no name"))
        }
    }

    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tag a run, or with --remove untag it; the runs table shows the tags and its / filter finds them.")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "One word each: no white space, commas or control characters, at most 32 characters; 32 tags per run.")
        var tags: [String]

        @Flag(help: "Remove these tags instead.")
        var remove = false

        func run() throws {
            if remove, let had = try? RunAnnotations.read(folder) {
                for t in tags where !had.tags.contains(t) { RunsCommand.warn("\(folder) has no tag '\(t)'") }
            }
            let a = try RunsCommand.annotate(folder) { remove ? $0.removeTags(tags) : try $0.addTags(tags) }
            print("\(folder): " + (a.tags.isEmpty ? "no tags" : "tags " + a.tags.joined(separator: " ")))
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep a note with a run (\"\" clears it); --csv and --json show it.")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "At most 4000 characters; line breaks and tabs are kept.")
        var text: String

        func run() throws {
            let a = try RunsCommand.annotate(folder) { try $0.setNote(text) }
            print("\(folder): " + (a.note == nil ? "no note" : "note kept (\(a.note!.count) characters)"))
        }
    }

    /// An invalid name, tag or note is a mistake in the arguments: shown with the usage.
    static func annotate(_ run: String, _ change: (inout RunAnnotations) throws -> Void) throws -> RunAnnotations {
        do {
            return try RunAnnotations.update(run, change)
        } catch let e as RunAnnotations.Invalid {
            throw ValidationError(e.description)
        }
    }
}
