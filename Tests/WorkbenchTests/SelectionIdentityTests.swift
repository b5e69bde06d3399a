import Charts
import Dataset
import XCTest
@testable import Experiments
@testable import Workbench

/// Selections follow what was selected, not where it was (issue 11 item 9):
/// the errors list is re-ranked every epoch and the runs table re-sorts.
final class SelectionIdentityTests: XCTestCase {
    static let images = ScreenLayoutTests.errors().images

    /// The validation errors after `epoch`: image -> probability of its wrong class; the rest right.
    static func errors(epoch: Int, wrong: [Int: Float]) -> Misclassifications {
        let probabilities: [[Float]] = (0..<images.count).map { i in
            let label = images.labels[i]
            var p: [Float] = [0.05, 0.05, 0.05]
            if let c = wrong[i] {
                p = [0.01, 0.01, 0.01]
                p[(label + 1) % 3] = c
                p[label] = 0.98 - c
            } else {
                p[label] = 0.9
            }
            return p
        }
        return Misclassifications(split: "validation", epoch: epoch, images: images, probabilities: probabilities)
    }

    static func training(_ errors: Misclassifications) -> Session.Snapshot {
        var s = ScreenLayoutTests.training()
        s.validationErrors = errors
        return s
    }

    func testTheSelectedAndTheEnlargedImageStayTheSameAcrossEpochs() throws {
        var s = Self.training(Self.errors(epoch: 1, wrong: [0: 0.9, 1: 0.8, 2: 0.7, 3: 0.6]))
        var b = ErrorBrowser(mode: .ascii)
        let layout = ErrorsScreen.layout(width: 120, height: 40)
        XCTAssertEqual(b.handle(.right, s, layout: layout, grayRampProblem: nil), .changed)
        _ = b.handle(.right, s, layout: layout, grayRampProblem: nil)
        XCTAssertEqual(b.items(in: s)[b.selection(in: b.items(in: s), of: s.validationErrors!)].index, 2)

        // Epoch 2 ranks two new errors first: image 2 moves from third to fifth, and stays selected.
        s = Self.training(Self.errors(epoch: 2, wrong: [4: 0.95, 5: 0.9, 0: 0.85, 1: 0.8, 2: 0.7]))
        let items = b.items(in: s)
        XCTAssertEqual(items[b.selection(in: items, of: s.validationErrors!)].index, 2)
        var text = ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(text.contains("1-5 of 5 errors"), text)

        // Enlarged, it stays image 2, with epoch 3's probabilities while it is wrong...
        XCTAssertEqual(b.handle(.enter, s, layout: layout, grayRampProblem: nil), .changed)
        s = Self.training(Self.errors(epoch: 3, wrong: [7: 0.99, 2: 0.6, 0: 0.55]))
        text = ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(text.contains("image #2 of the validation set, epoch 3"), text)
        XCTAssertTrue(text.contains("0.600"), text)
        // ...and as it was when enlarged once it is classified correctly, saying so.
        s = Self.training(Self.errors(epoch: 4, wrong: [7: 0.99, 0: 0.55]))
        text = ErrorsScreen.render(s, b, width: 120, height: 40, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(text.contains("image #2 of the validation set, epoch 2"), text)
        XCTAssertTrue(text.contains("no longer wrong after epoch 4: shown as when enlarged"), text)

        // Back on the page the image is gone: the selection keeps its position.
        XCTAssertEqual(b.handle(.escape, s, layout: layout, grayRampProblem: nil), .changed)
        XCTAssertEqual(b.selection(in: b.items(in: s), of: s.validationErrors!), 1)
        XCTAssertEqual(b.handle(.escape, s, layout: layout, grayRampProblem: nil), .back)
    }

    func testTheRunsSelectionStaysOnItsRunWhenTheOrderChanges() throws {
        let test = ConfusionMatrix(classNames: ScreenLayoutTests.classes, labels: [0, 1, 2, 2], predictions: [0, 1, 2, 1])
        let runs = [
            try ScreenLayoutTests.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.70, test: test),
            try ScreenLayoutTests.listing("2026-11-23T13-59-41-basic-cnn", preset: "basic-cnn", state: .done, epochs: 20, best: 0.90, test: test),
            try ScreenLayoutTests.listing("2026-11-23T14-30-00-resnet50", preset: "resnet50", state: .stopped, epochs: 7, best: 0.80, test: nil),
        ]
        var b = RunsBrowser()
        b.move(by: 2, in: b.sorted(runs))
        XCTAssertEqual(b.selected(in: b.sorted(runs))?.id, "2026-11-23T13-37-54-vgg16-v2", "newest first: the oldest is third")
        for _ in RunsBrowser.Order.allCases {
            b.cycleOrder(runs)
            XCTAssertEqual(b.selected(in: b.sorted(runs))?.id, "2026-11-23T13-37-54-vgg16-v2", "ordered by \(b.order.rawValue)")
            let grid = RunsScreen.render(Session.Snapshot(), runs: b.sorted(runs), problems: [], b, root: "runs", width: 120, height: 40)
            let row = try XCTUnwrap((3..<grid.height).first { grid[2, $0].style == .highlight })
            XCTAssertTrue(grid.text.split(separator: "\n")[row].contains("13-37-54-vgg16-v2"), grid.text)
        }
        // A new run arriving at the top of the table does not move the selection either.
        let newer = try ScreenLayoutTests.listing("2026-11-24T09-00-00-basic-cnn", preset: "basic-cnn", state: .training, epochs: 1, best: 0.5, test: nil)
        XCTAssertEqual(b.selected(in: b.sorted(runs + [newer]))?.id, "2026-11-23T13-37-54-vgg16-v2")
    }
}

/// The runs table's `/` filter (issue 11, "expected and missing").
final class RunsFilterTests: XCTestCase {
    func testTypedWordsFilterTheTableAndEscClearsThem() throws {
        let runs = [
            try ScreenLayoutTests.listing("2026-11-23T13-37-54-vgg16-v2", preset: "vgg16-v2", state: .done, epochs: 20, best: 0.70, test: nil),
            try ScreenLayoutTests.listing("2026-11-23T13-59-41-basic-cnn", preset: "basic-cnn", state: .done, epochs: 20, best: 0.90, test: nil),
            try ScreenLayoutTests.listing("2026-11-23T14-30-00-resnet50", preset: "resnet50", state: .stopped, epochs: 7, best: 0.80, test: nil),
        ]
        var b = RunsBrowser()
        b.startFilter()
        for c in "rmsprop donx" { b.editFilter(.character(c)) }
        XCTAssertEqual(b.sorted(runs).count, 0)
        b.editFilter(.backspace)
        b.editFilter(.character("e"))
        XCTAssertEqual(b.sorted(runs).map(\.id), ["2026-11-23T13-37-54-vgg16-v2"], "rmsprop and done: vgg16-v2 only (resnet50 is stopped)")
        var text = RunsScreen.render(Session.Snapshot(), runs: b.sorted(runs), problems: [], b, root: "runs", width: 120, height: 40).text
        XCTAssertTrue(text.contains("runs in runs: 1 shown │ ordered by newest │ filter: rmsprop done_"), text)
        b.editFilter(.enter)
        XCTAssertFalse(b.editingFilter)
        text = RunsScreen.render(Session.Snapshot(), runs: b.sorted(runs), problems: [], b, root: "runs", width: 120, height: 40).text
        XCTAssertTrue(text.contains("filter \"rmsprop done\""), text)
        b.startFilter()
        b.editFilter(.escape)
        XCTAssertEqual(b.sorted(runs).count, 3)
        XCTAssertEqual(b.filter, "")
    }
}
