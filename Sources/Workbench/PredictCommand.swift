import ArgumentParser
import Charts
import Experiments
import Foundation

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify new PNG/JPEG images with a trained run: the top classes and their probabilities.",
        discussion: """
        Each image is decoded as the run's data pipeline decodes training images (its channels, scaled to [0, 1], \
        padded or resized to its input) and run in inference mode. A folder stands for its PNG and JPEG files. \
        Unreadable files are named on stderr and skipped; the exit code is then 1.
        """)

    @Argument(help: "The run folder (runs/<id>).")
    var folder: String

    @Argument(help: "Image files or folders of them.")
    var images: [String]

    @Option(help: "Classes shown per image.")
    var top = 3

    @Flag(help: "One JSON object per image per line: file, top classes with probabilities, every class' probability.")
    var json = false

    @Flag(inversion: .prefixedNo, help: "Draw each image beside its answer (default: when stdout is a terminal; gray half-blocks on a UTF-8 one, ASCII otherwise).")
    var thumbnails: Bool?

    @OptionGroup var kernels: KernelOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        if json && thumbnails == true { throw ValidationError("--thumbnails draws beside text lines; --json has none") }
    }

    /// How images are drawn, or nil for the plain lines.
    private var thumbnailMode: Thumbnail.Mode? {
        let terminal = isatty(STDOUT_FILENO) == 1
        guard !json, thumbnails ?? terminal else { return nil }
        setlocale(LC_CTYPE, "")   // nl_langinfo reads the C locale until the environment's is set
        return terminal && String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" ? .halfBlocks : .ascii
    }

    func run() throws {
        kernels.apply()
        let predictor = try Predictor(run: folder)
        var unreadable = 0
        let mode = thumbnailMode, input = predictor.config.input
        for file in Predictor.expand(images) {
            do {
                let p = try predictor.predict(file: file)
                guard let mode else {
                    print(line(p, predictor.classNames))
                    continue
                }
                let card = PredictionCard().render(p, classNames: predictor.classNames, top: top, height: input.height, width: input.width,
                                                   channels: input.channels, mode: mode)
                print(mode == .halfBlocks ? ANSIText.render(card) : card.text)
            } catch {
                unreadable += 1
                Console.error("skipped: \(error)\n")
            }
        }
        if unreadable > 0 {
            Console.error("\(unreadable) file(s) could not be classified\n")
            throw ExitCode(1)
        }
    }

    private func line(_ p: Predictor.Prediction, _ names: [String]) -> String {
        let best = p.ranked.prefix(top)
        guard json else {
            return p.file + "  " + best.map { String(format: "%@ %.3f", names[$0], p.probabilities[$0]) }.joined(separator: "  ")
        }
        let object: [String: Any] = [
            "file": p.file,
            "top": best.map { ["class": names[$0], "probability": Double(p.probabilities[$0])] as [String: Any] },
            "probabilities": Dictionary(uniqueKeysWithValues: zip(names, p.probabilities.map(Double.init))),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
