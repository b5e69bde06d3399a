import ArgumentParser
import Charts
import Experiments
import Foundation

struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Learning-rate range test: one batch per step at an exponentially rising rate; suggests a rate.",
        discussion: """
        Smith's test as fastai's lr_find runs it, from the preset's initial weights (put back afterwards), seeded: \
        the same config and seed give the same curve. Stops once the smoothed loss passes 4x its minimum. \
        Prints smoothed loss against lr (a chart on a terminal, a table when piped), the rate of its steepest descent \
        and the minimum's rate / 10, and writes lr_find.csv, lr_find.json and config.yaml into a folder under --out.
        """)

    @Argument(help: "A preset name (experiments/<name>.yaml) or a config file.")
    var preset: String

    @Option(name: .customLong("min"), help: "The first learning rate.")
    var minimum = 1e-7

    @Option(name: .customLong("max"), help: "The last learning rate.")
    var maximum = 10.0

    @Option(help: "Steps (one batch each).")
    var batches = 100

    @Option(help: "Folder the result's own folder goes into.")
    var out = "lr-find"

    @OptionGroup var options: ConfigOptions

    func run() throws {
        options.applyThreads()
        var finder = LearningRateFinder(config: try options.load(preset))
        (finder.minimum, finder.maximum, finder.steps) = (minimum, maximum, batches)
        let terminal = isatty(STDOUT_FILENO) == 1
        let sweep = try finder.sweep { step, lr, loss in
            guard terminal else { return }
            Console.out(String(format: "\r\u{1B}[2Kstep %d/%d  lr %.2e  loss %.4f", step, batches, lr, loss))
        }
        if terminal { print("\r\u{1B}[2K", terminator: "") }
        let (folder, result) = try finder.record(sweep, root: out)
        print(Self.describe(sweep, marks: [result.suggestedLR, result.minimumLossLROverTen].compactMap { $0 }, terminal: terminal))
        if let s = result.suggestedLR {
            print(String(format: "suggested lr (steepest descent of the smoothed loss): %.2e", s))
        } else {
            print(String(format: "no suggestion: the smoothed loss never fell by %.0f %% of its first value, so no rate from %.0e to %.0e trained within %d batches "
                         + "(more --batches, or other settings)", 100 * LearningRateSweep.meaningfulFall, minimum, maximum, sweep.points.count))
        }
        if let m = result.minimumLossLR, let t = result.minimumLossLROverTen {
            print(String(format: "lowest smoothed loss at lr %.2e; a tenth of it: %.2e", m, t))
        }
        print("\(sweep.points.count) of \(batches) steps" + (sweep.stoppedEarly.map { ", stopped: \($0)" } ?? ""))
        print("wrote \(folder)/lr_find.csv and lr_find.json")
    }

    /// The curve: a braille chart with both marks on a terminal, else a table.
    static func describe(_ sweep: LearningRateSweep, marks: [Double], terminal: Bool) -> String {
        guard terminal else {
            return (["step  lr          loss      smoothed"] + sweep.points.map {
                String(format: "%4d  %.3e  %8.4f  %8.4f", $0.step, $0.learningRate, $0.loss, $0.smoothedLoss)
            }).joined(separator: "\n")
        }
        // The step that stopped the test can be orders of magnitude above the rest: left out of the chart, as fastai skips the end.
        let limit = (sweep.minimum?.smoothedLoss ?? .infinity) * LearningRateSweep.divergenceFactor
        let shown = sweep.points.filter { $0.smoothedLoss.isFinite && $0.smoothedLoss <= limit }
        var chart = LineChart(title: "smoothed loss against lr",
                              series: [Series(name: "smoothed loss", points: shown.map { ($0.learningRate, $0.smoothedLoss) },
                                              style: .series(0))])
        chart.logX = true
        chart.markers = marks
        let width = max(40, min(Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100, 120))
        setlocale(LC_CTYPE, "")
        let glyphs = Glyphs(unicode: String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8")
        return chart.render(width: width, height: 18, glyphs: glyphs).text + "\n\(glyphs.marker) marks the suggested lr and the minimum's lr / 10"
    }
}
