import Dataset
import XCTest
@testable import Experiments

/// What the runs table and the errors screen read back from run folders.
final class RunListingTests: XCTestCase {
    private var root: String!

    override func setUp() { root = NSTemporaryDirectory() + "/listing-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config() throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: 2
        """, file: "test")
    }

    func testAFinishedRunReadsBackWithItsCurvesAndTestErrors() throws {
        let run = try TrainingRun(config: config(), root: root)
        var tested: Misclassifications?
        let summary = try run.run { if case let .tested(_, e) = $0 { tested = e } }
        try FileManager.default.createDirectory(atPath: root + "/broken", withIntermediateDirectories: true)
        try "network: [".write(toFile: root + "/broken/config.yaml", atomically: true, encoding: .utf8)

        let (runs, problems) = RunListing.scan(root)
        XCTAssertEqual(runs.map(\.id), [run.record.id])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].contains("broken/config.yaml"), problems[0])
        let listing = runs[0]
        XCTAssertEqual(listing.summary, summary)
        XCTAssertEqual(listing.series("val", \.accuracy).map(\.x), [1, 2])
        XCTAssertGreaterThan(listing.seconds, 0)

        // The errors rebuilt from predictions.csv are the ones the run saw (to the 6 digits written).
        let recorded = try Misclassifications.recorded(listing)
        let live = try XCTUnwrap(tested)
        XCTAssertEqual(recorded.items.map(\.index), live.items.map(\.index))
        XCTAssertEqual(recorded.items.count, summary.testConfusion!.total - summary.testConfusion!.correct)
    }

    func testMisclassificationsAreMostConfidentlyWrongFirstAndFilter() {
        let images = ImageSetFixture.make(labels: [0, 1, 2, 0])
        let m = Misclassifications(split: "validation", epoch: 1, images: images, probabilities: [
            [0.2, 0.7, 0.1],   // wrong: 0 -> 1 at 0.7
            [0.1, 0.8, 0.1],   // right
            [0.9, 0.05, 0.05], // wrong: 2 -> 0 at 0.9
            [0.3, 0.3, 0.4],   // wrong: 0 -> 2 at 0.4
        ])
        XCTAssertEqual(m.items.map(\.index), [2, 0, 3])
        XCTAssertEqual(m.filtered(label: 0, predicted: nil).map(\.index), [0, 3])
        XCTAssertEqual(m.filtered(label: nil, predicted: 0).map(\.index), [2])
        XCTAssertEqual(m.items[1].top(2).map(\.index), [1, 0])
    }

    func testMetricsRowsRejectAWrongHeaderAndABadLineByFileAndLine() {
        XCTAssertThrowsError(try MetricsRow.parse("epoch,loss\n", path: "m.csv")) { XCTAssertTrue("\($0)".contains("m.csv: unexpected header"), "\($0)") }
        XCTAssertThrowsError(try MetricsRow.parse("epoch,phase,loss,accuracy,lr,dropout\n1,train,x,0.5,0.001,0\n", path: "m.csv")) {
            XCTAssertTrue("\($0)".contains("line 2"), "\($0)")
        }
        XCTAssertEqual(try MetricsRow.parse("epoch,phase,loss,accuracy,lr,dropout\n3,val,0.5,0.75,0.001,0.5\n", path: "m.csv"),
                       [MetricsRow(epoch: 3, phase: "val", loss: 0.5, accuracy: 0.75, lr: 0.001, dropout: 0.5)])
    }
}

enum ImageSetFixture {
    /// 2x2 gray images, one per label.
    static func make(labels: [Int]) -> ImageSet {
        ImageSet(height: 2, width: 2, channels: 1, classNames: ["dress", "pullover", "shirt"],
                 pixels: [Float](repeating: 0.5, count: 4 * labels.count), labels: labels)
    }
}
