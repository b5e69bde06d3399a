import Charts
import Dispatch
import Experiments
import Foundation

/// The interactive workbench: reads keys, sends commands to the session and
/// redraws the latest snapshot at most five times a second. It never computes:
/// training runs on the session's queue.
final class WorkbenchApp {
    /// What a key asks of the loop. Handlers decide this; only the loop draws.
    enum Reaction { case nothing, redraw, redrawAll, quit }
    enum Screen: Int, CaseIterable { case dashboard, errors, runs }
    /// How the loop ended: by a signal (Ctrl-C, SIGTERM, SIGHUP) or by q, and
    /// the line saying how to resume the run it stopped unfinished, if any.
    struct Exit {
        let signalled: Bool
        let resumeLine: String?
    }

    private let terminal: Terminal
    private let session = Session()
    private var ui: DashboardState
    private var errors: ErrorBrowser
    private var screen = Screen.dashboard
    private var runs = RunsBrowser()
    private let catalog: RunCatalog
    /// The recorded run opened read-only from the runs table, if any.
    private var viewed: RunListing?
    private let runsRoot: String
    /// A preset by name, with the command line's options applied.
    private let load: (String) throws -> ExperimentConfig
    private let signals = SignalFlag()

    /// Opens on `initial` (a preset with any command-line overrides); `startAtOnce` trains it right away.
    init(terminal: Terminal, initial: ExperimentConfig, load: @escaping (String) throws -> ExperimentConfig, runsRoot: String, startAtOnce: Bool) throws {
        self.terminal = terminal
        self.runsRoot = runsRoot
        self.load = load
        ui = DashboardState(picker: Picker(presets: Presets.all, initial: initial))
        errors = ErrorBrowser(mode: terminal.canDrawGrays ? .halfBlocks : .ascii)
        catalog = RunCatalog(root: runsRoot)
        if startAtOnce { session.start(initial, root: runsRoot) }
    }

    func run() -> Exit {
        var lastDraw = Date.distantPast
        var drawnVersion = -1, drawnScan = -1
        var clearNext = true
        var lastState = session.snapshot.state
        while true {
            if signals.isSet { return stopAndQuit(signalled: true) }
            var reaction = Reaction.nothing
            if let key = terminal.readKey(milliseconds: 100) { reaction = handle(key) }
            switch reaction {
            case .quit: return stopAndQuit(signalled: false)
            case .redrawAll: clearNext = true
            default: break
            }
            // The runs table is read again every 2 s, and at once when the session's
            // run changes state (a finished run is listed as done, not as nothing).
            let snapshot = session.snapshot
            if snapshot.state != lastState || (screen == .runs && Date().timeIntervalSince(catalog.lastRequest) > 2) { catalog.refresh() }
            lastState = snapshot.state
            // A key or a finished scan of the runs redraws at once; news from the
            // session at most five times a second (each frame costs the training
            // threads a little); a recorded run's errors load on their own: once a second.
            let since = Date().timeIntervalSince(lastDraw)
            let scan = catalog.version
            if reaction != .nothing || (screen == .runs && scan != drawnScan) || (since >= 0.2 && snapshot.version != drawnVersion) || since >= 1 {
                terminal.draw(render(snapshot), clearFirst: clearNext)
                clearNext = false
                lastDraw = Date()
                drawnVersion = snapshot.version
                drawnScan = scan
            }
        }
    }

    private func render(_ live: Session.Snapshot) -> Grid {
        let (w, h) = terminal.size
        guard w >= DashboardScreen.minimumSize.width, h >= DashboardScreen.minimumSize.height else {
            return DashboardScreen.tooSmall(width: w, height: h)
        }
        var grid: Grid
        let (shown, waiting) = shownSnapshot(live)
        switch screen {
        case .dashboard: grid = DashboardScreen.render(shown, ui, width: w, height: h, glyphs: terminal.glyphs)
        case .errors:
            grid = ErrorsScreen.render(shown, errors, waiting: waiting, readOnly: viewed != nil, width: w, height: h, glyphs: terminal.glyphs)
            if let m = ui.message { grid.place(ErrorsScreen.messageLine(m, width: w), x: 0, y: h - 1) }
        case .runs:
            let found = catalog.latest
            grid = RunsScreen.render(live, runs: found.map { runs.sorted($0.runs) }, problems: found?.problems ?? [], runs, root: runsRoot, width: w, height: h)
            if let m = ui.message { grid.put(m, x: 0, y: h - 2, style: .warning) }
        }
        if ui.showHelp { grid.place(HelpBox.render(), x: max((w - HelpBox.width) / 2, 0), y: 2) }
        if ui.confirmingQuit {
            let text = " Training is running. Stop it (checkpoint kept) and quit? y / n "
            grid.put(text, x: max((w - text.count) / 2, 0), y: h / 2, style: .highlight)
        }
        return grid
    }

