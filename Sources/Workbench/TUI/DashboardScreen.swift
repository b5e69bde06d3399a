import Charts
import Experiments
import Foundation

/// What the dashboard shows besides the session: picker, toggles, dialogs.
struct DashboardState {
    var picker: Picker
    var logScale = false
    /// EMA smoothing of every curve (raw values stay, faint), and its weight.
    var smoothing = false
    var smoothingWeight = Smoothing.defaultWeight
    /// The confusion-matrix cell under the cursor, when the matrix has the focus.
    var matrixCursor: (row: Int, column: Int)?
    /// The epoch the charts' cursor reads values at; nil: no cursor.
    var chartCursor: Int?
    /// Recorded runs drawn over the charts (their validation curves).
    var overlays: [Overlay] = []
    /// Showing a recorded run from the runs table rather than the live session:
    /// its settings, one per line, shown where the picker is.
    var recorded: [String]?
    var readOnly: Bool { recorded != nil }
    /// Why the last key did nothing, until the next key.
    var message: String?
    /// The number being typed into the selected field (after `=`); nil: not typing.
    var typed: String?
    /// The learning-rate range test, or the augmentation preview, where the charts are (the test first).
    var lrFindShown = false
    var augmentationShown = false
}

/// A recorded run's validation curves, in the colour it was given when selected;
/// a group's are its mean curves, with their t intervals as bands.
struct Overlay {
    let name: String
    let color: Int
    let loss: [(x: Double, y: Double)], accuracy: [(x: Double, y: Double)]
    var lossBand: [(x: Double, low: Double, high: Double)] = []
    var accuracyBand: [(x: Double, low: Double, high: Double)] = []
}

/// What the picker shows where the charts are, with what it needs from outside the UI state.
enum DashboardPanel {
    case lrFind(LRFindJob.Snapshot)
    case augmentation(AugmentationSampler.Drawing?, current: Bool)
}

/// The dashboard, as a pure function of a session snapshot and UI state.
enum DashboardScreen {
    static let minimumSize = (width: 80, height: 24)

    /// Picker and matrix: 12 rows at 24, 17 from 29 to 40, every field once the terminal has room (the picker scrolls below that).
    static func bottomHeight(_ height: Int) -> Int { min(Picker.Field.allCases.count + 2, max(12, min(height - 12, max(17, height / 2 - 3)))) }

    /// The rows of the charts (or of the panel in their place), below the status line.
    static func chartHeight(_ height: Int) -> Int { height - 2 - bottomHeight(height) }

