import Charts
import XCTest
@testable import Experiments
@testable import Workbench

/// What screens say in states the layout files do not cover (issue 11 items 8, 11, 13, 15).
final class ScreenContentTests: XCTestCase {
    private let glyphs = ScreenLayoutTests.glyphs

    func testEveryRunsTableCellFitsItsColumn() throws {
        let test = ConfusionMatrix(classNames: ScreenLayoutTests.classes, labels: [0, 1, 2, 2], predictions: [0, 1, 2, 1])
        let runs = [
            try ScreenLayoutTests.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .stopped, epochs: 400, planned: 4000, best: 0.875, test: nil),
            try ScreenLayoutTests.listing("2026-11-23T13-59-41-a-preset-with-a-long-name", preset: "basic-cnn", state: .done, epochs: 20, planned: 123_456_789,
                                          best: 0.9, test: test),
        ]
        for (w, h) in ScreenLayoutTests.sizes {
            let lines = RunsScreen.render(Session.Snapshot(), runs: runs, problems: [], RunsBrowser(), root: "runs", width: w, height: h).text
                .split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
            let header = String(lines[2])
            let starts = ["epochs", "best val", "test (Wilson 95%)", "state"].map { header.range(of: $0)!.lowerBound.utf16Offset(in: header) }
            for row in lines[3...4] {
                for x in starts { XCTAssertEqual(row[x - 1], " ", "\(w)x\(h): no space before column \(x):\n\(String(row))") }
            }
            XCTAssertTrue(String(lines[3]).contains("400/4000 "), String(lines[3]))
            XCTAssertTrue(String(lines[3]).contains("0.875 @399"), String(lines[3]))
            XCTAssertTrue(String(lines[4]).contains("…"), "a value too long for its column ends in an ellipsis: \(String(lines[4]))")
        }
    }

    func testTheRunsScreenSaysItIsReadingUntilTheFirstScanEnds() throws {
        let reading = RunsScreen.render(Session.Snapshot(), runs: nil, problems: [], RunsBrowser(), root: "runs", width: 120, height: 40).text
        XCTAssertTrue(reading.contains("reading runs…"), reading)
        XCTAssertFalse(reading.contains("no runs yet"), reading)
        let empty = RunsScreen.render(Session.Snapshot(), runs: [], problems: [], RunsBrowser(), root: "runs", width: 120, height: 40).text
        XCTAssertTrue(empty.contains("no runs yet"), empty)

        let root = NSTemporaryDirectory() + "/catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let catalog = RunCatalog(root: root)
        XCTAssertNil(catalog.latest, "before a scan ends, nothing is known: not an empty folder")
        catalog.refresh()
        for _ in 0..<200 where catalog.version == 0 { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(catalog.version, 1)
        XCTAssertEqual(catalog.latest?.runs.count, 0)
    }

    func testTheXAxisCoversEveryOverlaidRun() throws {
        var s = ScreenLayoutTests.training()
        (s.epoch, s.epochs) = (4, 5)
        var ui = DashboardState(picker: try ScreenLayoutTests.picker())
        XCTAssertEqual(DashboardScreen.lossChart(s, ui).xRange, 0...5)
        let longer = (1...20).map { (x: Double($0), y: 1 / Double($0)) }
        ui.overlays = [Overlay(name: "13-37-54", color: 0, loss: longer, accuracy: longer.map { ($0.x, 1 - $0.y) })]
        XCTAssertEqual(DashboardScreen.lossChart(s, ui).xRange, 0...20)
        XCTAssertEqual(DashboardScreen.accuracyChart(s, ui).xRange, 0...20)
        let chart = DashboardScreen.lossChart(s, ui).render(width: 60, height: 20, glyphs: glyphs).text
        XCTAssertTrue(chart.split(separator: "\n").last!.hasSuffix("20"), "the last tick is the overlay's last epoch:\n\(chart)")
        // With no run of its own, the axis is the overlay's.
        XCTAssertEqual(DashboardScreen.xRange(Session.Snapshot(), ui.overlays), 0...20)
    }

    func testTheKeyBarSaysWhatSpaceWouldDo() throws {
        let ui = DashboardState(picker: try ScreenLayoutTests.picker())
        let paused = DashboardScreen.helpLine(ui, state: .paused, width: 200).text
        XCTAssertTrue(paused.contains("Space resume") && !paused.contains("Space pause"), paused)
        XCTAssertTrue(DashboardScreen.helpLine(ui, state: .training, width: 200).text.contains("Space pause"))
        XCTAssertFalse(DashboardScreen.helpLine(ui, state: .done, width: 200).text.contains("Space"))
    }

    func testAFinishedRunShowsItsTestErrorsAsTheReadmeSays() throws {
        var s = ScreenLayoutTests.training()
        s.state = .done
        let validation = ScreenLayoutTests.errors()
        s.testErrors = Misclassifications(split: "test", epoch: 20, images: validation.images,
                                          probabilities: (0..<validation.images.count).map { _ in [0.2, 0.7, 0.1] })
        var b = ErrorBrowser(mode: .ascii)
        var text = ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: glyphs).text
        XCTAssertTrue(text.contains("test set after epoch 20"), text)
        // v still shows the last validation errors, and back.
        let layout = ErrorsScreen.layout(width: 120, height: 40)
        XCTAssertEqual(b.handle(.character("v"), s, layout: layout, grayRampProblem: nil), .changed)
        text = ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: glyphs).text
        XCTAssertTrue(text.contains("validation set after epoch 3"), text)
        XCTAssertEqual(b.handle(.character("v"), s, layout: layout, grayRampProblem: nil), .changed)
        XCTAssertTrue(ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: glyphs).text.contains("test set after epoch 20"))
    }

    func testVAndTSayWhyTheyCannotChangeAnything() throws {
        let test = ConfusionMatrix(classNames: ScreenLayoutTests.classes, labels: [0, 1, 2], predictions: [0, 1, 1])
        var recorded = Session.Snapshot(try ScreenLayoutTests.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.8, test: test))
        let validation = ScreenLayoutTests.errors()
        recorded.testErrors = Misclassifications(split: "test", epoch: 20, images: validation.images,
                                                 probabilities: (0..<validation.images.count).map { _ in [0.2, 0.7, 0.1] })
        var b = ErrorBrowser(mode: .ascii)
        let layout = ErrorsScreen.layout(width: 120, height: 40)
        guard case .refused(let why) = b.handle(.character("v"), recorded, layout: layout, grayRampProblem: nil) else { return XCTFail("v changed a recorded run's split") }
        XCTAssertTrue(why.contains("test predictions only"), why)
        guard case .refused(let noGrays) = b.handle(.character("t"), recorded, layout: layout, grayRampProblem: "a UTF-8 locale") else { return XCTFail("t did something") }
        XCTAssertTrue(noGrays.contains("a UTF-8 locale"), noGrays)
        XCTAssertEqual(b.mode, .ascii)
        XCTAssertEqual(b.handle(.character("t"), recorded, layout: layout, grayRampProblem: nil), .changed)
        XCTAssertEqual(b.mode, .halfBlocks)

        // Live, before the run is tested, v says when the test errors come.
        guard case .refused(let notYet) = b.handle(.character("v"), ScreenLayoutTests.training(), layout: layout, grayRampProblem: nil) else { return XCTFail("v") }
        XCTAssertTrue(notYet.contains("when the run finishes"), notYet)
        XCTAssertTrue(ErrorsScreen.messageLine(notYet, width: 120).text.hasPrefix("no test errors yet"))
    }
}

