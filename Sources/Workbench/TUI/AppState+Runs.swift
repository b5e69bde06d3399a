import Experiments
import Foundation

extension AppState {
    /// The runs table: select, overlay, open read-only, resume, new run like it, order, filter;
    /// on a group's row Enter opens or folds it, Space overlays its mean curves with their bands.
    mutating func handleRuns(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        let list = runs.sorted(inputs.runs)
        let rows = runs.rows(list, groups: inputs.groups)
        let row = runs.selected(in: rows)
        let run = row?.run
        if let group = row?.group, let answer = handleGroup(action, group, inputs) { return answer }
        switch action {
        case .runUp: runs.move(by: -1, in: rows)
        case .runDown: runs.move(by: 1, in: rows)
        case .runPageUp: runs.move(by: -10, in: rows)
        case .runPageDown: runs.move(by: 10, in: rows)
        case .order: runs.cycleOrder(rows)
        case .filter: runs.startFilter()
        case .back: return show(.dashboard)
        case .name, .tag, .untag, .note, .archive, .delete, .showArchived, .mark, .compare: return handleRunAdmin(action, run, list, inputs)
        case .overlay:
            guard let run else { return .nothing }
            runs.toggleOverlay(run.id)
            dashboard.overlays = Self.overlays(runs, inputs)
        case .open:
            guard let run else { return .nothing }
            return view(run, from: .runs)
        case .resume:
            guard let run else { return .nothing }
            if inputs.live.state.isActive {
                dashboard.message = "a run is active: stop it (x) first"
            } else if let writer = run.writer {
                dashboard.message = "one writer per run: \(run.id) is being written by \(writer)"
            } else if run.state == .done {
                dashboard.message = "\(run.id) is finished: n starts a new run with its settings"
            } else {
                viewed = nil
                dashboard.recorded = nil
                errors = ErrorBrowser(mode: errors.mode)
                var response = show(.dashboard)
                response.commands.append(.resume(run))
                return response
            }
        case .newLike:
            guard let run else { return .nothing }
            viewed = nil
            dashboard.recorded = nil
            dashboard.picker.adopt(run.tunedConfig)
            let response = show(.dashboard)
            dashboard.message = "settings of \(run.id) loaded: Enter starts"
            return response
        default: return .nothing
        }
        return .redraw
    }

    /// A key on a group's row, if it means something else there: Enter opens or
    /// folds it, Space overlays it, `n` starts a run of its config; what works on
    /// one run says so. Nil: the key is the table's (moving, order, filter, back).
    private mutating func handleGroup(_ action: KeyAction, _ group: RunGroup, _ inputs: KeyInputs) -> KeyResponse? {
        switch action {
        case .open: runs.toggleGroup(group.id)
        case .overlay:
            runs.toggleOverlay(group.id)
            dashboard.overlays = Self.overlays(runs, inputs)
        case .newLike:
            viewed = nil
            dashboard.recorded = nil
            dashboard.picker.adopt(group.config)
            let response = show(.dashboard)
            dashboard.message = "settings of the group of \(group.runs.count) \(group.config.preset) runs loaded: Enter starts"
            return response
        case .resume, .name, .tag, .untag, .note, .archive, .delete, .mark, .compare:
            dashboard.message = "a group of \(group.runs.count) runs: Enter lists them, to pick one"
        default: return nil
        }
        return .redraw
    }

    /// The overlays the browser has chosen, runs and groups, in the order they were chosen.
    static func overlays(_ browser: RunsBrowser, _ inputs: KeyInputs) -> [Overlay] {
        let runs = inputs.runs.compactMap { r in
            browser.color(of: r.id).map { Overlay(name: overlayName(r), color: $0, loss: r.series("val", \.loss), accuracy: r.series("val", \.accuracy)) }
        }
        let groups = inputs.groups.compactMap { g in
            browser.color(of: g.id).map {
                Overlay(name: "\(g.config.preset) mean of \(g.runs.count)", color: $0, loss: g.lossCurve, accuracy: g.accuracyCurve,
                        lossBand: g.lossBand, accuracyBand: g.accuracyBand)
            }
        }
        return (runs + groups).sorted { $0.color < $1.color }
    }

    /// An overlay's legend: the run's preset and the time in its id (2026-11-23T13-37-54-vgg16-v2: "vgg16-v2 13-37-54").
    static func overlayName(_ run: RunListing) -> String {
        let time = run.id.count >= 19 ? " " + run.id.prefix(19).suffix(8) : ""
        return run.config.preset + time
    }

    /// A recorded run's settings, one per line, where the picker is.
    static func settingsLines(_ run: RunListing) -> [String] {
        let c = run.tunedConfig
        return [run.id, "preset \(c.preset), network \(c.network.rawValue)",
                "\(c.optimizer.kind.rawValue), lr \(Picker.formatRate(c.optimizer.lr)), dropout \(String(format: "%.2f", c.dropout))"
                    + (run.isTunedLive ? " (set live)" : ""),
                "batch \(c.batchSize), split \(c.split.rawValue), augmentation \(c.augmentation == nil ? "off" : "on")",
                "seed \(run.manifest.trainingSeed), profile \(c.data.profile.rawValue)",
                "epochs \(run.epochsCompleted)/\(c.epochs), \(run.state.rawValue)"]
    }
}
