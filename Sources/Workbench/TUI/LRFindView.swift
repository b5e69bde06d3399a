import Charts
import Experiments
import Foundation

/// The range test where the dashboard's charts are: smoothed loss against lr
/// (log x axis) as it comes in, then ★ at the suggested rate (steepest descent)
/// and ▲ at the minimum's rate / 10, with what Enter and Esc would do.
enum LRFindView {
    static func render(_ test: LRFindJob.Snapshot, currentRate: String, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: height)
        let lines = status(test, currentRate: currentRate, glyphs: glyphs, plotWidth: width - 8)
        // The folder line gives way first on a short terminal: the chart keeps 6 rows.
        let shown = Array(lines.prefix(max(min(lines.count, height - 6), 1)))
        grid.place(chart(test).render(width: width, height: height - shown.count, glyphs: glyphs), x: 0, y: 0)
        for (i, line) in shown.enumerated() {
            grid.put(String(line.text.prefix(width)), x: 0, y: height - shown.count + i, style: line.style)
        }
        return grid
    }

    /// The curve so far; once done without its diverging tail (above 4x the minimum, as the CLI leaves it out) and with both marks.
    static func chart(_ test: LRFindJob.Snapshot) -> LineChart {
        let c = test.config
        let title = "lr-find " + (c.map { "\($0.preset) \($0.optimizer.kind.rawValue) batch \($0.batchSize) \($0.data.profile.rawValue) seed \($0.seed)" } ?? "")
            + ": smoothed loss against lr"
        let limit = (test.points.filter { $0.smoothedLoss.isFinite }.map(\.smoothedLoss).min() ?? .infinity) * LearningRateSweep.divergenceFactor
        let points = test.points.filter { $0.smoothedLoss.isFinite && $0.smoothedLoss <= limit }
        var chart = LineChart(title: title, series: [Series(name: "", points: points.map { ($0.learningRate, $0.smoothedLoss) }, style: .series(0))])
        chart.logX = true
        chart.xRange = test.minimum > 0 && test.maximum > test.minimum ? test.minimum...test.maximum : nil
        if test.phase == .done, let r = test.result {
            chart.best = r.suggestedLR
            chart.markers = r.minimumLossLROverTen.map { [$0] } ?? []
        }
        return chart
    }

    /// What the test is doing or found, and what the keys would do now, most important first.
    static func status(_ test: LRFindJob.Snapshot, currentRate: String, glyphs: Glyphs, plotWidth: Int) -> [(text: String, style: Style)] {
        func rate(_ x: Double) -> String { String(format: "%.2e", x) }
        switch test.phase {
        case .idle, .cancelled: return [("no range test running", .dim)]
        case .preparing: return [("preparing the data and the network for \(test.steps) batches…", .plain), ("Esc cancels (nothing is written)", .dim)]
        case .sweeping:
            let last = test.points.last
            let now = last.map { String(format: "batch %d of %d   lr %.2e   smoothed loss %.4f", $0.step, test.steps, $0.learningRate, $0.smoothedLoss) } ?? ""
            return [(now, .plain), ("Esc cancels (nothing is written)", .dim)]
        case .failed(let why): return [("lr-find failed: \(why)", .warning), ("Esc closes", .dim)]
        case .done:
            guard let r = test.result else { return [] }
            let tenth = r.minimumLossLROverTen.map { "  \(glyphs.marker) minimum's lr / 10: \(rate($0))" } ?? ""
            let ran = "\(r.stepsRun) of \(r.steps) batches" + (r.stoppedEarly.map { " (stopped: \($0))" } ?? "")
            let wrote = (test.directory.map { "wrote \($0)/lr_find.csv; " } ?? "") + ran
            guard let s = r.suggestedLR else {
                let why = String(format: "no suggestion: the smoothed loss never fell by %.0f %% of its first value", 100 * LearningRateSweep.meaningfulFall)
                return [(why + tenth, .warning), ("Esc closes, the lr stays \(currentRate)", .dim), (wrote, .dim)]
            }
            // Closer than a column apart, ★ hides ▲: say so.
            let decades = log10(max(r.maximumLR / r.minimumLR, 10))
            let together = r.minimumLossLROverTen.map { abs(log10($0 / s)) / decades * Double(plotWidth) < 1 } ?? false
            return [("\(glyphs.best) suggested lr \(rate(s)) (steepest fall)" + tenth + (together ? " (under \(glyphs.best))" : ""), .title),
                    ("Enter: use \(rate(s)) as the lr   Esc: keep \(currentRate)", .highlight), (wrote, .dim)]
        }
    }
}
