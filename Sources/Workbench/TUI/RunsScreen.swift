import Charts
import Experiments
import Foundation

/// Every run under the runs folder in one table.
enum RunsScreen {
    /// `runs` nil: the folder is still being read.
    static func render(_ live: Session.Snapshot, runs found: [RunListing]?, problems: [String], _ b: RunsBrowser, root: String, width: Int, height: Int) -> Grid {
        let runs = found ?? []
        var grid = Grid(width: width, height: height)
        grid.place(DashboardScreen.statusLine(live, width: width), x: 0, y: 0)
        let filter = b.editingFilter ? " │ filter: \(b.filter)_" : b.filter.isEmpty ? "" : " │ filter \"\(b.filter)\""
        grid.put("runs in \(root): \(runs.count)" + (b.filter.isEmpty ? "" : " shown") + (problems.isEmpty ? "" : ", \(problems.count) unreadable")
                 + " │ ordered by \(b.order.rawValue)" + filter, x: 0, y: 1, style: .title)
        grid.put(b.editingFilter ? "type words a run must contain (id, preset, network, optimizer, state)  " + KeyTable.bar(.typing, state: live.state)
                 : KeyTable.bar(.runs, state: live.state, width: width), x: 0, y: height - 1, style: .dim)
        let wide = width >= 120
        let header = row(overlay: " ", id: "run", preset: "preset", settings: "opt lr dropout", epochs: "epochs", best: "best val",
                         test: "test (Wilson 95%)", time: "time", state: "state", wide: wide)
        grid.put(header, x: 0, y: 2, style: .dim)
        let visible = height - 4 - min(problems.count, 3)
        let cursor = b.cursor(in: runs)
        let top = max(0, min(cursor - visible / 2, runs.count - visible))
        for (i, run) in runs.enumerated().dropFirst(top).prefix(visible) {
            let c = run.tunedConfig, s = run.summary
            let settings = "\(c.optimizer.kind.rawValue) \(Picker.formatRate(c.optimizer.lr)) \(String(format: "%.2f", c.dropout))"
            let best = s?.bestValidationAccuracy.map { String(format: "%.3f @%d", $0, s?.bestValidationEpoch ?? 0) } ?? "-"
            let test = s?.testAccuracy.map { a in
                s?.testAccuracyInterval.map { String(format: "%.3f (%.3f-%.3f)", a, $0.low, $0.high) } ?? String(format: "%.3f", a)
            } ?? "-"
            let color = b.color(of: run.id)
            let line = row(overlay: color == nil ? " " : "●", id: run.id, preset: c.preset, settings: settings,
                           epochs: "\(run.epochsCompleted)/\(c.epochs)", best: best, test: test,
                           time: DashboardScreen.clock(run.seconds), state: run.state.rawValue, wide: wide)
            let y = 3 + i - top
            grid.put(line, x: 0, y: y, style: i == cursor ? .highlight : .plain)
            if let color, i != cursor { grid.put("●", x: 0, y: y, style: .series(DashboardScreen.overlayStyle(color))) }
        }
        if found == nil {
            grid.put("reading \(root)…", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty && !b.filter.isEmpty {
            grid.put("no run matches the filter: / and Esc clears it", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty {
            grid.put("no runs yet: start one on the dashboard or with `workbench train`", x: 2, y: 4, style: .dim)
        }
        for (i, p) in problems.prefix(3).enumerated() { grid.put("unreadable: " + p, x: 0, y: height - 2 - i, style: .warning) }
        return grid
    }

    /// One line of the table; below 120 columns the settings and time columns give way.
    /// Every cell keeps a space before the next column: a longer value ends in "…".
    private static func row(overlay: String, id: String, preset: String, settings: String, epochs: String, best: String, test: String,
                            time: String, state: String, wide: Bool) -> String {
        // The last column's trailing space may fall off the screen's edge.
        overlay + " " + cell(id, 30) + (wide ? cell(preset, 10) + cell(settings, 21) : "") + cell(epochs, 9) + cell(best, 11)
            + cell(test, 20) + (wide ? cell(time, 9) : "") + cell(state, 9)
    }

    /// `text` in a column `width` wide, its last character a space.
    static func cell(_ text: String, _ width: Int) -> String {
        let fitted = text.count < width ? text : text.prefix(max(width - 2, 0)) + "…"
        return fitted.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
