import Charts
import Experiments
import Foundation

/// Every run under the runs folder in one table; a named or tagged run shows
/// its name and tags in place of its id, which the line below the table gives
/// for the selected run with its note.
enum RunsScreen {
    /// `runs` nil: the folder is still being read.
    static func render(_ live: Session.Snapshot, runs found: [RunListing]?, problems: [String], _ b: RunsBrowser, root: String, width: Int, height: Int) -> Grid {
        let runs = found ?? []
        var grid = Grid(width: width, height: height)
        grid.place(DashboardScreen.statusLine(live, width: width), x: 0, y: 0)
        let filter = b.editingFilter ? " │ filter: \(b.filter)_" : b.filter.isEmpty ? "" : " │ filter \"\(b.filter)\""
        grid.put("runs in \(root): \(runs.count)" + (b.filter.isEmpty ? "" : " shown") + (problems.isEmpty ? "" : ", \(problems.count) unreadable")
                 + " │ ordered by \(b.order.rawValue)" + (b.showArchived ? " │ archived shown" : "") + filter, x: 0, y: 1, style: .title)
        if let p = b.prompt {
            let typed = "\(p.label) for \(p.runID): \(p.text)_"
            grid.put(typed, x: 0, y: height - 1, style: .title)
            // One column short of the edge: curses does not write the bottom-right cell.
            grid.put("  " + KeyTable.bar(.typing, state: live.state, width: max(width - typed.count - 3, 0)), x: typed.count, y: height - 1, style: .dim)
        } else {
            grid.put(b.editingFilter ? "type words a run must contain (id, preset, network, optimizer, state, name, tags, note)  " + KeyTable.bar(.typing, state: live.state)
                     : KeyTable.bar(.runs, state: live.state, width: width), x: 0, y: height - 1, style: .dim)
        }
        let wide = width >= 120
        let header = row(overlay: " ", id: "run", preset: "preset", settings: "opt lr dropout", epochs: "epochs", best: "best val",
                         test: "test (Wilson 95%)", time: "time", state: "state", wide: wide)
        grid.put(header, x: 0, y: 2, style: .dim)
        let visible = height - 5 - min(problems.count, 3)
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
            // A marked run shows its place in the comparison where the overlay dot goes, in the overlay's colour if it has one.
            let marker = b.mark(of: run.id).map(String.init) ?? (color == nil ? " " : "●")
            let line = row(overlay: marker, id: title(run), preset: c.preset, settings: settings,
                           epochs: "\(run.epochsCompleted)/\(c.epochs)", best: best, test: test,
                           time: DashboardScreen.clock(run.seconds), state: run.state.rawValue, wide: wide)
            let y = 3 + i - top
            grid.put(line, x: 0, y: y, style: i == cursor ? .highlight : run.isArchived ? .dim : .plain)
            if let color, i != cursor { grid.put(marker, x: 0, y: y, style: .series(DashboardScreen.overlayStyle(color))) }
        }
        if found == nil {
            grid.put("reading \(root)…", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty && !b.filter.isEmpty {
            grid.put("no run matches the filter: / and Esc clears it", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty {
            grid.put("no runs yet: start one on the dashboard or with `workbench train`", x: 2, y: 4, style: .dim)
        }
        if let run = b.selected(in: runs) { grid.put(cell(details(run), width), x: 0, y: height - 2, style: .dim) }
        for (i, p) in problems.prefix(3).enumerated() { grid.put("unreadable: " + p, x: 0, y: height - 3 - i, style: .warning) }
        return grid
    }

    /// The run column: the name and tags a person gave the run, else its id.
    static func title(_ run: RunListing) -> String {
        let a = run.annotations
        guard !a.isEmpty, a.name != nil || !a.tags.isEmpty else { return run.id }
        return ([a.name].compactMap { $0 } + a.tags.map { "#" + $0 }).joined(separator: " ")
    }

    /// The selected run in full: id, name, tags, note (its first line), archived.
    static func details(_ run: RunListing) -> String {
        let a = run.annotations
        let note = a.note.map { $0.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
        return ([run.id] + [a.name.map { "name \"\($0)\"" }, a.tags.isEmpty ? nil : "tags " + a.tags.joined(separator: " "),
                            note.map { "note: " + $0 }, run.isArchived ? "archived" : nil].compactMap { $0 }).joined(separator: " │ ")
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
