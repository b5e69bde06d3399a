import Charts
import Experiments
import Foundation

/// Every run under the runs folder in one table; a named or tagged run shows
/// its name and tags in place of its id, which the line below the table gives
/// for the selected run with its note. Runs of one config over seeds fold into
/// a group's row: its mean test accuracy with the Student-t interval and n.
enum RunsScreen {
    /// `runs` nil: the folder is still being read.
    static func render(_ live: Session.Snapshot, runs found: [RunListing]?, problems: [String], groups: [RunGroup] = [], _ b: RunsBrowser, root: String,
                       width: Int, height: Int) -> Grid {
        let runs = found ?? []
        let rows = b.rows(runs, groups: groups)
        let folded = rows.compactMap(\.group).count
        var grid = Grid(width: width, height: height)
        grid.place(DashboardScreen.statusLine(live, width: width), x: 0, y: 0)
        let filter = b.editingFilter ? " │ filter: \(b.filter)_" : b.filter.isEmpty ? "" : " │ filter \"\(b.filter)\""
        grid.put("runs in \(root): \(runs.count)" + (b.filter.isEmpty ? "" : " shown") + (folded == 0 ? "" : ", \(folded) group\(folded == 1 ? "" : "s") of seeds")
                 + (problems.isEmpty ? "" : ", \(problems.count) unreadable")
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
        let cursor = b.cursor(in: rows)
        let top = max(0, min(cursor - visible / 2, rows.count - visible))
        for (i, r) in rows.enumerated().dropFirst(top).prefix(visible) {
            let color = b.color(of: r.id)
            let y = 3 + i - top
            let (marker, line, dim): (String, String, Bool)
            switch r {
            case .group(let g, let open):
                marker = color == nil ? " " : "●"
                line = groupRow(g, open: open, overlay: marker, wide: wide)
                dim = false
            case .run(let run, let member):
                // A marked run shows its place in the comparison where the overlay dot goes, in the overlay's colour if it has one.
                marker = b.mark(of: run.id).map(String.init) ?? (color == nil ? " " : "●")
                line = runRow(run, member: member, overlay: marker, wide: wide)
                dim = run.isArchived
            }
            grid.put(line, x: 0, y: y, style: i == cursor ? .highlight : dim ? .dim : .plain)
            if let color, i != cursor { grid.put(marker, x: 0, y: y, style: .series(DashboardScreen.overlayStyle(color))) }
        }
        if found == nil {
            grid.put("reading \(root)…", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty && !b.filter.isEmpty {
            grid.put("no run matches the filter: / and Esc clears it", x: 2, y: 4, style: .dim)
        } else if runs.isEmpty {
            grid.put("no runs yet: start one on the dashboard or with `workbench train`", x: 2, y: 4, style: .dim)
        }
        switch b.selected(in: rows) {
        case .run(let run, _)?: grid.put(cell(details(run), width), x: 0, y: height - 2, style: .dim)
        case .group(let g, let open)?: grid.put(cell(details(g, open: open), width), x: 0, y: height - 2, style: .dim)
        case nil: break
        }
        for (i, p) in problems.prefix(3).enumerated() { grid.put("unreadable: " + p, x: 0, y: height - 3 - i, style: .warning) }
        return grid
    }

    /// A run's line; under its open group, a line in the gutter joins it to the group's row.
    private static func runRow(_ run: RunListing, member: Bool, overlay: String, wide: Bool) -> String {
        let c = run.tunedConfig, s = run.summary
        let best = s?.bestValidationAccuracy.map { String(format: "%.3f @%d", $0, s?.bestValidationEpoch ?? 0) } ?? "-"
        let test = s?.testAccuracy.map { a in
            s?.testAccuracyInterval.map { String(format: "%.3f (%.3f-%.3f)", a, $0.low, $0.high) } ?? String(format: "%.3f", a)
        } ?? "-"
        return row(overlay: overlay, member: member, id: title(run), preset: c.preset, settings: settings(c),
                   epochs: "\(run.epochsCompleted)/\(c.epochs)", best: best, test: test,
                   time: DashboardScreen.clock(run.seconds), state: run.state.rawValue, wide: wide)
    }

    /// A group's line: ▸ folded, ▾ open; the means over its runs, test with the
    /// half-width of its Student-t 95 % interval and how many finished.
    private static func groupRow(_ g: RunGroup, open: Bool, overlay: String, wide: Bool) -> String {
        let c = g.config
        let epochs = g.runs.map(\.epochsCompleted)
        let reached = epochs.min() == epochs.max() ? "\(epochs[0])" : "\(epochs.min() ?? 0)-\(epochs.max() ?? 0)"
        let best = g.bestValidation.map { String(format: "%.3f mean", $0.mean) } ?? "-"
        let test = g.test.map { e in
            e.interval.map { String(format: "%.3f ±%.3f t n=%d", e.mean, ($0.high - $0.low) / 2, e.n) } ?? String(format: "%.3f n=%d", e.mean, e.n)
        } ?? "-"
        let done = g.runs.filter { $0.state == .done }.count
        return row(overlay: overlay, id: (open ? "▾ " : "▸ ") + "\(c.preset) ×\(g.runs.count) seeds", preset: c.preset, settings: settings(c),
                   epochs: "\(reached)/\(c.epochs)", best: best, test: test, time: DashboardScreen.clock(g.runs.map(\.seconds).reduce(0, +)),
                   state: done == g.runs.count ? "done" : "\(done)/\(g.runs.count) done", wide: wide)
    }

    private static func settings(_ c: ExperimentConfig) -> String {
        "\(c.optimizer.kind.rawValue) \(Picker.formatRate(c.optimizer.lr)) \(String(format: "%.2f", c.dropout))"
    }

    /// The selected group in full: its runs' count, the test accuracy's mean with its interval, and how to see its runs.
    static func details(_ g: RunGroup, open: Bool) -> String {
        let test = g.test.map { e in
            String(format: "test mean %.4f (", e.mean) + (e.interval.map { String(format: "Student-t 95%% %.4f-%.4f, ", $0.low, $0.high) } ?? "")
                + "n=\(e.n) finished)"
        } ?? "no run finished yet"
        return ["group of \(g.runs.count) runs, seeds apart", test, open ? "Enter folds it" : "Enter lists its runs"].joined(separator: " │ ")
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
    private static func row(overlay: String, member: Bool = false, id: String, preset: String, settings: String, epochs: String, best: String, test: String,
                            time: String, state: String, wide: Bool) -> String {
        // The last column's trailing space may fall off the screen's edge.
        overlay + (member ? "│" : " ") + cell(id, 30) + (wide ? cell(preset, 10) + cell(settings, 21) : "") + cell(epochs, 9) + cell(best, 11)
            + cell(test, 20) + (wide ? cell(time, 9) : "") + cell(state, 9)
    }

    /// `text` in a column `width` wide, its last character a space.
    static func cell(_ text: String, _ width: Int) -> String {
        let fitted = text.count < width ? text : text.prefix(max(width - 2, 0)) + "…"
        return fitted.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
