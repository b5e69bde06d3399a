import Charts
import XCTest
@testable import Experiments
@testable import Workbench

/// The runs table's groups of seeds: a folded row with the mean test accuracy,
/// its Student-t interval and n, opened and folded with Enter, overlaid as a
/// mean curve with bands with Space; the selection stays on its row.
final class RunGroupsScreenTests: XCTestCase {
    private func state() throws -> AppState { AppState(picker: try ScreenLayoutTests.picker(), thumbnails: .ascii) }

    /// A run of `preset` with data seed `seed`, a test accuracy out of 20 and val accuracies per epoch.
    private func listing(_ id: String, preset: String, seed: UInt64, correct: Int?, val: [Double]) throws -> RunListing {
        var config = try ConfigLoader.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(preset).yaml").path)
        (config.seed, config.epochs) = (seed, 3)
        var summary = RunSummary(runID: id, preset: preset, seed: seed, dataFingerprint: "f", state: correct == nil ? .stopped : .done,
                                 epochsCompleted: val.count, epochsPlanned: 3, finalValidationAccuracy: val.last, bestValidationAccuracy: val.max(),
                                 bestValidationEpoch: val.count)
        if let correct {
            let labels = (0..<20).map { $0 % 2 }
            summary.setTest(ConfusionMatrix(classNames: ["a", "b"], labels: labels, predictions: labels.enumerated().map { $0 < 20 - correct ? 1 - $1 : $1 }))
        }
        let metrics = val.enumerated().map { MetricsRow(epoch: $0 + 1, phase: "val", loss: 1 - $1, accuracy: $1, lr: 1e-3, dropout: 0) }
        return RunListing(directory: "runs/" + id, manifest: RunManifest(config: config, runIndex: 1, trainingSeed: seed, dataFingerprint: "f", blasThreads: 2),
                          summary: summary, metrics: metrics, seconds: 60)
    }

    /// Three basic-cnn runs over seeds 1-3 (16, 17, 18 of 20 right) and a newer vgg16-v2 run alone.
    private func runs() throws -> [RunListing] {
        [try listing("2026-11-23T10-00-01-basic-cnn", preset: "basic-cnn", seed: 1, correct: 16, val: [0.5, 0.6, 0.7]),
         try listing("2026-11-23T10-00-02-basic-cnn", preset: "basic-cnn", seed: 2, correct: 17, val: [0.6, 0.8]),
         try listing("2026-11-23T10-00-03-basic-cnn", preset: "basic-cnn", seed: 3, correct: 18, val: [0.7, 0.7, 0.9]),
         try listing("2026-11-23T11-00-00-vgg16-v2", preset: "vgg16-v2", seed: 1, correct: 15, val: [0.7])]
    }

    private func inputs(_ runs: [RunListing]) -> KeyInputs {
        KeyInputs(live: Session.Snapshot(), shown: Session.Snapshot(), runs: runs, groups: RunGroup.groups(of: runs), width: 120, height: 40,
                  grayRampProblem: nil) { _ in throw IOFailure(path: "-", "no presets in this test") }
    }

    private func table(_ app: AppState, _ input: KeyInputs) -> [String] {
        RunsScreen.render(Session.Snapshot(), runs: app.runs.sorted(input.runs), problems: [], groups: input.groups, app.runs, root: "runs",
                          width: 120, height: 24).text.split(separator: "\n").map(String.init)
    }

    private func selectedLine(_ app: AppState, _ input: KeyInputs) -> String {
        let rows = app.runs.rows(app.runs.sorted(input.runs), groups: input.groups)
        return app.runs.selected(in: rows)?.id ?? "none"
    }

