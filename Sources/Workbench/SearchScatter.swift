import Charts
import Experiments
import Foundation

/// Best validation accuracy against each searched value, one dot per trial
/// (braille on a UTF-8 terminal; a log x axis for a log-uniform key); a named
/// choice as its best and mean per value. TensorBoard's HParams view, as text.
enum SearchScatter {
    static func describe(_ spec: SearchSpec, _ trials: [SearchTrial], width: Int, glyphs: Glyphs) -> String {
        let scored = trials.compactMap { t in t.bestValidation.map { (t, $0.accuracy) } }
        guard !scored.isEmpty else { return "" }
        return spec.space.map { d -> String in
            let values = scored.compactMap { t, acc in t.settings.first { $0.key == d.key }.map { ($0.value, acc) } }
            let numbers = values.compactMap { v, acc in Double(v).map { ($0, acc) } }
            guard numbers.count == values.count, !numbers.isEmpty else { return perChoice(d.key, values) }
            var chart = LineChart(title: "best val accuracy against \(d.key)",
                                  series: numbers.map { Series(name: "", points: [$0], style: .series(0)) })
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
            return chart.render(width: width, height: 12, glyphs: glyphs).text
        }.joined(separator: "\n")
    }

    /// "optimizer.kind: adam best 0.8125, mean 0.7100 over 9 trials; ..."
    private static func perChoice(_ key: String, _ values: [(String, Double)]) -> String {
        let groups = Dictionary(grouping: values, by: \.0)
        let parts = groups.keys.sorted().map { v -> String in
            let accs = groups[v, default: []].map(\.1)
            return String(format: "%@ best %.4f, mean %.4f over %d trial%@", v, accs.max() ?? 0, accs.reduce(0, +) / Double(accs.count), accs.count, accs.count == 1 ? "" : "s")
        }
        return "best val accuracy by \(key): " + parts.joined(separator: "; ")
    }
}
