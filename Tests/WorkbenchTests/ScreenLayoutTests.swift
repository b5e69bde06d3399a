import Charts
import Dataset
import XCTest
@testable import Experiments
@testable import Workbench

/// Every screen rendered off-screen from fixed data at 80x24, 120x40 and
/// 200x60 and compared as text with Layouts/<name>.txt. After an intended
/// change: UPDATE_LAYOUTS=1 swift test ... --filter ScreenLayoutTests, then
/// read the diff of Layouts/ before committing it.
final class ScreenLayoutTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()
    static let sizes = [(80, 24), (120, 40), (200, 60)]
    static let glyphs = Glyphs(unicode: true)

    private func assertLayout(_ grid: Grid, _ name: String, line: UInt = #line) throws {
        let path = Self.here.appendingPathComponent("Layouts/\(name).txt")
        let text = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_LAYOUTS"] == "1" {
            try text.write(to: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        XCTAssertEqual(text, expected, "layout \(name) changed; rendered:\n\(text)", line: line)
    }

    static func picker() throws -> Picker {
        Picker(presets: ["basic-cnn", "resnet50", "vgg16-v1", "vgg16-v2", "vgg16-v3"],
               initial: try ConfigLoader.load(root.appendingPathComponent("experiments/vgg16-v2.yaml").path))
    }

    static let classes = ["dress", "pullover", "shirt"]

    /// Four epochs into a vgg16-v2 run, an lr change in epoch 3.
    static func training() -> Session.Snapshot {
        var s = Session.Snapshot()
        s.state = .training
        (s.preset, s.runID) = ("vgg16-v2", "2026-11-23T10-42-05-vgg16-v2")
        (s.epoch, s.epochs, s.batch, s.batches) = (4, 20, 30, 60)
        (s.imagesPerSecond, s.elapsed, s.learningRate, s.dropout) = (55, 150, 0.0005, 0.5)
        s.trainLoss = [(1, 1.05), (2, 0.82), (3, 0.66)]
        s.validationLoss = [(1, 1.0), (2, 0.78), (3, 0.71)]
        s.trainAccuracy = [(1, 0.41), (2, 0.63), (3, 0.72)]
        s.validationAccuracy = [(1, 0.45), (2, 0.66), (3, 0.70)]
        let batches = (1...210).map { Double($0) / 60 }
        s.batchLoss = batches.map { ($0, 1.1 - 0.13 * $0 + 0.06 * sin(7 * $0)) }
        s.batchAccuracy = batches.map { ($0, 0.35 + 0.1 * $0 + 0.04 * cos(5 * $0)) }
        s.changes = [(2.5, "lr 0.0002 -> 0.0005")]
        var labels: [Int] = [], predictions: [Int] = []
        for (t, row) in [[140, 2, 18], [5, 120, 35], [20, 30, 110]].enumerated() {
            for (p, n) in row.enumerated() {
                labels += Array(repeating: t, count: n)
                predictions += Array(repeating: p, count: n)
            }
        }
        s.validationConfusion = ConfusionMatrix(classNames: classes, labels: labels, predictions: predictions)
        s.validationErrors = errors()
        return s
    }

    /// Twelve wrong images: rings of different sizes, so thumbnails differ.
    static func errors() -> Misclassifications {
        let n = 14, side = 32
        var pixels: [Float] = []
        for i in 0..<n {
            for y in 0..<side {
                for x in 0..<side {
                    let r = ((Double(x) - 15.5) * (Double(x) - 15.5) + (Double(y) - 15.5) * (Double(y) - 15.5)).squareRoot()
                    pixels.append(abs(r - Double(4 + i)) < 2.5 ? 0.9 : 0.05)
                }
            }
        }
        let labels = (0..<n).map { $0 % 3 }
        let images = ImageSet(height: side, width: side, channels: 1, classNames: classes, pixels: pixels, labels: labels)
        // Image 13 is right; the others wrong with falling confidence.
        let probabilities: [[Float]] = (0..<n).map { i in
            let wrong = i == 13 ? labels[i] : (labels[i] + 1) % 3
            var p: [Float] = [0, 0, 0]
            p[wrong] = 0.95 - 0.04 * Float(i)
            p[labels[i] == wrong ? (wrong + 1) % 3 : labels[i]] = 1 - p[wrong] - 0.01
            p[3 - wrong - (labels[i] == wrong ? (wrong + 1) % 3 : labels[i])] = 0.01
            return p
        }
        return Misclassifications(split: "validation", epoch: 3, images: images, probabilities: probabilities)
    }

    static func listing(_ id: String, preset: String, state: RunSummary.State, epochs: Int, planned: Int? = nil, best: Double, test: ConfusionMatrix?) throws -> RunListing {
        var config = try ConfigLoader.load(root.appendingPathComponent("experiments/\(preset).yaml").path)
        config.data.profile = .report
        if let planned { config.epochs = planned }
        var summary = RunSummary(runID: id, preset: preset, seed: 1, dataFingerprint: "982069ab757360e8", state: state, epochsCompleted: epochs,
                                 epochsPlanned: config.epochs, finalValidationAccuracy: best - 0.02, bestValidationAccuracy: best,
                                 bestValidationEpoch: epochs - 1, trainImagesPerSecond: 50)
        if let test { summary.setTest(test) }
        let metrics = (1...epochs).flatMap { e in
            ["train", "val"].map { MetricsRow(epoch: e, phase: $0, loss: 1.0 / Double(e), accuracy: best * Double(e) / Double(epochs), lr: 2e-4, dropout: 0.5) }
        }
        return RunListing(directory: "runs/" + id, manifest: RunManifest(config: config, runIndex: 1, trainingSeed: 1, dataFingerprint: "982069ab757360e8", blasThreads: 2),
                          summary: summary, metrics: metrics, seconds: 61.0 * Double(epochs))
    }

    func testDashboardAtThreeSizes() throws {
        var ui = DashboardState(picker: try Self.picker())
        ui.picker.selected = .learningRate
        for (w, h) in Self.sizes {
            try assertLayout(DashboardScreen.render(Self.training(), ui, width: w, height: h, glyphs: Self.glyphs), "dashboard-\(w)x\(h)")
        }
        ui.smoothing = true
        ui.matrixCursor = (2, 1)
        try assertLayout(DashboardScreen.render(Self.training(), ui, width: 120, height: 40, glyphs: Self.glyphs), "dashboard-smoothed-cursor-120x40")
    }

    func testErrorsAtThreeSizesAndEnlarged() throws {
        var browser = ErrorBrowser(mode: .ascii)
        for (w, h) in Self.sizes {
            try assertLayout(ErrorsScreen.render(Self.training(), browser, width: w, height: h, glyphs: Self.glyphs), "errors-\(w)x\(h)")
        }
        browser.label = 2
        browser.move(by: 1, in: Self.training())
        browser.toggleEnlarged(in: Self.training())
        try assertLayout(ErrorsScreen.render(Self.training(), browser, width: 120, height: 40, glyphs: Self.glyphs), "errors-shirt-enlarged-120x40")
    }

    func testRunsTableAtThreeSizes() throws {
        let test = ConfusionMatrix(classNames: Self.classes, labels: [0, 0, 1, 1, 2, 2, 2, 0], predictions: [0, 0, 1, 2, 2, 2, 1, 0])
        var runs = [
            try Self.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.8042, test: test),
            try Self.listing("2026-11-23T13-59-41-basic-cnn", preset: "basic-cnn", state: .done, epochs: 20, best: 0.8167, test: test),
            try Self.listing("2026-11-23T14-30-00-resnet50", preset: "resnet50", state: .stopped, epochs: 7, best: 0.71, test: nil),
        ]
        // A named, tagged run shows its name and tags in place of its id; a marked one its place in the comparison.
        var words = RunAnnotations()
        try words.setName("baseline")
        try words.addTags(["keep", "sweep"])
        let v = runs[0]
        runs[0] = RunListing(directory: v.directory, manifest: v.manifest, summary: v.summary, metrics: v.metrics, seconds: v.seconds, annotations: words)
        var browser = RunsBrowser()
        browser.toggleOverlay(runs[1].id)
        browser.toggleMark(runs[0].id)
        browser.select(runs[2].id)
        for (w, h) in Self.sizes {
            try assertLayout(RunsScreen.render(Session.Snapshot(), runs: browser.sorted(runs), problems: ["runs/broken/config.yaml: key 'epochs': expected an integer"],
                                               browser, root: "runs", width: w, height: h), "runs-\(w)x\(h)")
        }
    }

    func testTooSmallSaysTheMinimum() throws {
        try assertLayout(DashboardScreen.tooSmall(width: 70, height: 20), "too-small-70x20")
    }

    func testRecordedRunOpensReadOnlyWithItsTestMatrix() throws {
        let test = ConfusionMatrix(classNames: Self.classes, labels: [0, 0, 1, 1, 2, 2], predictions: [0, 1, 1, 1, 2, 0])
        let run = try Self.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.8042, test: test)
        var ui = DashboardState(picker: try Self.picker())
        ui.recorded = [run.id, "preset vgg16-v2"]
        let grid = DashboardScreen.render(Session.Snapshot(run), ui, width: 120, height: 40, glyphs: Self.glyphs)
        XCTAssertTrue(grid.text.contains("done, read-only (Esc returns)"), grid.text)
        XCTAssertTrue(grid.text.contains("test acc 0.667 (Wilson 95% 0.300-0.903, n=6)"), grid.text)
        XCTAssertTrue(grid.text.contains("recorded run (read-only)"), grid.text)
    }
}