    func testAGroupIsOneRowWithItsMeanIntervalAndNAndEnterOpensAndFoldsIt() throws {
        var app = try state()
        app.screen = .runs
        let input = inputs(try runs())
        var lines = table(app, input)
        XCTAssertTrue(lines[1].hasPrefix("runs in runs: 4, 1 group of seeds"), lines[1])
        XCTAssertTrue(lines[3].contains("2026-11-23T11-00-00-vgg16-v2"), lines[3])
        // 16, 17, 18 of 20: mean 0.850, half-width 4.3027 * 0.05 / sqrt(3) = 0.124.
        XCTAssertTrue(lines[4].hasPrefix("  ▸ basic-cnn ×3 seeds"), lines[4])
        XCTAssertTrue(lines[4].contains("0.850 ±0.124 t n=3"), lines[4])
        XCTAssertTrue(lines[4].contains("2-3/3") && lines[4].contains("0.800 mean") && lines[4].contains("done"), lines[4])
        XCTAssertEqual(lines.count, 24)
        XCTAssertFalse(lines.contains { $0.contains("2026-11-23T10-00-02-basic-cnn") }, "folded: its runs are not listed")

        _ = app.handle(.down, input)
        XCTAssertEqual(selectedLine(app, input), "group:2026-11-23T10-00-01-basic-cnn")
        lines = table(app, input)
        XCTAssertTrue(lines[22].contains("group of 3 runs, seeds apart │ test mean 0.8500 (Student-t 95% 0.7258-0.9742, n=3 finished) │ Enter lists its runs"), lines[22])

        XCTAssertEqual(app.handle(.enter, input).reaction, .redraw)
        XCTAssertEqual(app.screen, .runs, "Enter on a group opens it in the table, not on the dashboard")
        lines = table(app, input)
        XCTAssertTrue(lines[4].hasPrefix("  ▾ basic-cnn ×3 seeds"), lines[4])
        XCTAssertEqual((5...7).map { lines[$0].prefix(2) }, [" │", " │", " │"], "joined to the group's row in the gutter")
        XCTAssertEqual((5...7).map { lines[$0].dropFirst(2).prefix(30).trimmingCharacters(in: .whitespaces) },
                       ["2026-11-23T10-00-03-basic-cnn", "2026-11-23T10-00-02-basic-cnn", "2026-11-23T10-00-01-basic-cnn"], "its runs under it, newest first")
        XCTAssertTrue(lines[6].contains("0.850 (0."), "a run keeps its own Wilson interval: \(lines[6])")

        // Down into the group: a run, opened read-only as ever.
        _ = app.handle(.down, input)
        _ = app.handle(.down, input)
        XCTAssertEqual(selectedLine(app, input), "2026-11-23T10-00-02-basic-cnn")
        _ = app.handle(.enter, input)
        XCTAssertEqual(app.viewed?.id, "2026-11-23T10-00-02-basic-cnn")
        app.screen = .runs

        // Folding the group while one of its runs is selected puts the selection on the group's row.
        app.runs.toggleGroup("group:2026-11-23T10-00-01-basic-cnn")
        app.runs.select("2026-11-23T10-00-02-basic-cnn")
        XCTAssertEqual(selectedLine(app, input), "group:2026-11-23T10-00-01-basic-cnn")
        // The order changes: the group goes where its first run goes, and stays selected.
        _ = app.handle(.character("o"), input)
        XCTAssertEqual(app.runs.order, .bestValidation)
        XCTAssertEqual(selectedLine(app, input), "group:2026-11-23T10-00-01-basic-cnn")
        XCTAssertTrue(table(app, input)[3].contains("▸ basic-cnn ×3 seeds"), "best val 0.9 of the seed-3 run comes before vgg16-v2's 0.7")
    }

    func testSpaceOnAGroupOverlaysItsMeanValCurveWithItsTBand() throws {
        var app = try state()
        app.screen = .runs
        let input = inputs(try runs())
        _ = app.handle(.down, input)
        _ = app.handle(.character(" "), input)
        let overlay = try XCTUnwrap(app.dashboard.overlays.first)
        XCTAssertEqual(app.dashboard.overlays.count, 1)
        XCTAssertEqual(overlay.name, "basic-cnn mean of 3")
        // Epoch means 0.6, 0.7, 0.8; the band where two runs or more reached the epoch (all three epochs here).
        XCTAssertEqual(overlay.accuracy.map(\.y).map { ($0 * 1000).rounded() / 1000 }, [0.6, 0.7, 0.8])
        XCTAssertEqual(overlay.accuracyBand.map(\.x), [1, 2, 3])
        XCTAssertEqual(overlay.accuracyBand[0].low, 0.351586, accuracy: 1e-6)
        XCTAssertTrue(table(app, input)[4].hasPrefix("● ▸ basic-cnn"), "the overlay dot on the group's row")

        let chart = DashboardScreen.accuracyChart(Session.Snapshot(), app.dashboard).render(width: 60, height: 16, glyphs: Glyphs(unicode: true))
        let band = Style.faint(DashboardScreen.overlayStyle(overlay.color)), line = Style.series(DashboardScreen.overlayStyle(overlay.color))
        let cells = (0..<16).flatMap { y in (0..<60).map { grid in chart[grid, y] } }
        XCTAssertGreaterThan(cells.filter { $0.style == band }.count, 20, "a shaded band:\n" + chart.text)
        XCTAssertGreaterThan(cells.filter { $0.style == line }.count, 5, "the mean line over it")
        XCTAssertTrue(chart.text.split(separator: "\n")[0].contains("━ basic-cnn mean of 3"), chart.text)

        _ = app.handle(.character(" "), input)
        XCTAssertTrue(app.dashboard.overlays.isEmpty, "Space again takes it off")
    }

    func testKeysForOneRunSayHowToReachTheGroupsRunsAndNStartsItsConfig() throws {
        var app = try state()
        app.screen = .runs
        let input = inputs(try runs())
        _ = app.handle(.down, input)
        for key: Character in ["r", "m", "a", "D", "N"] {
            app.dashboard.message = nil
            XCTAssertEqual(app.handle(.character(key), input).commands.count, 0)
            XCTAssertEqual(app.dashboard.message, "a group of 3 runs: Enter lists them, to pick one", "\(key)")
            XCTAssertEqual(app.scope, .runs, "\(key): no prompt or question for a group")
        }
        _ = app.handle(.character("n"), input)
        XCTAssertEqual(app.screen, .dashboard)
        XCTAssertEqual(app.dashboard.picker.config.preset, "basic-cnn")
        XCTAssertEqual(app.dashboard.message, "settings of the group of 3 basic-cnn runs loaded: Enter starts")
    }
}
