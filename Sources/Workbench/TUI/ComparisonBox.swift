import Charts
import Experiments
import Foundation

/// Two runs compared, drawn over the runs table: McNemar's test on their test
/// predictions, then the config keys that differ (highlighted) and their
/// identity keys; ↑↓ scroll it, Esc closes it.
enum ComparisonBox {
    /// `mcnemar` nil: still being computed.
    static func lines(_ pair: RunPair, mcnemar: Result<RunComparison, Error>?) -> [(text: String, style: Style)] {
        let (a, b) = (RunPair.label(pair.first), RunPair.label(pair.second))
        var out: [(String, Style)] = [("1: \(a)", .title), ("2: \(b)", .title), ("", .plain)]
        switch mcnemar {
        case nil: out.append(("McNemar's test: reading both runs' predictions…", .dim))
        case .failure(let e)?: out.append(("McNemar's test: \(e)", .warning))
        case .success(let c)?:
            out.append(("McNemar's test on \(c.testImages) test images: " + c.verdict(first: "1", second: "2"), .highlight))
            out.append((String(format: "  accuracy 1: %.3f (%.3f-%.3f), 2: %.3f (%.3f-%.3f); only 1 right: %d, only 2 right: %d",
                               c.first.accuracy, c.first.interval.low, c.first.interval.high, c.second.accuracy, c.second.interval.low,
                               c.second.interval.high, c.mcnemar.onlyFirstCorrect, c.mcnemar.onlySecondCorrect), .plain))
        }
        out.append(("", .plain))
        switch pair.diff {
        case .failure(let e): out.append(("config diff: \(e)", .warning))
        case .success(let d):
            out.append((d.settings.isEmpty ? "settings: the same" : "settings that differ:", .title))
            out += d.settings.map { (row($0), .warning) }
            out.append(("identity:", .title))
            out += d.identity.map { (row($0), $0.differs ? .warning : .dim) }
        }
        return out
    }

    /// Rows of the list shown in a box for a terminal `height` rows high.
    static func visibleRows(height: Int) -> Int { max(height - 6, 1) }

    static func render(_ pair: RunPair, mcnemar: Result<RunComparison, Error>?, width: Int, height: Int) -> Grid {
        let all = lines(pair, mcnemar: mcnemar)
        let rows = min(all.count, visibleRows(height: height))
        let top = min(max(pair.top, 0), all.count - rows)
        var g = Grid(width: width, height: rows + 3)
        for y in 0..<g.height { for x in 0..<g.width { g[x, y] = Cell(" ", .plain) } }
        let more = rows < all.count ? String(format: " (lines %d-%d of %d)", top + 1, top + rows, all.count) : ""
        g.put(RunsScreen.cell(" compare two runs\(more)  " + KeyTable.bar(.compare, state: .idle), width - 1), x: 1, y: 0, style: .dim)
        for (i, l) in all[top..<top + rows].enumerated() { g.put(RunsScreen.cell(l.text, width - 3), x: 2, y: i + 2, style: l.style) }
        return g
    }

    private static func row(_ r: RunDiff.Row) -> String {
        "  " + RunsScreen.cell(r.key, 28) + RunsScreen.cell(r.first ?? "(unset)", 24) + (r.second ?? "(unset)")
    }
}
