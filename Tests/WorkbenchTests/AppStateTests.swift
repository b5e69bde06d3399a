import XCTest
@testable import Experiments
@testable import Workbench

/// The screens' key handling driven as values, without a terminal: what each
/// key changes and what it asks of the session.
final class AppStateTests: XCTestCase {
    private func state() throws -> AppState { AppState(picker: try ScreenLayoutTests.picker(), thumbnails: .ascii) }

    private func inputs(_ live: Session.Snapshot = Session.Snapshot(), runs: [RunListing] = [], height: Int = 40) -> KeyInputs {
        KeyInputs(live: live, shown: live, runs: runs, width: 120, height: height, grayRampProblem: nil) { name in
            try ConfigLoader.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(name).yaml").path)
        }
    }

    /// Commands as text, to compare.
    private func names(_ response: KeyResponse) -> [String] {
        response.commands.map {
            switch $0 {
            case .send(let c): return "send \(c)"
            case .start(let c): return "start \(c.preset)"
            case .resume(let r): return "resume \(r.id)"
            case .refreshRuns: return "refresh"
            case .annotate(let r, let p): return "annotate \(r.id) \(p.kind.rawValue) \(p.text)"
            case .move(let c): return "\(c.action.rawValue) \(c.run.id)"
            case .findLearningRate(let c): return "lr-find \(c.preset)"
            case .cancelLearningRateFind: return "cancel lr-find"
            case .startSearch(let spec, let c): return "search \(spec.method.rawValue) \(c.preset) " + spec.space.map(\.key).joined(separator: ",")
            case .resumeSearch(let folder): return "resume search \(folder)"
            case .stopSearch: return "stop search"
            case .refreshSearches: return "refresh searches"
            }
        }
    }

    private func live(_ state: Session.State) -> Session.Snapshot {
        var s = ScreenLayoutTests.training()
        s.state = state
        return s
    }

