import ArgumentParser
import Dataset
import Experiments
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "data", abstract: "Inspect data sets.", subcommands: [Info.self, Preview.self])

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

    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training images beside augmented variants, drawn as the errors screen draws thumbnails, with the settings used.",
            discussion: "Half-blocks in the terminal's gray ramp on a UTF-8 terminal, ASCII otherwise (or with --ascii). Seeded by the config's seed.")

        @Argument(help: "The preset whose augmentation, input size and data apply.")
        var preset = "vgg16-v2"

        @Option(help: "Training images shown, the first of each class in turn.")
        var images = 3

        @Option(help: "Augmented variants beside each.")
        var variants = 5

        @Flag(help: "ASCII shades instead of colour half-blocks.")
        var ascii = false

        @OptionGroup var options: ConfigOptions

        func validate() throws {
            guard (1...50).contains(images), (0...20).contains(variants) else { throw ValidationError("--images must be in 1...50 and --variants in 0...20") }
        }

        func run() throws {
            let c = try options.load(preset)
            let d = try DataReport.prepare(c)
            var preview = AugmentationPreview(images: d.train, augmentation: c.augmentation?.augmentation ?? Augmentation())
            preview.variants = variants
            setlocale(LC_CTYPE, "")
            let colour = !ascii && isatty(STDOUT_FILENO) == 1 && String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
            let grid = preview.render(AugmentationPreview.sample(d.train, count: images), seed: c.seed, mode: colour ? .halfBlocks : .ascii)
            print("\(c.preset): \(preview.settings) (\(c.input.height)x\(c.input.width), seed \(c.seed))")
            print(colour ? ANSIText.render(grid) : grid.text)
        }
    }
}
