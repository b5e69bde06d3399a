import Charts
import Dispatch
import Experiments
import Foundation

/// The interactive workbench: reads keys, sends commands to the session and
/// redraws the latest snapshot at most ten times a second. It never computes:
/// training runs on the session's queue.
final class WorkbenchApp {
    /// What a key asks of the loop. Handlers decide this; only the loop draws.
    enum Reaction { case nothing, redraw, redrawAll, quit }

    private let terminal: Terminal
    private let session = Session()
    private var ui: DashboardState
    private let runsRoot: String
    private let signals = SignalFlag()

    init(terminal: Terminal, preset: String, runsRoot: String) throws {
        self.terminal = terminal
        self.runsRoot = runsRoot
        ui = DashboardState(picker: try Picker(presets: Presets.all, initial: preset, load: Self.load))
    }

    static func load(_ preset: String) throws -> ExperimentConfig { try ConfigLoader.load(Presets.path(for: preset)) }

    func run() {
        var lastDraw = Date.distantPast
        var clearNext = true
        while true {
            if signals.isSet { return stopAndQuit() }
            var reaction = Reaction.nothing
            if let key = terminal.readKey(milliseconds: 100) { reaction = handle(key) }
            switch reaction {
            case .quit: return stopAndQuit()
            case .redrawAll: clearNext = true
            default: break
            }
            if reaction != .nothing || Date().timeIntervalSince(lastDraw) >= 0.1 {
                let (w, h) = terminal.size
                terminal.draw(DashboardScreen.render(session.snapshot, ui, width: w, height: h, glyphs: terminal.glyphs), clearFirst: clearNext)
                clearNext = false
                lastDraw = Date()
            }
        }
    }

    private func stopAndQuit() {
        session.send(.stop)
        session.waitUntilIdle()
    }

    private func handle(_ key: Key) -> Reaction {
        let snapshot = session.snapshot
        if ui.confirmingQuit {
            ui.confirmingQuit = false
            return key == .character("y") ? .quit : .redraw
        }
        if ui.showHelp {
            ui.showHelp = false
            return .redraw
        }
        ui.message = nil
        switch key {
        case .resize: return .redrawAll
        case .up: ui.picker.selected = Picker.Field(rawValue: (ui.picker.selected.rawValue + Picker.Field.allCases.count - 1) % Picker.Field.allCases.count)!
        case .down: ui.picker.selected = Picker.Field(rawValue: (ui.picker.selected.rawValue + 1) % Picker.Field.allCases.count)!
        case .left, .right: adjust(by: key == .right ? 1 : -1, active: snapshot.state.isActive)
        case .enter:
            if snapshot.state.isActive {
                ui.message = "a run is active: stop it (x) first"
            } else {
                do {
                    try ui.picker.config.validate()
                    session.start(ui.picker.config, root: runsRoot)
                } catch {
                    ui.message = "\(error)"
                }
            }
        case .character(" "):
            if snapshot.state == .training { session.send(.pause) } else if snapshot.state == .paused { session.send(.resume) }
        case .character("x"): session.send(.stop)
        case .character("l"): ui.logScale.toggle()
        case .character("?"): ui.showHelp = true
        case .character("q"):
            if snapshot.state.isActive { ui.confirmingQuit = true } else { return .quit }
        default: return .nothing
        }
        return .redraw
    }

    private func adjust(by step: Int, active: Bool) {
        let field = ui.picker.selected
        if active && !field.isLive {
            ui.message = "\(field.label) is locked while training"
            return
        }
        do {
            try ui.picker.adjust(by: step, load: Self.load)
        } catch {
            ui.message = "\(error)"
            return
        }
        guard active else { return }
        if field == .learningRate { session.send(.setLearningRate(Float(ui.picker.config.optimizer.lr))) }
        if field == .dropout { session.send(.setDropout(Float(ui.picker.config.dropout))) }
    }
}

/// Set once SIGINT or SIGTERM arrives; the loop then stops training cleanly.
final class SignalFlag: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var set = false

    init() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [unowned self] in
                lock.lock()
                set = true
                lock.unlock()
            }
            s.resume()
            sources.append(s)
        }
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }
}
