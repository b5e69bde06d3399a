import Charts
import Experiments
import Foundation

/// A search, live: every trial's validation curve overlaid with the
/// scheduler's decisions marked where they fell (▲ promoted, × stopped early,
/// ◆ took another trial's weights), a scatter of best validation accuracy
/// against one searched key, and the leaderboard, ranked on validation.
enum SearchScreen {
    static func render(_ found: (searches: [SearchFolder], problems: [String])?, _ b: SearchBrowser, job: SearchJob.Snapshot, live: Session.State,
                       root: String, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.put(KeyTable.bar(.search, state: live, width: width - 1), x: 0, y: height - 1, style: .dim)
        guard let found else {
            grid.put("reading \(root)…", x: 0, y: 0, style: .dim)
            return grid
        }
        guard let s = b.current(found.searches, running: job.isRunning ? job.folder : nil) else {
            grid.put("no searches in \(root)/ yet", x: 0, y: 0, style: .title)
            grid.put("S on the dashboard sets one up from the picker; `workbench search SPEC --out \(root)/NAME` runs one this screen follows.", x: 2, y: 2, style: .dim)
            for (i, p) in found.problems.prefix(3).enumerated() { grid.put(p, x: 2, y: 4 + i, style: .warning) }
            return grid
        }
        let index = found.searches.firstIndex { $0.path == s.path } ?? 0
        grid.put(title(s, index: index, of: found.searches.count, job: job), x: 0, y: 0, style: .title)
        let chartHeight = max(8, (height - 4) / 2)
        let left = width * 3 / 5
        grid.place(curves(s, selected: b.trial, glyphs: glyphs).render(width: left - 1, height: chartHeight, glyphs: glyphs), x: 0, y: 1)
        grid.place(scatter(s, b, width: width - left, height: chartHeight, glyphs: glyphs), x: left, y: 1)
        let tableTop = 1 + chartHeight
        grid.place(leaderboard(s, b, width: width, height: height - 2 - tableTop), x: 0, y: tableTop)
        grid.put(detail(s, b, job: job), x: 0, y: height - 2, style: .dim)
        return grid
    }

    /// "search 2026-...-asha (1 of 2) │ asha over optimizer.lr, dropout │ 14 of 24 trials, 9 ended │ training here: trial 15 epoch 3/6"
    static func title(_ s: SearchFolder, index: Int, of count: Int, job: SearchJob.Snapshot) -> String {
        let ended = s.state.trials.filter(\.isFinal).count
        let which = count > 1 ? " (\(index + 1) of \(count), ←→ others)" : ""
        return "search \(s.name)\(which) │ \(s.spec.method.rawValue), \(s.state.trials.count) of \(s.trialCount) trials started, \(ended) ended │ " + status(s, job: job)
    }

    /// Who trains it now, or what it waits for.
    static func status(_ s: SearchFolder, job: SearchJob.Snapshot) -> String {
        if job.folder == s.path, job.isRunning {
            if job.phase == .stopping { return "stopping after this batch" }
            let trial = job.trial.map { " \($0.components(separatedBy: "-trial-").last.map { "trial " + $0 } ?? $0)" } ?? ""
            return "training here:\(trial) epoch \(job.epoch)/\(job.epochs) batch \(job.batch)/\(job.batches)"
        }
        if job.folder == s.path, case .failed(let why) = job.phase { return "failed: \(why)" }
        if let w = s.writer { return "written by process \(w.pid)" }
        return s.isFinished ? "finished" : "stopped: r resumes it here"
    }

    /// Every trial's validation accuracy by epoch: the three leaders and the
    /// selected trial in colour, the rest faint; the decisions as marks.
    static func curves(_ s: SearchFolder, selected: Int?, glyphs: Glyphs) -> LineChart {
        let leaders = Array(s.ranking.prefix(3))
        let chosen = selected ?? leaders.first
        func points(_ t: SearchTrial) -> [(x: Double, y: Double)] { t.validationAccuracy.enumerated().map { (Double($0.offset + 1), $0.element) } }
        var series = s.rows.filter { !leaders.contains($0.trial.index) && $0.trial.index != chosen }.map { Series(name: "", points: points($0.trial), style: .faint(5)) }
        series += leaders.enumerated().map { rank, i in Series(name: "#\(rank + 1) t\(i + 1)", points: points(s.rows[i].trial), style: .series(rank)) }
        if let c = chosen, !leaders.contains(c), c < s.rows.count { series.append(Series(name: "t\(c + 1)", points: points(s.rows[c].trial), style: .series(3))) }
        var chart = LineChart(title: "val acc \(glyphs.marker)promoted \(glyphs.unicode ? "×" : "x")stopped", series: series)
        chart.marks = s.decisions.compactMap { d in
            guard let y = s.rows[d.trial].trial.accuracy(atEpoch: d.epoch) else { return nil }
            let (character, style): (Character, Style) = switch d.kind {
            case .promoted: (glyphs.marker, .marker)
            case .stopped: (glyphs.unicode ? "×" : "x", .warning)
            case .exploited: (glyphs.unicode ? "◆" : "o", .highlight)
            case .diverged: ("!", .warning)
            }
            return Mark(x: Double(d.epoch), y: y, character: character, style: style)
        }
        if s.spec.method == .asha {
            chart.markers = SearchScheduler.rungs(s.spec.asha).dropLast().map(Double.init)
            chart.xRange = 1...Double(max(s.spec.asha.maxEpochs, 2))
        }
        return chart
    }

