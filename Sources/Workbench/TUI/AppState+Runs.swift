import Experiments
import Foundation

extension AppState {
    /// The runs table: select, overlay, open read-only, resume, new run like it, order, filter.
    mutating func handleRuns(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        let list = runs.sorted(inputs.runs)
        let run = runs.selected(in: list)
        switch action {
        case .runUp: runs.move(by: -1, in: list)
        case .runDown: runs.move(by: 1, in: list)
        case .runPageUp: runs.move(by: -10, in: list)
        case .runPageDown: runs.move(by: 10, in: list)
        case .order: runs.cycleOrder(inputs.runs)
        case .filter: runs.startFilter()
        case .back: return show(.dashboard)
        case .name, .tag, .untag, .note, .archive, .delete, .showArchived, .mark, .compare: return handleRunAdmin(action, run, list, inputs)
        case .overlay:
            guard let run else { return .nothing }
            runs.toggleOverlay(run.id)
            dashboard.overlays = list.compactMap { r in
                runs.color(of: r.id).map { Overlay(name: Self.overlayName(r), color: $0, loss: r.series("val", \.loss), accuracy: r.series("val", \.accuracy)) }
            }.sorted { $0.color < $1.color }
        case .open:
            guard let run else { return .nothing }
            viewed = run
            dashboard.recorded = Self.settingsLines(run)
            errors = ErrorBrowser(mode: errors.mode)
            return show(.dashboard)
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
