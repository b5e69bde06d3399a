import ArgumentParser
import Experiments

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "data", abstract: "Inspect data sets.", subcommands: [Info.self])

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classes, counts per split, input shape, skipped files and the data fingerprint.")

        @Argument(help: "The preset whose split, input size and seed apply.")
        var preset = "vgg16-v2"

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let c = try options.load(preset)
            let d = try DataReport.prepare(c)
            print("source:      \(d.source)")
            print("classes:     \(d.classNames.joined(separator: ", "))")
            print("input:       \(c.input.height)x\(c.input.width)x\(c.input.channels)")
            for (name, part) in [("train", d.train), ("validation", d.validation), ("test", d.test)] {
                let counts = part.countsPerClass().map(String.init).joined(separator: " / ")
                print("\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(part.count) (\(counts))")
            }
            print("split:       \(c.split.rawValue), seed \(c.seed)")
            print("skipped:     \(d.skippedFiles.count) file(s)" + (d.skippedFiles.isEmpty ? "" : ":"))
            for f in d.skippedFiles.prefix(20) { print("  \(f)") }
            if d.skippedFiles.count > 20 { print("  and \(d.skippedFiles.count - 20) more") }
            print("fingerprint: \(d.fingerprint)")
        }
    }
}