    static func render(_ s: Session.Snapshot, _ ui: DashboardState, width: Int, height: Int, glyphs: Glyphs, panel: DashboardPanel? = nil) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.place(statusLine(s, width: width, readOnly: ui.readOnly), x: 0, y: 0)
        let bottomHeight = Self.bottomHeight(height), chartHeight = Self.chartHeight(height)
        let half = width / 2
        switch panel {
        case .lrFind(let test)?:
            grid.place(LRFindView.render(test, currentRate: ui.picker.value(.learningRate), width: width, height: chartHeight, glyphs: glyphs), x: 0, y: 1)
        case .augmentation(let drawing, let current)?:
            grid.place(AugmentationView.render(drawing, current: current, config: ui.picker.config, width: width, height: chartHeight), x: 0, y: 1)
        case nil:
            grid.place(lossChart(s, ui).render(width: half - 1, height: chartHeight, glyphs: glyphs), x: 0, y: 1)
            grid.place(accuracyChart(s, ui).render(width: width - half, height: chartHeight, glyphs: glyphs), x: half, y: 1)
        }
        let pickerWidth = width - 50
        if let lines = ui.recorded {
            grid.put("recorded run (read-only)", x: 0, y: 1 + chartHeight, style: .title)
            for (i, l) in lines.prefix(bottomHeight - 1).enumerated() { grid.put("  " + l, x: 0, y: 2 + chartHeight + i) }
        } else {
            grid.place(picker(ui, locked: s.state.isActive, width: pickerWidth, height: bottomHeight), x: 0, y: 1 + chartHeight)
        }
        grid.place(confusion(s, cursor: ui.matrixCursor, width: 49, height: bottomHeight), x: pickerWidth + 1, y: 1 + chartHeight)
        grid.place(helpLine(ui, state: s.state, width: width), x: 0, y: height - 1)
        return grid
    }

    /// Below the minimum size: what to do about it, centred.
    static func tooSmall(width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        let lines = ["enlarge the terminal to \(minimumSize.width) x \(minimumSize.height)", "(now \(width) x \(height))"]
        for (i, l) in lines.enumerated() { grid.put(l, x: max((width - l.count) / 2, 0), y: height / 2 - 1 + i, style: i == 0 ? .warning : .dim) }
        return grid
    }

    static func statusLine(_ s: Session.Snapshot, width: Int, readOnly: Bool = false) -> Grid {
        var g = Grid(width: width, height: 1)
        for x in 0..<width { g[x, 0] = Cell(" ", .highlight) }
        var line = ""
        // Longest first; on a narrow terminal the run id, then the words give way to the figures.
        for tier in 0..<3 {
            let compact = tier == 2
            var parts = [s.preset.isEmpty ? "no run" : s.preset]
            if !s.runID.isEmpty && tier == 0 { parts.append(s.runID) }
            parts.append(readOnly ? "\(s.state.label), read-only (Esc returns)" : s.state.label)
            if s.epochs > 0 { parts.append((compact ? "ep " : "epoch ") + "\(s.epoch)/\(s.epochs)") }
            if s.batches > 0 { parts.append((compact ? "" : "batch ") + "\(s.batch)/\(s.batches)") }
            if s.imagesPerSecond > 0 { parts.append(String(format: "%.0f img/s", s.imagesPerSecond)) }
            let eta = s.state.isActive ? s.eta.map { "ETA " + clock($0) } : nil
            if s.elapsed > 0 { parts.append(compact ? eta ?? clock(s.elapsed) : clock(s.elapsed) + (eta.map { " " + $0 } ?? "")) }
            if s.epochs > 0 { parts += ["lr " + Picker.formatRate(s.learningRate), String(format: (compact ? "do" : "dropout") + " %.2f", s.dropout)] }
            line = " " + parts.joined(separator: compact ? " │" : " │ ")
            if line.count <= width { break }
        }
        g.put(line, x: 0, y: 0, style: .highlight)
        if case .failed(let why) = s.state { g.put(" " + why, x: 0, y: 0, style: .warning) }
        return g
    }

    static func lossChart(_ s: Session.Snapshot, _ ui: DashboardState) -> LineChart {
        var chart = LineChart(title: "loss" + smoothingNote(ui),
                  series: curves([("batch", s.batchLoss), ("train", s.trainLoss), ("val", s.validationLoss)], smoothing: ui.smoothing ? ui.smoothingWeight : nil)
                      + ui.overlays.map { Series(name: $0.name, points: $0.loss, style: .series(overlayStyle($0.color))) },
                  logScale: ui.logScale, markers: s.changes.map(\.x), best: s.bestValidationEpoch, xRange: xRange(s, ui.overlays), cursor: ui.chartCursor.map(Double.init))
        chart.bands = ui.overlays.filter { !$0.lossBand.isEmpty }.map { Band(points: $0.lossBand, style: .faint(overlayStyle($0.color))) }
        return chart
    }

    static func accuracyChart(_ s: Session.Snapshot, _ ui: DashboardState) -> LineChart {
        var chart = LineChart(title: "accuracy" + smoothingNote(ui),
                  series: curves([("batch", s.batchAccuracy), ("train", s.trainAccuracy), ("val", s.validationAccuracy)], smoothing: ui.smoothing ? ui.smoothingWeight : nil)
                      + ui.overlays.map { Series(name: $0.name, points: $0.accuracy, style: .series(overlayStyle($0.color))) },
                  markers: s.changes.map(\.x), best: s.bestValidationEpoch, xRange: xRange(s, ui.overlays), cursor: ui.chartCursor.map(Double.init))
        chart.bands = ui.overlays.filter { !$0.accuracyBand.isEmpty }.map { Band(points: $0.accuracyBand, style: .faint(overlayStyle($0.color))) }
        return chart
    }

    /// Overlays take the series colours the live run leaves free (yellow, red, blue).
    static func overlayStyle(_ color: Int) -> Int { 3 + color % 3 }

    static func smoothingNote(_ ui: DashboardState) -> String {
        ui.smoothing ? " EMA " + String(format: "%.3f", ui.smoothingWeight).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\.$", with: ".0", options: .regularExpression) : ""
    }

    /// The weights `[` and `]` step through: TensorBoard's slider, in the steps people use.
    static let smoothingWeights = [0.0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99]

    /// The next weight up or down the ladder, from wherever `weight` is.
    static func stepSmoothing(_ weight: Double, by step: Int) -> Double {
        step > 0 ? smoothingWeights.first { $0 > weight + 1e-9 } ?? weight : smoothingWeights.last { $0 < weight - 1e-9 } ?? weight
    }

    /// The running per-batch value is drawn faintly, train and val in colour; smoothed,
    /// every curve gets its EMA in front and keeps its raw values faintly behind.
    private static func curves(_ named: [(String, [(x: Double, y: Double)])], smoothing weight: Double?) -> [Series] {
        let styles: [Style] = [.faint(0), .series(0), .series(1)]
        guard let weight else { return zip(named, styles).map { Series(name: $0.0, points: $0.1, style: $1) } }
        let raw = named.enumerated().map { i, c in Series(name: "", points: c.1, style: .faint(i == 0 ? 0 : i - 1)) }
        let ema = zip(named, [Style.series(2), .series(0), .series(1)]).map { Series(name: $0.0, points: Smoothing.ema($0.1, weight: weight), style: $1) }
        return raw + ema
    }

    /// The last epoch any plotted per-epoch curve reaches (the live or viewed run's, or an overlay's).
    static func lastEpoch(_ s: Session.Snapshot, _ overlays: [Overlay]) -> Int? {
        (s.trainLoss + s.validationLoss + overlays.flatMap { $0.loss + $0.accuracy }).map { Int($0.x) }.max()
    }

    /// Epoch 0 to the end of the run's plan or of the longest overlaid run, whichever is later.
    static func xRange(_ s: Session.Snapshot, _ overlays: [Overlay]) -> ClosedRange<Double>? {
        let last = overlays.flatMap { $0.loss + $0.accuracy }.map(\.x).max()
        guard s.epochs > 0 || last != nil else { return nil }
        return 0...max(Double(s.epochs), last ?? 0)
    }

    static func picker(_ ui: DashboardState, locked: Bool, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        g.put(locked ? "settings (lr, dropout live)" : "new run  (Enter starts)", x: 0, y: 0, style: .title)
        // More fields than rows: the rows scroll to keep the selected field in view.
        let fields = Picker.Field.allCases, rows = height - 2
        let first = max(0, min(ui.picker.selected.rawValue - rows / 2, fields.count - rows))
        for (i, f) in fields.enumerated().dropFirst(first).prefix(rows) {
            let isLocked = locked && !f.isLive
            let selected = ui.picker.selected == f
            let label = (selected ? "> " : "  ") + f.label
            let value = selected ? ui.typed.map { $0 + "_" } ?? ui.picker.value(f) : ui.picker.value(f)
            let row = label.padding(toLength: 16, withPad: " ", startingAt: 0) + "‹ " + value + " ›"
            g.put(row, x: 0, y: 1 + i - first, style: selected ? .highlight : isLocked ? .dim : .plain)
        }
        if first > 0 { g.put("↑", x: width - 1, y: 1, style: .dim) }
        if first + rows < fields.count { g.put("↓", x: width - 1, y: height - 2, style: .dim) }
        if locked && !ui.picker.selected.isLive && ui.message == nil {
            g.put("locked while training", x: 0, y: height - 1, style: .dim)
        }
        return g
    }

    /// The latest validation confusion matrix; a recorded run shows its test one.
    static func confusion(_ s: Session.Snapshot, cursor: (row: Int, column: Int)?, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        guard let m = s.validationConfusion ?? s.testConfusion else {
            g.put("validation confusion matrix", x: 0, y: 0, style: .title)
            g.put("appears after the first epoch", x: 0, y: 2, style: .dim)
            return g
        }
        let split = s.validationConfusion == nil ? "test" : "val"
        let ci = Statistics.wilson(successes: m.correct, trials: m.total)
        let line = String(format: "%@ acc %.3f (Wilson 95%% %.3f-%.3f, n=%d)", split, m.accuracy, ci.low, ci.high, m.total)
        g.place(ConfusionMatrixView(classNames: m.classNames, counts: m.counts, accuracyLine: line, cursor: cursor).render(width: width, height: height), x: 0, y: 0)
        return g
    }

    /// The keys that do something now (from the key table): Space says what it would do.
    /// Why the last key did nothing takes the line, whole, until the next key.
    static func helpLine(_ ui: DashboardState, state: Session.State, width: Int) -> Grid {
        var g = Grid(width: width, height: 1)
        if let m = ui.message {
            g.put(m, x: 0, y: 0, style: .warning)
        } else if ui.typed != nil {
            let prompt = "type the \(ui.picker.selected.name) (now \(ui.picker.value(ui.picker.selected))):  "
            g.put(prompt + KeyTable.bar(.typing, state: state, width: width - prompt.count), x: 0, y: 0, style: .dim)
        } else {
            g.put(KeyTable.bar(ui.matrixCursor != nil ? .matrix : ui.lrFindShown ? .lrFind : ui.readOnly ? .recorded : .dashboard, state: state, width: width), x: 0, y: 0, style: .dim)
        }
        return g
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
