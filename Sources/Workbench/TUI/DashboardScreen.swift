import Charts
import Experiments
import Foundation

/// What the dashboard shows besides the session: picker, toggles, dialogs.
struct DashboardState {
    var picker: Picker
    var logScale = false
    var confirmingQuit = false
    var showHelp = false
    var message: String?
}

/// The dashboard, as a pure function of a session snapshot and UI state.
enum DashboardScreen {
    static let minimumSize = (width: 80, height: 24)

    static func render(_ s: Session.Snapshot, _ ui: DashboardState, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            let lines = ["enlarge the terminal to \(minimumSize.width) x \(minimumSize.height)", "(now \(width) x \(height))"]
            for (i, l) in lines.enumerated() { grid.put(l, x: max((width - l.count) / 2, 0), y: height / 2 - 1 + i, style: i == 0 ? .warning : .dim) }
            return grid
        }
        grid.place(statusLine(s, width: width), x: 0, y: 0)
        let bottomHeight = 12
        let chartHeight = height - 2 - bottomHeight
        let half = width / 2
        grid.place(lossChart(s, ui).render(width: half - 1, height: chartHeight, glyphs: glyphs), x: 0, y: 1)
        grid.place(accuracyChart(s).render(width: width - half, height: chartHeight, glyphs: glyphs), x: half, y: 1)
        let pickerWidth = width - 50
        grid.place(picker(ui, locked: s.state.isActive, width: pickerWidth, height: bottomHeight), x: 0, y: 1 + chartHeight)
        grid.place(confusion(s, width: 49, height: bottomHeight), x: pickerWidth + 1, y: 1 + chartHeight)
        grid.place(helpLine(ui, width: width), x: 0, y: height - 1)
        if ui.showHelp { grid.place(helpBox(), x: (width - 58) / 2, y: 3) }
        if ui.confirmingQuit {
            let text = " Training is running. Stop it (checkpoint kept) and quit? y / n "
            grid.put(text, x: max((width - text.count) / 2, 0), y: height / 2, style: .highlight)
        }
        return grid
    }

    static func statusLine(_ s: Session.Snapshot, width: Int) -> Grid {
        var g = Grid(width: width, height: 1)
        for x in 0..<width { g[x, 0] = Cell(" ", .highlight) }
        var parts = [s.preset.isEmpty ? "no run" : s.preset]
        if !s.runID.isEmpty { parts.append(s.runID) }
        parts.append(s.state.label)
        if s.epochs > 0 { parts.append("epoch \(s.epoch)/\(s.epochs)") }
        if s.batches > 0 { parts.append("batch \(s.batch)/\(s.batches)") }
        if s.imagesPerSecond > 0 { parts.append(String(format: "%.0f img/s", s.imagesPerSecond)) }
        if s.elapsed > 0 { parts.append(clock(s.elapsed) + (s.state.isActive ? s.eta.map { " ETA " + clock($0) } ?? "" : "")) }
        if s.epochs > 0 { parts.append("lr " + Picker.formatRate(s.learningRate)); parts.append(String(format: "dropout %.2f", s.dropout)) }
        g.put(" " + parts.joined(separator: " │ "), x: 0, y: 0, style: .highlight)
        if case .failed(let why) = s.state { g.put(" " + why, x: 0, y: 0, style: .warning) }
        return g
    }

    static func lossChart(_ s: Session.Snapshot, _ ui: DashboardState) -> LineChart {
        LineChart(title: "loss", series: [
            Series(name: "batch", points: s.batchLoss, style: .faint(0)),
            Series(name: "train", points: s.trainLoss, style: .series(0)),
            Series(name: "val", points: s.validationLoss, style: .series(1)),
        ], logScale: ui.logScale, markers: s.changes.map(\.x), best: s.bestValidationEpoch, xRange: xRange(s))
    }

    static func accuracyChart(_ s: Session.Snapshot) -> LineChart {
        LineChart(title: "accuracy", series: [
            Series(name: "batch", points: s.batchAccuracy, style: .faint(0)),
            Series(name: "train", points: s.trainAccuracy, style: .series(0)),
            Series(name: "val", points: s.validationAccuracy, style: .series(1)),
        ], markers: s.changes.map(\.x), best: s.bestValidationEpoch, xRange: xRange(s))
    }

    private static func xRange(_ s: Session.Snapshot) -> ClosedRange<Double>? {
        s.epochs > 0 ? 0...Double(s.epochs) : nil
    }

    static func picker(_ ui: DashboardState, locked: Bool, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        g.put(locked ? "run settings (lr, dropout live)" : "new run  (Enter starts)", x: 0, y: 0, style: .title)
        for (i, f) in Picker.Field.allCases.enumerated() {
            let isLocked = locked && !f.isLive
            let selected = ui.picker.selected == f
            let label = (selected ? "> " : "  ") + f.label
            let row = label.padding(toLength: 16, withPad: " ", startingAt: 0) + "‹ " + ui.picker.value(f) + " ›"
            g.put(row, x: 0, y: 1 + i, style: selected ? .highlight : isLocked ? .dim : .plain)
        }
        if locked && !ui.picker.selected.isLive {
            g.put("locked while training", x: 0, y: height - 1, style: .dim)
        } else if let m = ui.message {
            g.put(m, x: 0, y: height - 1, style: .warning)
        }
        return g
    }

    static func confusion(_ s: Session.Snapshot, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        guard let m = s.validationConfusion else {
            g.put("validation confusion matrix", x: 0, y: 0, style: .title)
            g.put("appears after the first epoch", x: 0, y: 2, style: .dim)
            return g
        }
        let ci = Statistics.wilson(successes: m.correct, trials: m.total)
        let line = String(format: "val acc %.3f (Wilson 95%% %.3f-%.3f, n=%d)", m.accuracy, ci.low, ci.high, m.total)
        g.place(ConfusionMatrixView(classNames: m.classNames, counts: m.counts, accuracyLine: line).render(width: width, height: height), x: 0, y: 0)
        return g
    }

    static func helpLine(_ ui: DashboardState, width: Int) -> Grid {
        var g = Grid(width: width, height: 1)
        g.put("↑↓ field  ←→ change  Enter start  Space pause/resume  x stop  l log  ? help  q quit", x: 0, y: 0, style: .dim)
        return g
    }

    static func helpBox() -> Grid {
        let lines = [
            "keys", "",
            "↑ ↓        select a field of the picker",
            "← →        change it (lr on a 1-2-5 log scale)",
            "Enter      start a run with these settings",
            "Space      pause / resume training",
            "x          stop: finish the batch, keep the checkpoint",
            "l          loss on a log scale",
            "?          this help (any key closes it)",
            "q          quit (asks first while training)",
            "",
            "While training, lr and dropout apply from the next batch",
            "and are marked ▲ on the x axis; ★ is the best val epoch.",
        ]
        var g = Grid(width: 58, height: lines.count + 2)
        for y in 0..<g.height { for x in 0..<g.width { g[x, y] = Cell(" ", .highlight) } }
        for (i, l) in lines.enumerated() { g.put(" " + l, x: 1, y: i + 1, style: i == 0 ? .title : .highlight) }
        return g
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