    /// The live session, or the recorded run being viewed with its test errors
    /// once loaded (and, until then, why there are none).
    private func shownSnapshot(_ live: Session.Snapshot) -> (Session.Snapshot, String?) {
        guard let run = viewed else { return (live, nil) }
        var s = Session.Snapshot(run)
        switch catalog.testErrors(of: run) {
        case .success(let e)?: s.testErrors = e
        case .failure(let error)?: return (s, "cannot show this run's errors: \(error)")
        case nil: return (s, "loading the test images of \(run.id)…")
        }
        return (s, nil)
    }

    private func stopAndQuit(signalled: Bool) -> Exit {
        session.send(.stop)
        session.waitUntilIdle()
        let s = session.snapshot
        return Exit(signalled: signalled, resumeLine: s.summary.flatMap { ProgressPrinter.resumeLine($0, directory: s.runDirectory) })
    }

    /// Dialogs first, then keys every screen shares, then the screen's own.
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
        if screen == .runs && runs.editingFilter && key != .resize {
            runs.editFilter(key)
            return .redraw
        }
        switch key {
        case .resize: return .redrawAll
        case .tab: return show(Screen(rawValue: (screen.rawValue + 1) % Screen.allCases.count)!)
        case .character("1"): return show(.dashboard)
        case .character("2"): return show(.errors)
        case .character("3"): return show(.runs)
        case .character("?"): ui.showHelp = true
        case .character("q"):
            if snapshot.state.isActive { ui.confirmingQuit = true } else { return .quit }
        case .character(" ") where screen != .runs:
            if snapshot.state == .training { session.send(.pause) } else if snapshot.state == .paused { session.send(.resume) }
        case .character("x"): session.send(.stop)
        default:
            switch screen {
            case .dashboard: return handleDashboard(key, shownSnapshot(snapshot).0)
            case .errors: return handleErrors(key, shownSnapshot(snapshot).0)
            case .runs: return handleRuns(key, snapshot)
            }
        }
        return .redraw
    }

    private func show(_ next: Screen) -> Reaction {
        screen = next
        if next == .runs { catalog.refresh() }
        return .redrawAll
    }

    private func handleDashboard(_ key: Key, _ snapshot: Session.Snapshot) -> Reaction {
        if ui.matrixCursor != nil { return handleMatrix(key, snapshot) }
        if viewed != nil {
            switch key {
            case .escape:
                viewed = nil
                ui.recorded = nil
                return show(.runs)
            case .character("l"), .character("s"), .character("["), .character("]"), .character("m"), .character("e"): break
            default:
                ui.message = "read-only: Esc returns to the runs table"
                return .redraw
            }
        }
        switch key {
        case .up: ui.picker.selected = Picker.Field(rawValue: (ui.picker.selected.rawValue + Picker.Field.allCases.count - 1) % Picker.Field.allCases.count)!
        case .down: ui.picker.selected = Picker.Field(rawValue: (ui.picker.selected.rawValue + 1) % Picker.Field.allCases.count)!
        case .left, .right: adjust(by: key == .right ? 1 : -1, active: snapshot.state.isActive)
        case .enter:
            if snapshot.state.isActive {
                ui.message = "a run is active: stop it (x) first"
            } else {
                do {
                    try ui.picker.config.validate()
                    errors = ErrorBrowser(mode: errors.mode)
                    session.start(ui.picker.config, root: runsRoot)
                } catch {
                    ui.message = "\(error)"
                }
            }
        case .character("l"): ui.logScale.toggle()
        case .character("s"): ui.smoothing.toggle()
        case .character("["), .character("]"):
            ui.smoothingWeight = DashboardScreen.stepSmoothing(ui.smoothingWeight, by: key == .character("]") ? 1 : -1)
            ui.smoothing = true
        case .character("m"):
            guard snapshot.validationConfusion ?? snapshot.testConfusion != nil else {
                ui.message = "the confusion matrix appears after the first epoch"
                return .redraw
            }
            ui.matrixCursor = (0, 0)
        case .character("e"):
            screen = .errors
            return .redrawAll
        default: return .nothing
        }
        return .redraw
    }

    /// The cursor on the confusion matrix: arrows move it, Enter opens the
    /// errors of that cell (a diagonal cell: every error of that true class).
    private func handleMatrix(_ key: Key, _ snapshot: Session.Snapshot) -> Reaction {
        guard var cursor = ui.matrixCursor, let classes = (snapshot.validationConfusion ?? snapshot.testConfusion)?.classNames.count else { return .nothing }
        switch key {
        case .up: cursor.row = max(cursor.row - 1, 0)
        case .down: cursor.row = min(cursor.row + 1, classes - 1)
        case .left: cursor.column = max(cursor.column - 1, 0)
        case .right: cursor.column = min(cursor.column + 1, classes - 1)
        case .escape, .character("m"):
            ui.matrixCursor = nil
            return .redraw
        case .enter:
            errors.split = snapshot.validationConfusion == nil ? .test : .validation
            errors.label = cursor.row
            errors.predicted = cursor.row == cursor.column ? nil : cursor.column
            errors.resetSelection()
            ui.matrixCursor = nil
            screen = .errors
            return .redrawAll
        default: return .nothing
        }
        ui.matrixCursor = cursor
        return .redraw
    }

    private func handleErrors(_ key: Key, _ snapshot: Session.Snapshot) -> Reaction {
        let (w, h) = terminal.size
        switch errors.handle(key, snapshot, layout: ErrorsScreen.layout(width: w, height: h), grayRampProblem: terminal.grayRampProblem) {
        case .ignored: return .nothing
        case .changed: return .redraw
        case .back:
            screen = .dashboard
            return .redrawAll
        case .refused(let why):
            ui.message = why
            return .redraw
        }
    }

    private func handleRuns(_ key: Key, _ snapshot: Session.Snapshot) -> Reaction {
        let found = catalog.latest?.runs ?? []
        let list = runs.sorted(found)
        let run = runs.selected(in: list)
        switch key {
        case .up: runs.move(by: -1, in: list)
        case .down: runs.move(by: 1, in: list)
        case .pageUp: runs.move(by: -10, in: list)
        case .pageDown: runs.move(by: 10, in: list)
        case .character("o"): runs.cycleOrder(found)
        case .character("/"): runs.startFilter()
        case .escape: return show(.dashboard)
        case .character(" "):
            guard let run else { return .nothing }
            runs.toggleOverlay(run.id)
            ui.overlays = list.compactMap { r in
                runs.color(of: r.id).map { Overlay(name: String(r.id.prefix(19).suffix(8)), color: $0, loss: r.series("val", \.loss), accuracy: r.series("val", \.accuracy)) }
            }.sorted { $0.color < $1.color }
        case .enter:
            guard let run else { return .nothing }
            viewed = run
            let c = run.tunedConfig
            ui.recorded = [run.id, "preset \(c.preset), network \(c.network.rawValue)",
                           "\(c.optimizer.kind.rawValue), lr \(Picker.formatRate(c.optimizer.lr)), dropout \(String(format: "%.2f", c.dropout))"
                               + (run.isTunedLive ? " (set live)" : ""),
                           "batch \(c.batchSize), split \(c.split.rawValue), augmentation \(c.augmentation == nil ? "off" : "on")",
                           "seed \(run.manifest.trainingSeed), profile \(c.data.profile.rawValue)",
                           "epochs \(run.epochsCompleted)/\(c.epochs), \(run.state.rawValue)"]
            errors = ErrorBrowser(mode: errors.mode)
            return show(.dashboard)
        case .character("r"):
            guard let run else { return .nothing }
            if snapshot.state.isActive {
                ui.message = "a run is active: stop it (x) first"
            } else if let writer = run.writer {
                ui.message = "one writer per run: \(run.id) is being written by \(writer)"
            } else if run.state == .done {
                ui.message = "\(run.id) is finished: n starts a new run with its settings"
            } else {
                viewed = nil
                ui.recorded = nil
                errors = ErrorBrowser(mode: errors.mode)
                session.resume(run)
                return show(.dashboard)
            }
        case .character("n"):
            guard let run else { return .nothing }
            viewed = nil
            ui.recorded = nil
            ui.picker.adopt(run.tunedConfig)
            _ = show(.dashboard)
            ui.message = "settings of \(run.id) loaded: Enter starts"
            return .redrawAll
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
            try ui.picker.adjust(by: step, load: load)
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
