import Charts
import Experiments
import Foundation

/// Best validation accuracy against each searched value, one dot per trial
/// (braille on a UTF-8 terminal; a log x axis for a log-uniform key); a named
/// choice as its best and mean per value. TensorBoard's HParams view, as text:
/// printed at a search's end, drawn on the search screen.
enum SearchScatter {
    /// One named value's trials: their best and mean of best validation accuracy.
    struct ChoiceSummary: Equatable {
        let value: String
        let best: Double, mean: Double
        let count: Int
    }

    static func describe(_ spec: SearchSpec, _ trials: [SearchTrial], width: Int, glyphs: Glyphs) -> String {
        guard trials.contains(where: { $0.bestValidation != nil }) else { return "" }
        return spec.space.map { d -> String in
            guard let chart = chart(d, trials) else { return "best val accuracy by \(d.key): " + choices(d, trials).map(describe).joined(separator: "; ") }
            return chart.render(width: width, height: 12, glyphs: glyphs).text
        }.joined(separator: "\n")
    }

    /// Each scored trial's value of `d` with its best validation accuracy.
    static func values(_ d: SearchSpec.Dimension, _ trials: [SearchTrial]) -> [(trial: Int, value: String, accuracy: Double)] {
        trials.compactMap { t in
            guard let best = t.bestValidation, let v = t.settings.first(where: { $0.key == d.key }) else { return nil }
            return (t.index, v.value, best.accuracy)
        }
    }

    /// The scatter of a numeric key over its searched range; nil when its values are names (adam, sgd).
    static func chart(_ d: SearchSpec.Dimension, _ trials: [SearchTrial]) -> LineChart? {
        let values = values(d, trials)
        let numbers = values.compactMap { v in Double(v.value).map { ($0, v.accuracy) } }
        guard numbers.count == values.count else { return nil }
        var chart = LineChart(title: "best val accuracy against \(d.key)", series: numbers.map { Series(name: "", points: [$0], style: .series(0)) })
        // The searched range, not the drawn values', spans the axis: where no trial landed shows too.
        switch d.domain {
        case .logUniform(let low, let high):
            chart.logX = true
            chart.xRange = low...high
        case .uniform(let low, let high): chart.xRange = low...high
        case .choice:
            let xs = numbers.map(\.0)
            if let lo = xs.min(), let hi = xs.max(), hi > lo { chart.xRange = lo...hi }
        }
        return chart
    }

    /// Per named value, in name order.
    static func choices(_ d: SearchSpec.Dimension, _ trials: [SearchTrial]) -> [ChoiceSummary] {
        let groups = Dictionary(grouping: values(d, trials), by: \.value)
        return groups.keys.sorted().map { v in
            let accs = groups[v, default: []].map(\.accuracy)
            return ChoiceSummary(value: v, best: accs.max() ?? 0, mean: accs.reduce(0, +) / Double(accs.count), count: accs.count)
        }
    }

    /// "adam best 0.8125, mean 0.7100 over 9 trials"
    static func describe(_ c: ChoiceSummary) -> String {
        String(format: "%@ best %.4f, mean %.4f over %d trial%@", c.value, c.best, c.mean, c.count, c.count == 1 ? "" : "s")
    }
}
