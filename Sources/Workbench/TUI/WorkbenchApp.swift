import Charts
import Experiments
import Foundation

/// The interactive workbench's loop: reads keys, hands them to `AppState`,
/// carries out what they ask of the session, and redraws the latest snapshot
/// at most five times a second. It never computes: training runs on the
/// session's queue.
final class WorkbenchApp {
    /// How the loop ended: by a signal (Ctrl-C, SIGTERM, SIGHUP) or by q, and
    /// the line saying how to resume the run it stopped unfinished, if any.
    struct Exit {
        let signalled: Bool
        let resumeLine: String?
    }

    private let terminal: Terminal
    private let session = Session()
    private var state: AppState
    private let catalog: RunCatalog
    private let runsRoot: String
    /// A preset by name, with the command line's options applied.
    private let load: (String) throws -> ExperimentConfig
    private let signals = StopSignal(watching: [SIGINT, SIGTERM, SIGHUP])
    /// The picker's tuning aids: the range test, the augmentation view's pictures.
    private let lrFind = LRFindJob()
    private let sampler = AugmentationSampler()
    /// The search this workbench runs, and the search folders it shows.
    private let searchJob = SearchJob()
    private let searches: SearchCatalog

    /// Opens on `initial` (a preset with any command-line overrides); `startAtOnce` trains it right away.
    init(terminal: Terminal, initial: ExperimentConfig, load: @escaping (String) throws -> ExperimentConfig, runsRoot: String, searchesRoot: String = "searches",
         startAtOnce: Bool) throws {
        self.terminal = terminal
        self.runsRoot = runsRoot
        self.load = load
        searches = SearchCatalog(root: searchesRoot)
        state = AppState(picker: Picker(presets: Presets.all, initial: initial), thumbnails: terminal.canDrawGrays ? .halfBlocks : .ascii)
        catalog = RunCatalog(root: runsRoot)
        if startAtOnce { session.start(initial, root: runsRoot) }
    }

    func run() -> Exit {
        defer { signals.cancel() }
        var lastDraw = Date.distantPast
        var drawnVersion = -1, drawnScan = -1, drawnTuning = -1, drawnSearch = -1
        var clearNext = true
        var lastState = session.snapshot.state
        while true {
            if signals.received { return stopAndQuit(signalled: true) }
            var reaction = Reaction.nothing
            if let key = terminal.readKey(milliseconds: 100) {
                let response = state.handle(key, inputs())
                response.commands.forEach(carryOut)
                reaction = response.reaction
            }
            switch reaction {
            case .quit: return stopAndQuit(signalled: false)
            case .redrawAll: clearNext = true
            default: break
            }
            // The runs table is read again every 2 s, and at once when the session's
            // run changes state (a finished run is listed as done, not as nothing).
            let snapshot = session.snapshot
            if snapshot.state != lastState || (state.screen == .runs && Date().timeIntervalSince(catalog.lastRequest) > 2) {
                catalog.refresh(includingArchived: state.runs.showArchived)
            }
            lastState = snapshot.state
            // The search screen reads its folders again every second: another process may be writing them.
            if state.screen == .search && Date().timeIntervalSince(searches.lastRequest) > 1 { searches.refresh() }
            // A key or a finished scan of the runs redraws at once; news from the
            // session at most five times a second (each frame costs the training
            // threads a little); a recorded run's errors load on their own: once a second.
            let since = Date().timeIntervalSince(lastDraw)
            let scan = catalog.version
            // The range test's batches and the augmentation view's drawings are news like the session's.
            let tuning = lrFind.snapshot.version + sampler.version + searchJob.snapshot.version
            let searchScan = searches.version
            if reaction != .nothing || (state.screen == .runs && scan != drawnScan) || (state.screen == .search && searchScan != drawnSearch)
                || (since >= 0.2 && (snapshot.version != drawnVersion || tuning != drawnTuning)) || since >= 1 {
                terminal.draw(render(snapshot), clearFirst: clearNext)
                clearNext = false
                lastDraw = Date()
                drawnVersion = snapshot.version
                drawnScan = scan
                drawnTuning = tuning
                drawnSearch = searchScan
            }
        }
    }

    private func inputs() -> KeyInputs {
        let live = session.snapshot
        let (w, h) = terminal.size
        let found = catalog.latest   // one scan's runs and groups
        return KeyInputs(live: live, shown: shownSnapshot(live).0, runs: found?.runs ?? [], groups: found?.groups ?? [], width: w, height: h,
                         grayRampProblem: terminal.grayRampProblem, lrFind: lrFind.snapshot, searches: searches.latest?.searches ?? [], searchJob: searchJob.snapshot,
                         load: load)
    }

