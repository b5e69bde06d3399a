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
}