    private func runs() throws -> [RunListing] {
        [try ScreenLayoutTests.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.70, test: nil),
         try ScreenLayoutTests.listing("2026-11-23T13-59-41-basic-cnn", preset: "basic-cnn", state: .stopped, epochs: 3, best: 0.90, test: nil),
         try ScreenLayoutTests.listing("2026-11-23T14-30-00-resnet50", preset: "resnet50", state: .stopped, epochs: 7, best: 0.80, test: nil)]
    }

    func testSpacePausesATrainingRunAndResumesAPausedOne() throws {
        var app = try state()
        XCTAssertEqual(names(app.handle(.character(" "), inputs(live(.training)))), ["send pause"])
        XCTAssertEqual(names(app.handle(.character(" "), inputs(live(.paused)))), ["send resume"])
        XCTAssertEqual(app.handle(.character(" "), inputs(live(.done))).reaction, .nothing)
        app.screen = .errors
        XCTAssertEqual(names(app.handle(.character(" "), inputs(live(.training)))), ["send pause"])
        // On the runs screen Space overlays the selected run instead.
        app.screen = .runs
        let r = app.handle(.character(" "), inputs(live(.training), runs: try runs()))
        XCTAssertEqual(names(r), [])
        XCTAssertEqual(app.dashboard.overlays.map(\.name), ["resnet50 14-30-00"], "the preset and the time of its id")
        XCTAssertEqual(names(app.handle(.character("x"), inputs(live(.training)))), ["send stop"])
    }

    func testLrAndDropoutChangeLiveAndOtherFieldsAreLockedWhileTraining() throws {
        var app = try state()
        app.dashboard.picker.selected = .learningRate
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, 2e-4)
        XCTAssertEqual(names(app.handle(.right, inputs(live(.training)))), ["send setLearningRate(0.0005)"])
        XCTAssertEqual(names(app.handle(.down, inputs(live(.training)))), [])
        XCTAssertEqual(app.dashboard.picker.selected, .dropout)
        XCTAssertEqual(names(app.handle(.left, inputs(live(.training)))), ["send setDropout(0.45)"])
        _ = app.handle(.down, inputs(live(.training)))
        XCTAssertEqual(app.handle(.right, inputs(live(.training))).commands.count, 0)
        XCTAssertEqual(app.dashboard.message, "epochs is locked while training")
        XCTAssertEqual(app.dashboard.picker.config.epochs, 20)
        // Idle, a change is the picker's alone; Enter starts it, and refuses while a run is active.
        _ = app.handle(.right, inputs())
        XCTAssertEqual(app.dashboard.picker.config.epochs, 21)
        XCTAssertNil(app.dashboard.message, "the next key clears the message")
        XCTAssertEqual(names(app.handle(.enter, inputs())), ["start vgg16-v2"])
        XCTAssertEqual(names(app.handle(.enter, inputs(live(.training)))), [])
        XCTAssertEqual(app.dashboard.message, "a run is active: stop it (x) first")
    }

    func testTheFilterTakesEveryTypedKeyUntilEnter() throws {
        var app = try state()
        let all = try runs()
        XCTAssertEqual(names(app.handle(.character("3"), inputs(runs: all))), ["refresh"])
        XCTAssertEqual(app.screen, .runs)
        _ = app.handle(.character("/"), inputs(runs: all))
        // "q", "1" and Space are text here, not quit, dashboard and overlay.
        for c in "stopped q1" { XCTAssertNotEqual(app.handle(.character(c), inputs(runs: all)).reaction, .quit) }
        XCTAssertEqual(app.runs.filter, "stopped q1")
        XCTAssertEqual(app.screen, .runs)
        for _ in 0..<3 { _ = app.handle(.backspace, inputs(runs: all)) }
        _ = app.handle(.enter, inputs(runs: all))
        XCTAssertFalse(app.runs.editingFilter)
        XCTAssertEqual(app.runs.sorted(all).map(\.id), ["2026-11-23T14-30-00-resnet50", "2026-11-23T13-59-41-basic-cnn"])
        // Keys are the table's again.
        _ = app.handle(.down, inputs(runs: all))
        XCTAssertEqual(app.runs.selected(in: app.runs.sorted(all))?.id, "2026-11-23T13-59-41-basic-cnn")
        _ = app.handle(.character("1"), inputs(runs: all))
        XCTAssertEqual(app.screen, .dashboard)
    }

    func testRunsSelectionOpenResumeAndNewRunLikeIt() throws {
        var app = try state()
        let all = try runs()
        app.screen = .runs
        _ = app.handle(.pageDown, inputs(runs: all))
        XCTAssertEqual(app.runs.selected(in: app.runs.sorted(all))?.id, "2026-11-23T13-37-54-vgg16-v2", "clamped to the last row")
        _ = app.handle(.character("r"), inputs(runs: all))
        XCTAssertEqual(app.dashboard.message, "2026-11-23T13-37-54-vgg16-v2 is finished: n starts a new run with its settings")
        _ = app.handle(.up, inputs(runs: all))
        XCTAssertEqual(names(app.handle(.character("r"), inputs(live(.training), runs: all))), [])
        XCTAssertEqual(app.dashboard.message, "a run is active: stop it (x) first")
        XCTAssertEqual(names(app.handle(.character("r"), inputs(runs: all))), ["resume 2026-11-23T13-59-41-basic-cnn"])
        XCTAssertEqual(app.screen, .dashboard)

        // Enter opens read-only: the picker's keys say so, Esc returns to the table.
        app.screen = .runs
        _ = app.handle(.enter, inputs(runs: all))
        XCTAssertEqual(app.viewed?.id, "2026-11-23T13-59-41-basic-cnn")
        XCTAssertEqual(app.scope, .recorded)
        XCTAssertEqual(app.dashboard.recorded?.first, "2026-11-23T13-59-41-basic-cnn")
        _ = app.handle(.right, inputs(runs: all))
        XCTAssertEqual(app.dashboard.message, "read-only: Esc returns to the runs table")
        _ = app.handle(.character("l"), inputs(runs: all))
        XCTAssertTrue(app.dashboard.logScale, "the charts' keys still work")
        XCTAssertEqual(names(app.handle(.escape, inputs(runs: all))), ["refresh"])
        XCTAssertNil(app.viewed)
        XCTAssertEqual(app.screen, .runs)

        _ = app.handle(.character("n"), inputs(runs: all))
        XCTAssertEqual(app.screen, .dashboard)
        XCTAssertEqual(app.dashboard.picker.value(.preset), "basic-cnn")
        XCTAssertEqual(app.dashboard.message, "settings of 2026-11-23T13-59-41-basic-cnn loaded: Enter starts")
    }

    func testTheMatrixCursorOpensTheErrorsOfItsCell() throws {
        var app = try state()
        _ = app.handle(.character("m"), inputs())
        XCTAssertEqual(app.dashboard.message, "the confusion matrix appears after the first epoch")
        XCTAssertNil(app.dashboard.matrixCursor)
        _ = app.handle(.character("m"), inputs(live(.training)))
        XCTAssertEqual(app.scope, .matrix)
        for key in [Key.right, .right, .right, .down] { _ = app.handle(key, inputs(live(.training))) }
        XCTAssertEqual(app.dashboard.matrixCursor?.row, 1)
        XCTAssertEqual(app.dashboard.matrixCursor?.column, 2, "clamped to the last class")
        XCTAssertEqual(app.handle(.enter, inputs(live(.training))).reaction, .redrawAll)
        XCTAssertEqual(app.screen, .errors)
        XCTAssertEqual(app.errors.label, 1)
        XCTAssertEqual(app.errors.predicted, 2)
        XCTAssertNil(app.dashboard.matrixCursor)
        // The errors screen's own keys, then Esc back.
        XCTAssertEqual(app.handle(.character("c"), inputs(live(.training))).reaction, .redraw)
        XCTAssertEqual(app.errors.label, 2)
        _ = app.handle(.escape, inputs(live(.training)))
        XCTAssertEqual(app.screen, .dashboard)
    }

    func testQuitAsksWhileTrainingAndTheHelpBoxScrolls() throws {
        var app = try state()
        XCTAssertEqual(app.handle(.character("q"), inputs(live(.training))).reaction, .redraw)
        XCTAssertTrue(app.confirmingQuit)
        XCTAssertEqual(app.handle(.character("n"), inputs(live(.training))).reaction, .redraw)
        XCTAssertFalse(app.confirmingQuit)
        _ = app.handle(.character("q"), inputs(live(.training)))
        XCTAssertEqual(app.handle(.character("y"), inputs(live(.training))).reaction, .quit)
        XCTAssertEqual(app.handle(.character("q"), inputs(live(.done))).reaction, .quit, "nothing to stop: q quits")

        _ = app.handle(.character("?"), inputs(height: 24))
        XCTAssertEqual(app.help, 0)
        _ = app.handle(.pageDown, inputs(height: 24))
        XCTAssertEqual(app.help, HelpBox.visibleRows(height: 24))
        for _ in 0..<100 { _ = app.handle(.down, inputs(height: 24)) }
        XCTAssertEqual(app.help, HelpBox.lines.count - HelpBox.visibleRows(height: 24), "stops at the last page")
        _ = app.handle(.character("q"), inputs(height: 24))
        XCTAssertNil(app.help, "any other key closes it, and does nothing else")
        XCTAssertEqual(app.screen, .dashboard)
    }

    func testEqualsTypesANumberIntoTheSelectedField() throws {
        var app = try state()
        app.dashboard.picker.selected = .batchSize
        _ = app.handle(.character("="), inputs())
        XCTAssertEqual(app.scope, .typing)
        // Digits and q are text here: not screens 1 2 3, not quit.
        for c in "1q" { XCTAssertEqual(app.handle(.character(c), inputs()).reaction, .redraw) }
        XCTAssertEqual(app.screen, .dashboard)
        _ = app.handle(.enter, inputs())
        XCTAssertEqual(app.dashboard.message, "batch size: '1q' is not a whole number")
        XCTAssertEqual(app.scope, .typing, "refused: typing goes on")
        _ = app.handle(.backspace, inputs())
        for c in "28" { _ = app.handle(.character(c), inputs()) }
        XCTAssertEqual(app.dashboard.typed, "128")
        XCTAssertEqual(names(app.handle(.enter, inputs())), [])
        XCTAssertEqual(app.dashboard.picker.config.batchSize, 128)
        XCTAssertEqual(app.scope, .dashboard)
        _ = app.handle(.character("="), inputs())
        _ = app.handle(.character("9"), inputs())
        _ = app.handle(.escape, inputs())
        XCTAssertEqual(app.dashboard.picker.config.batchSize, 128, "Esc keeps the old value")

        // While training: lr typed goes to the session; epochs are locked; a stepped field cannot be typed.
        app.dashboard.picker.selected = .learningRate
        _ = app.handle(.character("="), inputs(live(.training)))
        for c in "0.0003" { _ = app.handle(.character(c), inputs(live(.training))) }
        XCTAssertEqual(names(app.handle(.enter, inputs(live(.training)))), ["send setLearningRate(0.0003)"])
        app.dashboard.picker.selected = .epochs
        _ = app.handle(.character("="), inputs(live(.training)))
        XCTAssertEqual(app.dashboard.message, "epochs is locked while training")
        XCTAssertEqual(app.scope, .dashboard)
        app.dashboard.picker.selected = .split
        _ = app.handle(.character("="), inputs())
        XCTAssertEqual(app.dashboard.message, "split: pick a value with ← →")
    }

    func testTheChartCursorMovesAlongTheEpochsAndReadsEveryCurve() throws {
        var app = try state()
        _ = app.handle(.character(","), inputs())
        XCTAssertEqual(app.dashboard.message, "the chart cursor reads epochs: it appears after the first one")
        XCTAssertNil(app.dashboard.chartCursor)
        let s = live(.training)   // epochs 1-3 done
        _ = app.handle(.character(","), inputs(s))
        XCTAssertEqual(app.dashboard.chartCursor, 3, "it starts on the last epoch")
        for expected in [2, 1, 1] {
            _ = app.handle(.character(","), inputs(s))
            XCTAssertEqual(app.dashboard.chartCursor, expected)
        }
        _ = app.handle(.character("."), inputs(s))
        XCTAssertEqual(app.dashboard.chartCursor, 2)
        let text = DashboardScreen.lossChart(s, app.dashboard).render(width: 60, height: 20, glyphs: ScreenLayoutTests.glyphs).text
        let legend = String(text.split(separator: "\n")[0])
        XCTAssertTrue(legend.hasPrefix("loss @2") && legend.contains("train 0.820") && legend.contains("val 0.780"), legend)
        let accuracy = DashboardScreen.accuracyChart(s, app.dashboard).render(width: 60, height: 20, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(accuracy.hasPrefix("accuracy @2") && accuracy.contains("train 0.630") && accuracy.contains("val 0.660"), accuracy)
        for _ in 0..<2 { _ = app.handle(.character("."), inputs(s)) }
        XCTAssertNil(app.dashboard.chartCursor, "past the last epoch it goes away")
    }

    // MARK: Issue 11, runs table: name, tags, note, archive, delete, marks and the comparison

    /// A listing as the catalog reads it, with a person's words and, if given, a process writing it.
    private func annotated(_ r: RunListing, name: String? = nil, tags: [String] = [], note: String? = nil,
                           writer: RunLock.Holder? = nil, archived: Bool = false) throws -> RunListing {
        var a = RunAnnotations()
        if let name { try a.setName(name) }
        if !tags.isEmpty { try a.addTags(tags) }
        if let note { try a.setNote(note) }
        return RunListing(directory: r.directory, manifest: r.manifest, summary: r.summary, metrics: r.metrics, seconds: r.seconds,
                          writer: writer, annotations: a, isArchived: archived)
    }

    private func type(_ text: String, _ app: inout AppState, _ inputs: KeyInputs) {
        for c in text { XCTAssertEqual(app.handle(.character(c), inputs).commands.count, 0, "typing '\(c)' asks nothing of the loop") }
    }

    func testNameTagUntagAndNoteAreTypedOnThePromptAndRefusalsSayWhy() throws {
        var app = try state()
        var all = try runs()
        all[0] = try annotated(all[0], name: "baseline", tags: ["keep"])
        app.screen = .runs
        let input = inputs(runs: all)
        // The newest run (resnet50) is selected: N opens the prompt empty, keys are text (q, 1, Space, m, a).
        _ = app.handle(.character("N"), input)
        XCTAssertEqual(app.scope, .typing)
        XCTAssertEqual(app.runs.prompt?.runID, "2026-11-23T14-30-00-resnet50")
        XCTAssertEqual(app.runs.prompt?.text, "")
        type("q1 ma", &app, input)
        XCTAssertEqual(app.screen, .runs)
        _ = app.handle(.backspace, input)
        XCTAssertEqual(app.runs.prompt?.text, "q1 m")
        let response = app.handle(.enter, input)
        XCTAssertEqual(names(response), ["annotate 2026-11-23T14-30-00-resnet50 name q1 m", "refresh"])
        XCTAssertNil(app.runs.prompt)
        XCTAssertEqual(app.scope, .runs)
        XCTAssertEqual(app.dashboard.message, "name set for 2026-11-23T14-30-00-resnet50")

        // A name starts from the run's own; Esc leaves it as it was.
        _ = app.handle(.pageDown, input)
        _ = app.handle(.character("N"), input)
        XCTAssertEqual(app.runs.prompt?.text, "baseline")
        XCTAssertEqual(names(app.handle(.escape, input)), [])
        XCTAssertNil(app.runs.prompt)

        // A tag with a control character is refused with RunAnnotations' reason; typing goes on.
        _ = app.handle(.character("t"), input)
        type("a\u{1B}b", &app, input)
        XCTAssertEqual(names(app.handle(.enter, input)), [])
        XCTAssertEqual(app.dashboard.message, "the tag contains the control character U+1B; use printable text")
        XCTAssertEqual(app.scope, .typing, "the prompt stays open to fix it")
        for _ in 0..<3 { _ = app.handle(.backspace, input) }
        type("sweep, lr", &app, input)
        XCTAssertEqual(names(app.handle(.enter, input)), ["annotate 2026-11-23T13-37-54-vgg16-v2 tag sweep, lr", "refresh"])
        XCTAssertEqual(app.dashboard.message, "tags added to 2026-11-23T13-37-54-vgg16-v2")
        var words = all[0].annotations
        var prompt = RunPrompt(.tag, for: all[0])
        prompt.text = "sweep, lr"
        try prompt.apply(to: &words)
        XCTAssertEqual(words.tags, ["keep", "lr", "sweep"], "commas and spaces split tags")

        // Untag: a tag the run lacks is refused naming the ones it has; a run without tags says so at once.
        _ = app.handle(.character("u"), input)
        type("nope", &app, input)
        _ = app.handle(.enter, input)
        XCTAssertEqual(app.dashboard.message, "no tag 'nope' on this run (it has keep)")
        _ = app.handle(.escape, input)
        _ = app.handle(.character("u"), input)
        type("keep", &app, input)
        XCTAssertEqual(names(app.handle(.enter, input)), ["annotate 2026-11-23T13-37-54-vgg16-v2 untag keep", "refresh"])
        _ = app.handle(.up, input)
        _ = app.handle(.character("u"), input)
        XCTAssertNil(app.runs.prompt)
        XCTAssertEqual(app.dashboard.message, "2026-11-23T13-59-41-basic-cnn has no tags")

        // A note longer than RunAnnotations allows is refused with its reason.
        _ = app.handle(.character("E"), input)
        type(String(repeating: "x", count: 4001), &app, input)
        _ = app.handle(.enter, input)
        XCTAssertEqual(app.dashboard.message, "the note is 4001 characters long; at most 4000 are allowed")
        _ = app.handle(.escape, input)
        XCTAssertEqual(app.scope, .runs)
    }

    func testTheTableShowsNameAndTagsAndTheFilterMatchesNameTagsAndNote() throws {
        var app = try state()
        var all = try runs()
        all[1] = try annotated(all[1], name: "small net", tags: ["keep"], note: "lr 1e-3 was\ntoo high")
        all[2] = try annotated(all[2], tags: ["sweep"])
        app.screen = .runs
        for (word, expected) in [("small", "2026-11-23T13-59-41-basic-cnn"), ("keep", "2026-11-23T13-59-41-basic-cnn"),
                                 ("high", "2026-11-23T13-59-41-basic-cnn"), ("sweep", "2026-11-23T14-30-00-resnet50")] {
            _ = app.handle(.character("/"), inputs(runs: all))
            type(word, &app, inputs(runs: all))
            _ = app.handle(.enter, inputs(runs: all))
            XCTAssertEqual(app.runs.sorted(all).map(\.id), [expected], word)
            _ = app.handle(.character("/"), inputs(runs: all))
            _ = app.handle(.escape, inputs(runs: all))
        }
        let text = RunsScreen.render(Session.Snapshot(), runs: app.runs.sorted(all), problems: [], app.runs, root: "runs", width: 80, height: 24).text
        XCTAssertTrue(text.contains("  small net #keep "), text)
        XCTAssertTrue(text.contains("  #sweep "), text)
        _ = app.handle(.down, inputs(runs: all))
        let selected = RunsScreen.render(Session.Snapshot(), runs: app.runs.sorted(all), problems: [], app.runs, root: "runs", width: 120, height: 24).text
        XCTAssertTrue(selected.contains("2026-11-23T13-59-41-basic-cnn │ name \"small net\" │ tags keep │ note: lr 1e-3 was"),
                      "the line below the table names the selected run in full:\n\(selected)")
    }

    func testArchiveAndDeleteAskYesOrNoAndAreRefusedWhileAProcessWritesTheRun() throws {
        var app = try state()
        var all = try runs()
        app.screen = .runs
        // No: nothing happens, and the message says so.
        XCTAssertEqual(names(app.handle(.character("a"), inputs(runs: all))), [])
        XCTAssertEqual(app.runs.confirming?.question, "Archive 2026-11-23T14-30-00-resnet50? It moves to archive/. y / N")
        XCTAssertEqual(names(app.handle(.character("n"), inputs(runs: all))), [])
        XCTAssertNil(app.runs.confirming)
        XCTAssertEqual(app.dashboard.message, "2026-11-23T14-30-00-resnet50: not archived")
        // Any key but y is no, even one bound to something else.
        _ = app.handle(.character("D"), inputs(runs: all))
        XCTAssertEqual(names(app.handle(.character("q"), inputs(runs: all))), [])
        XCTAssertEqual(app.dashboard.message, "2026-11-23T14-30-00-resnet50: not deleted")
        // Yes: the loop archives it and reads the table again; the question names a named run by both.
        all[2] = try annotated(all[2], name: "deep one")
        _ = app.handle(.character("a"), inputs(runs: all))
        XCTAssertEqual(app.runs.confirming?.question, "Archive 2026-11-23T14-30-00-resnet50 (\"deep one\")? It moves to archive/. y / N")
        XCTAssertEqual(names(app.handle(.character("y"), inputs(runs: all))), ["archive 2026-11-23T14-30-00-resnet50", "refresh"])
        _ = app.handle(.character("D"), inputs(runs: all))
        XCTAssertEqual(app.runs.confirming?.question, "Delete 2026-11-23T14-30-00-resnet50 (\"deep one\") and every file of it? y / N")
        XCTAssertEqual(names(app.handle(.character("y"), inputs(runs: all))), ["delete 2026-11-23T14-30-00-resnet50", "refresh"])

        // Another process trains it: refused naming that process, no question asked.
        let other = RunLock.Holder(pid: 4242, purpose: .training, command: "workbench train basic-cnn")
        all[2] = try annotated(all[2], writer: other)
        for key in ["a", "D"] {
            XCTAssertEqual(names(app.handle(.character(Character(key)), inputs(runs: all))), [])
            XCTAssertNil(app.runs.confirming)
            XCTAssertEqual(app.dashboard.message, "2026-11-23T14-30-00-resnet50 is being written by \(other): it cannot move while that runs")
        }
        // This workbench's own session trains it: stop it first.
        all[2] = try annotated(all[2])
        var mine = live(.training)
        mine.runDirectory = "runs/2026-11-23T14-30-00-resnet50"
        _ = app.handle(.character("a"), inputs(mine, runs: all))
        XCTAssertNil(app.runs.confirming)
        XCTAssertEqual(app.dashboard.message, "2026-11-23T14-30-00-resnet50 is training in this workbench: stop it (x) first")

        // An archived run: a restores it; A shows or hides the archived runs and reads the table again.
        XCTAssertEqual(names(app.handle(.character("A"), inputs(runs: all))), ["refresh"])
        XCTAssertTrue(app.runs.showArchived)
        all[2] = try annotated(all[2], archived: true)
        _ = app.handle(.character("a"), inputs(runs: all))
        XCTAssertEqual(app.runs.confirming?.question, "Restore 2026-11-23T14-30-00-resnet50 from archive/? y / N")
        XCTAssertEqual(names(app.handle(.character("y"), inputs(runs: all))), ["restore 2026-11-23T14-30-00-resnet50", "refresh"])
        _ = app.handle(.character("A"), inputs(runs: all))
        XCTAssertFalse(app.runs.showArchived)
    }

    func testTwoMarkedRunsOpenTheirDiffAndEscClosesIt() throws {
        var app = try state()
        var all = try runs()
        var config = all[1].config
        config.optimizer.lr = 1e-3
        all[1] = RunListing(directory: all[1].directory, manifest: RunManifest(config: config, runIndex: 1, trainingSeed: 1, dataFingerprint: "982069ab757360e8", blasThreads: 2),
                            summary: all[1].summary, metrics: all[1].metrics, seconds: all[1].seconds)
        app.screen = .runs
        _ = app.handle(.character("d"), inputs(runs: all))
        XCTAssertNil(app.runs.comparing)
        XCTAssertEqual(app.dashboard.message, "mark two runs with m first (or one, and select the other)")
        // Marks: 1 and 2 in the order marked; a third replaces the oldest; m again unmarks.
        _ = app.handle(.character("m"), inputs(runs: all))
        _ = app.handle(.down, inputs(runs: all))
        _ = app.handle(.character("m"), inputs(runs: all))
        _ = app.handle(.down, inputs(runs: all))
        _ = app.handle(.character("m"), inputs(runs: all))
        XCTAssertEqual(app.runs.marked, ["2026-11-23T13-59-41-basic-cnn", "2026-11-23T13-37-54-vgg16-v2"])
        _ = app.handle(.character("m"), inputs(runs: all))
        XCTAssertEqual(app.runs.marked, ["2026-11-23T13-59-41-basic-cnn"])
        let table = RunsScreen.render(Session.Snapshot(), runs: app.runs.sorted(all), problems: [], app.runs, root: "runs", width: 80, height: 24).text
        XCTAssertTrue(table.contains("\n1 2026-11-23T13-59-41-basic-cnn"), table)
        // One marked and another selected: those two.
        XCTAssertEqual(names(app.handle(.character("d"), inputs(runs: all))), [])
        XCTAssertEqual(app.scope, .compare)
        let pair = try XCTUnwrap(app.runs.comparing)
        XCTAssertEqual([pair.first.id, pair.second.id], ["2026-11-23T13-59-41-basic-cnn", "2026-11-23T13-37-54-vgg16-v2"])
        let lines = ComparisonBox.lines(pair, mcnemar: nil)
        XCTAssertTrue(lines.contains { $0.text.hasPrefix("  optimizer.lr ") && $0.text.contains("0.001") && $0.style == .warning },
                      "the key that differs, highlighted: \(lines.map(\.text))")
        XCTAssertTrue(lines.contains { $0.text.hasPrefix("  preset ") && $0.style == .warning })
        XCTAssertTrue(lines.contains { $0.text.hasPrefix("  training_seed ") && $0.style == .dim }, "an identity key that agrees is dim")
        XCTAssertTrue(lines.contains { $0.text == "McNemar's test: reading both runs' predictions…" })
        // The box's keys: ↓ scrolls (not the table), q still quits, Esc closes.
        _ = app.handle(.down, inputs(runs: all, height: 24))
        XCTAssertEqual(app.runs.comparing?.top, 1)
        XCTAssertEqual(app.runs.selected(in: app.runs.sorted(all))?.id, "2026-11-23T13-37-54-vgg16-v2", "the table's selection stays")
        for _ in 0..<200 { _ = app.handle(.down, inputs(runs: all, height: 24)) }
        _ = app.handle(.up, inputs(runs: all, height: 24))
        XCTAssertEqual(app.runs.comparing?.top, lines.count + 1 - ComparisonBox.visibleRows(height: 24) - 1, "↑ works at once after scrolling past the end")
        _ = app.handle(.escape, inputs(runs: all))
        XCTAssertNil(app.runs.comparing)
        XCTAssertEqual(app.screen, .runs)
        XCTAssertEqual(app.handle(.character("q"), inputs(runs: all)).reaction, .quit)
    }
}