/// The smoothing weight is adjustable (issue 11, "expected and missing").
final class SmoothingWeightTests: XCTestCase {
    func testTheWeightStepsAndTheCurvesUseIt() throws {
        XCTAssertEqual(DashboardScreen.stepSmoothing(0.6, by: 1), 0.8)
        XCTAssertEqual(DashboardScreen.stepSmoothing(0.6, by: -1), 0.3)
        XCTAssertEqual(DashboardScreen.stepSmoothing(0.99, by: 1), 0.99)
        XCTAssertEqual(DashboardScreen.stepSmoothing(0, by: -1), 0)
        XCTAssertEqual(DashboardScreen.stepSmoothing(0.85, by: 1), 0.9, "from a weight off the ladder, the next one up")
        var ui = DashboardState(picker: try ScreenLayoutTests.picker())
        ui.smoothing = true
        ui.smoothingWeight = 0.95
        let s = ScreenLayoutTests.training()
        let chart = DashboardScreen.lossChart(s, ui)
        XCTAssertEqual(chart.title, "loss EMA 0.95")
        let val = try XCTUnwrap(chart.series.first { $0.name == "val" })
        XCTAssertEqual(val.points.map(\.y), Smoothing.ema(s.validationLoss, weight: 0.95).map(\.y))
        XCTAssertNotEqual(val.points.map(\.y), Smoothing.ema(s.validationLoss).map(\.y))
        ui.smoothingWeight = 0
        XCTAssertEqual(DashboardScreen.accuracyChart(s, ui).title, "accuracy EMA 0.0")
    }
}