    /// Best validation accuracy against the selected key: a scatter for numbers, best and mean per name otherwise.
    static func scatter(_ s: SearchFolder, _ b: SearchBrowser, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        let d = s.spec.space[b.scatterKey % s.spec.space.count]
        let trials = s.rows.map(\.trial)
        let more = s.spec.space.count > 1 ? " (k: next key)" : ""
        if var chart = SearchScatter.chart(d, trials) {
            chart.title = "best val vs \(d.key)" + more
            // The selected trial stands out among the dots.
            if let t = b.trial ?? s.ranking.first, let v = s.rows[t].trial.settings.first(where: { $0.key == d.key }).flatMap({ Double($0.value) }),
               let best = s.rows[t].trial.bestValidation {
                chart.marks = [Mark(x: v, y: best.accuracy, character: glyphs.unicode ? "◆" : "o", style: .series(3))]
            }
            return chart.render(width: width, height: height, glyphs: glyphs)
        }
        var grid = Grid(width: width, height: height)
        grid.put("best val by \(d.key)" + more, x: 0, y: 0, style: .title)
        let choices = SearchScatter.choices(d, trials)
        let name = max(choices.map(\.value.count).max() ?? 0, 4)
        let bar = max(width - name - 30, 4)
        for (i, c) in choices.prefix(height - 1).enumerated() {
            let filled = Int((c.best * Double(bar)).rounded())
            let line = c.value.padding(toLength: name, withPad: " ", startingAt: 0) + " "
                + String(repeating: glyphs.barFull, count: filled) + String(repeating: glyphs.barEmpty, count: bar - filled)
                + String(format: " best %.3f mean %.3f n %d", c.best, c.mean, c.count)
            grid.put(line, x: 0, y: 1 + i, style: .plain)
        }
        if choices.isEmpty { grid.put("waiting for a validation epoch", x: 1, y: 2, style: .dim) }
        return grid
    }

    /// The ranked trials (test accuracy shown, never used to rank); the selected one highlighted.
    static func leaderboard(_ s: SearchFolder, _ b: SearchBrowser, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        let keys = s.spec.space.map(\.key)
        let widths = keys.map { min(max($0.count, 8), 14) }
        let wide = width >= 110
        func line(_ rank: String, _ trial: String, _ values: [String], _ epochs: String, _ best: String, _ test: String, _ state: String) -> String {
            let cells = zip(values, widths).map { v, w in String(v.prefix(w)).padding(toLength: w, withPad: " ", startingAt: 0) }
            return rank.leftPadded(4) + " " + trial.leftPadded(5) + "  " + cells.joined(separator: " ") + " " + epochs.leftPadded(6)
                + "  " + best.padding(toLength: 14, withPad: " ", startingAt: 0) + " " + test.padding(toLength: wide ? 25 : 7, withPad: " ", startingAt: 0) + " " + state
        }
        grid.put(line("rank", "trial", keys, "epochs", "best val (ep)", wide ? "test (Wilson 95%)" : "test", "state"), x: 0, y: 0, style: .dim)
        let order = SearchBrowser.order(s), ranked = Set(s.ranking)
        let cursor = b.cursor(in: s), visible = max(height - 1, 1)
        let top = max(0, min(cursor - visible / 2, order.count - visible))
        for (place, i) in order.enumerated().dropFirst(top).prefix(visible) {
            let row = s.rows[i], t = row.trial
            let values = keys.map { k in t.settings.first { $0.key == k }?.value ?? "" }
            let best = t.bestValidation.map { String(format: "%.4f (%d)", $0.accuracy, $0.epoch) } ?? "—"
            let test = row.testAccuracy.map { a in String(format: "%.4f", a) + (wide ? row.test.map { String(format: " [%.4f, %.4f]", $0.low, $0.high) } ?? "" : "") } ?? "—"
            let text = line(ranked.contains(i) ? String(place + 1) : "", String(i + 1), values, String(t.validationAccuracy.count), best, test, t.state.rawValue)
            grid.put(String(text.prefix(width)), x: 0, y: 1 + place - top, style: place == cursor ? .highlight : t.state == .stopped ? .dim : .plain)
        }
        return grid
    }

    /// The selected trial's run folder and what Enter does, or the search's latest line.
    static func detail(_ s: SearchFolder, _ b: SearchBrowser, job: SearchJob.Snapshot) -> String {
        let order = SearchBrowser.order(s)
        guard !order.isEmpty else { return job.folder == s.path ? job.line ?? "" : "no trial has started" }
        let t = s.rows[order[b.cursor(in: s)]].trial
        return "trial \(t.index + 1)" + (t.note.map { " (\($0))" } ?? "") + ": " + (t.run.map { "\(s.path)/\($0), Enter opens it" } ?? "not started")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
