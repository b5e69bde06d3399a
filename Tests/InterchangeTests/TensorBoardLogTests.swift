import Experiments
import Foundation
import XCTest
@testable import Interchange

/// The event file of a tiny run, read back frame by frame and event by event.
final class TensorBoardLogTests: XCTestCase {
    private var root: String!
    override func setUp() { root = (NSTemporaryDirectory() as NSString).appendingPathComponent("tb-\(UUID().uuidString)") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func events(_ file: String) throws -> [Tensorboard_Event] {
        try TFRecord.records(try Data(contentsOf: URL(fileURLWithPath: file))).map { try Tensorboard_Event(serializedBytes: $0) }
    }

    private func scalars(_ events: [Tensorboard_Event]) -> [String: [Int64: Float]] {
        var out: [String: [Int64: Float]] = [:]
        for e in events { for v in e.summary.value where v.metadata.pluginData.pluginName.isEmpty { out[v.tag, default: [:]][e.step] = v.simpleValue } }
        return out
    }

    private func texts(_ events: [Tensorboard_Event], _ tag: String) -> [(Int64, String)] {
        events.flatMap { e in e.summary.value.filter { $0.tag == tag }.map { (e.step, String(decoding: $0.tensor.stringVal.first ?? Data(), as: UTF8.self)) } }
    }

    /// Two epochs of basic-cnn with a live lr change before epoch 2, followed
    /// while it trains; then exported. Both files say the same.
    func testARunsRecordBecomesScalarsTextAndItsConfusionMatrixAliveAsAfterwards() throws {
        let config = try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        seed: 7
        """, file: "test", overrides: ["epochs=2"])
        let run = try TrainingRun(config: config, root: root)
        let live = try TensorBoardLog(run: run.record.directory, folder: root + "/live")
        var appendFailure: Error?
        try run.run { event in
            if case .epochEnded(let r) = event, r.epoch == 1 { run.mailbox.send(.setLearningRate(0.0005)) }
            if case .batch = event { return }
            do { try live.append() } catch { appendFailure = error }
        }
        XCTAssertNil(appendFailure)
        let exported = try TensorBoardLog.export(run: run.record.directory, into: root + "/export")
        XCTAssertTrue((exported.file as NSString).lastPathComponent.hasPrefix("events.out.tfevents."), exported.file)

        let followed = try events(live.file), all = try events(exported.file)
        XCTAssertEqual(all.count, exported.events)
        XCTAssertEqual(all.first?.fileVersion, "brain.Event:2")
        // Following the run writes what exporting it does, step by step (in another order within a step).
        func byStep(_ events: [Tensorboard_Event]) throws -> [Int64: [String]] {
            try Dictionary(grouping: events, by: \.step).mapValues { try $0.map { try $0.summary.jsonString() }.sorted() }
        }
        XCTAssertEqual(try byStep(followed), try byStep(all))
        XCTAssertEqual(all.map(\.step), all.map(\.step).sorted())

        let metrics = try MetricsRow.parse(try String(contentsOfFile: run.record.metricsPath, encoding: .utf8), path: "metrics.csv")
        XCTAssertEqual(metrics.count, 4)
        let s = scalars(all)
        XCTAssertEqual(Set(s.keys), ["loss/train", "loss/val", "accuracy/train", "accuracy/val", "lr", "dropout", "accuracy/test"])
        for row in metrics {
            XCTAssertEqual(s["loss/\(row.phase)"]?[Int64(row.epoch)], Float(row.loss))
            XCTAssertEqual(s["accuracy/\(row.phase)"]?[Int64(row.epoch)], Float(row.accuracy))
        }
        XCTAssertEqual(s["lr"], [1: 0.001, 2: 0.0005], "the live change shows in epoch 2's lr")
        let summary = try RunRecord.readSummary(run.record.directory)
        XCTAssertEqual(s["accuracy/test"], [2: Float(try XCTUnwrap(summary.testAccuracy))])

        let changes = texts(all, "changes")
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?.0, 2)
        XCTAssertTrue(changes.first?.1.hasPrefix("epoch 2 batch 1/") == true && changes.first?.1.hasSuffix("lr 0.001 -> 0.0005") == true, "\(changes)")
        let lines = try String(contentsOfFile: run.record.eventsPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(changes.count + texts(all, "events").count, lines.count, "every events.log line, once")
        XCTAssertTrue(texts(all, "events").first?.1.hasPrefix("created seed=") == true)

        let confusion = try XCTUnwrap(texts(all, "confusion/test").first)
        let m = try XCTUnwrap(summary.testConfusion)
        XCTAssertEqual(confusion.0, 2)
        XCTAssertTrue(confusion.1.contains("| dress | " + m.counts[0].map(String.init).joined(separator: " | ") + " |"), confusion.1)
        XCTAssertTrue(confusion.1.contains("(\(m.correct) of 60)"), confusion.1)

        XCTAssertEqual(try live.append(), 0, "nothing new, nothing written")
    }

    func testAFolderThatIsNoRunIsRefusedNamingIt() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        XCTAssertThrowsError(try TensorBoardLog.export(run: root, into: root + "/tb")) { XCTAssertTrue("\($0)".contains("\(root!): is not a run folder"), "\($0)") }
        try "preset: x\n".write(toFile: root + "/config.yaml", atomically: true, encoding: .utf8)
        try "epoch,phase,loss\n1,train,0.5\n".write(toFile: root + "/metrics.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TensorBoardLog.export(run: root, into: root + "/tb")) { XCTAssertTrue("\($0)".contains("metrics.csv"), "\($0)") }
    }
}
