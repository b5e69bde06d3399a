import Charts
import Experiments

/// The search form, drawn over the dashboard: a row per setting, the picker's
/// fields a search can vary with their ranges or values, and where it writes.
enum SearchFormBox {
    static func render(_ f: SearchForm, base: ExperimentConfig, folder: String, width: Int, height: Int) -> Grid {
        let rows = f.rows
        var g = Grid(width: width, height: min(rows.count + 5, height))
        for y in 0..<g.height { for x in 0..<g.width { g[x, y] = Cell(" ", .highlight) } }
        g.put(" search from the picker: \(base.preset) on \(base.data.profile.rawValue), seed \(base.seed); what does not vary trains as the picker has it", x: 1, y: 0, style: .title)
        for (i, row) in rows.enumerated() where i + 1 < g.height - 3 {
            let selected = row == f.selected
            let value = selected && f.typed != nil ? (f.typed ?? "") + "_" : text(row, f)
            let line = (selected ? "▸ " : "  ") + label(row, f).padding(toLength: 21, withPad: " ", startingAt: 0) + value.padding(toLength: 22, withPad: " ", startingAt: 0) + "  " + hint(row, f, base: base)
            g.put(String(line.prefix(width - 2)), x: 1, y: 1 + i, style: selected ? .title : .highlight)
        }
        g.put("  writes \(folder)/ (`workbench search --resume` continues it)", x: 1, y: g.height - 3, style: .highlight)
        g.put("  " + KeyTable.bar(f.typed != nil ? .typing : .searchForm, state: .idle, width: width - 4), x: 1, y: g.height - 2, style: .highlight)
        return g
    }

    static func label(_ row: SearchForm.Row, _ f: SearchForm) -> String {
        switch row {
        case .method: return "method"
        case .trials: return "trials"
        case .seed: return "search seed"
        case .minEpochs: return "asha min epochs"
        case .maxEpochs: return "asha max epochs"
        case .reduction: return "asha reduction"
        case .population: return "pbt population"
        case .interval: return "pbt interval"
        case .dimension(let i): return (f.dimensions[i].varies ? "[x] " : "[ ] ") + f.dimensions[i].key
        }
    }

    static func text(_ row: SearchForm.Row, _ f: SearchForm) -> String {
        switch row {
        case .dimension(let i): return f.dimensions[i].varies ? f.dimensions[i].values : "as the picker"
        default: return f.selectedText(for: row)
        }
    }

    static func hint(_ row: SearchForm.Row, _ f: SearchForm, base: ExperimentConfig) -> String {
        switch row {
        case .method:
            return ["grid": "every point of the lists", "random": "seeded draws, each trained to the end", "asha": "successive halving: the best go on",
                    "pbt": "a population; the worst take the best's weights"][f.method.rawValue] ?? ""
        case .trials: return "trials to start"
        case .seed: return "draws the trials; training's seed stays \(base.seed)"
        case .minEpochs: return "the first rung"
        case .maxEpochs: return "rungs " + SearchScheduler.rungs(f.asha).map(String.init).joined(separator: ", ")
        case .reduction: return "the best 1/\(f.asha.reduction) of a rung go on"
        case .population: return "members trained together"
        case .interval: return "epochs between exploits (of \(base.epochs))"
        case .dimension(let i):
            let d = f.dimensions[i]
            guard d.varies else { return "Space: vary it" }
            return d.values.contains("..") ? (d.logScale ? "log-uniform range" : "uniform range") : "values to choose from"
        }
    }
}

extension SearchForm {
    /// A row's value as the form shows it.
    func selectedText(for row: Row) -> String {
        var copy = self
        copy.selected = row
        return copy.selectedText
    }
}