    private func carryOut(_ command: AppCommand) {
        switch command {
        case .send(let c): session.send(c)
        case .start(let config): session.start(config, root: runsRoot)
        case .resume(let run): session.resume(run)
        case .refreshRuns: catalog.refresh(includingArchived: state.runs.showArchived)
        // Its folder goes where `workbench lr-find --out` would put it, beside the runs.
        case .findLearningRate(let config): lrFind.start(config, root: runsRoot + "/lr-find")
        case .cancelLearningRateFind: lrFind.cancel()
        case .startSearch(let spec, let config):
            let folder = searchFolder(config.preset, spec.method, time: RunRecord.timestamp(Date()))
            do {
                try searchJob.start(spec, base: config, folder: folder)
            } catch {
                state.dashboard.message = "\(error)"
            }
            searches.refresh()
        case .resumeSearch(let folder):
            do {
                try searchJob.resume(folder)
            } catch {
                state.dashboard.message = "\(error)"
            }
        case .stopSearch: searchJob.stop()
        case .refreshSearches: searches.refresh()
        case .annotate(let run, let prompt):
            do {
                try RunAnnotations.update(run.directory) { try prompt.apply(to: &$0) }
            } catch {
                state.dashboard.message = "\(error)"
            }
        case .move(let asked):
            do {
                switch asked.action {
                case .archive: try RunArchive.archive(asked.run.directory)
                case .restore: try RunArchive.restore(asked.run.directory)
                case .delete: try RunArchive.delete(asked.run.directory)
                }
                state.dashboard.message = "\(asked.run.id) \(asked.action == .delete ? "deleted" : asked.action == .archive ? "archived" : "restored")"
            } catch {
                state.dashboard.message = "\(error)"
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
        switch state.screen {
        case .dashboard:
            grid = DashboardScreen.render(shown, state.dashboard, width: w, height: h, glyphs: terminal.glyphs, panel: panel(width: w, height: h))
            if let form = state.searchForm {
                let folder = searchFolder(state.dashboard.picker.config.preset, form.method, time: "<time>")
                grid.place(SearchFormBox.render(form, base: state.dashboard.picker.config, folder: folder, width: w - 4, height: h - 2), x: 2, y: 1)
                if let m = state.dashboard.message { grid.put(" " + m + " ", x: 2, y: h - 2, style: .warning) }
            }
        case .search:
            grid = SearchScreen.render(searches.latest, state.search, job: searchJob.snapshot, live: live.state, root: searches.root, width: w, height: h, glyphs: terminal.glyphs)
            if let m = state.dashboard.message { grid.put(String(m.prefix(w)), x: 0, y: h - 2, style: .warning) }
        case .errors:
            grid = ErrorsScreen.render(shown, state.errors, waiting: waiting, readOnly: state.viewed != nil, width: w, height: h, glyphs: terminal.glyphs)
            if let m = state.dashboard.message { grid.place(ErrorsScreen.messageLine(m, width: w), x: 0, y: h - 1) }
        case .runs:
            let found = catalog.latest
            grid = RunsScreen.render(live, runs: found.map { state.runs.sorted($0.runs) }, problems: found?.problems ?? [], groups: found?.groups ?? [], state.runs, root: runsRoot, width: w, height: h)
            if let m = state.dashboard.message { grid.put(RunsScreen.cell(m, w), x: 0, y: h - 2, style: .warning) }
            if let pair = state.runs.comparing {
                grid.place(ComparisonBox.render(pair, mcnemar: catalog.comparison(of: pair.first, pair.second), width: w - 4, height: h), x: 2, y: 2)
            }
            if let asked = state.runs.confirming {
                let text = " " + asked.question + " "
                grid.put(text, x: max((w - text.count) / 2, 0), y: h / 2, style: .highlight)
            }
        }
        if let top = state.help { grid.place(HelpBox.render(top: top, height: h), x: max((w - HelpBox.width) / 2, 0), y: 1) }
        if state.confirmingQuit {
            let what = searchJob.snapshot.isRunning ? "A search is training. Stop it (resumable)" : "Training is running. Stop it (checkpoint kept)"
            let text = " \(what) and quit? y / n "
            grid.put(text, x: max((w - text.count) / 2, 0), y: h / 2, style: .highlight)
        }
        return grid
    }

    /// Where a search set up here goes: under the searches folder, named by its time, preset and method.
    private func searchFolder(_ preset: String, _ method: SearchSpec.Method, time: String) -> String {
        searches.root + "/" + time + "-" + FileName.component(preset) + "-" + method.rawValue
    }

    /// The range test or the augmentation view, when the picker shows one where the charts are.
    private func panel(width: Int, height: Int) -> DashboardPanel? {
        let d = state.dashboard
        guard !d.readOnly else { return nil }
        if d.lrFindShown { return .lrFind(lrFind.snapshot) }
        guard d.augmentationShown else { return nil }
        let request = AugmentationView.request(d.picker.config, mode: state.errors.mode, width: width, height: DashboardScreen.chartHeight(height))
        let (drawing, current) = sampler.drawing(for: request)
        return .augmentation(drawing, current: current)
    }

    /// The live session, or the recorded run being viewed with its test errors
    /// once loaded (and, until then, why there are none).
    private func shownSnapshot(_ live: Session.Snapshot) -> (Session.Snapshot, String?) {
        guard let run = state.viewed else { return (live, nil) }
        var s = Session.Snapshot(run)
        switch catalog.testErrors(of: run) {
        case .success(let e)?: s.testErrors = e
        case .failure(let error)?: return (s, "cannot show this run's errors: \(error)")
        case nil: return (s, "loading the test images of \(run.id)…")
        }
        return (s, nil)
    }

    private func stopAndQuit(signalled: Bool) -> Exit {
        lrFind.cancel()
        lrFind.waitUntilIdle()
        let searching = searchJob.snapshot
        searchJob.stop()
        searchJob.waitUntilIdle()
        session.send(.stop)
        session.waitUntilIdle()
        let s = session.snapshot
        let stoppedSearch = searching.isRunning && searchJob.snapshot.phase == .stopped ? searching.folder.map { "search stopped; continue with: workbench search --resume \($0)" } : nil
        return Exit(signalled: signalled, resumeLine: stoppedSearch ?? s.summary.flatMap { ProgressPrinter.resumeLine($0, directory: s.runDirectory) })
    }
}
