import ArgumentParser
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

    @OptionGroup var kernels: KernelOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        kernels.apply()
        let predictor = try Predictor(run: folder)
        var unreadable = 0
        for file in Predictor.expand(images) {
            do {
                print(line(try predictor.predict(file: file), predictor.classNames))
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
