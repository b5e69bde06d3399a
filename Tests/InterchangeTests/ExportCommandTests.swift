import Dataset
import Experiments
import Foundation
import XCTest
@testable import Interchange

/// `workbench export onnx|test-set|tensorboard` as a user runs them, on a tiny
/// run the built binary trains; what they write is read back here, no Python.
final class ExportCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private var scratch: String!

    private var binary: String {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("workbench").path
        return beside.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? Self.root.appendingPathComponent(".build/release/workbench").path
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build -c release")
        scratch = NSTemporaryDirectory() + "/export-cli-\(UUID().uuidString)"
    }

    override func tearDown() { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }

    private func workbench(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheExportsOfATrainedRunReadBack() throws {
        let trained = try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "1", "--out", scratch + "/runs"])
        XCTAssertEqual(trained.status, 0, trained.output)
        let id = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: scratch + "/runs").first { !$0.hasPrefix(".") })
        let run = scratch + "/runs/" + id

        let onnx = try workbench(["export", "onnx", run, scratch + "/m.onnx"])
        XCTAssertEqual(onnx.status, 0, onnx.output)
        XCTAssertTrue(onnx.output.contains("m.onnx: ONNX opset 17, 7 nodes, 86723 parameters"), onnx.output)
        let model = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: URL(fileURLWithPath: scratch + "/m.onnx")))
        let meta = Dictionary(uniqueKeysWithValues: model.metadataProps.map { ($0.key, $0.value) })
        XCTAssertEqual(meta["class_names"], #"["dress","pullover","shirt"]"#)
        XCTAssertEqual(meta["run"], id)
        XCTAssertEqual(meta["epochs_completed"], "1")
        XCTAssertEqual(model.graph.node.map(\.opType), ["Transpose", "Conv", "Relu", "Transpose", "Flatten", "Gemm", "Softmax"])

        // The test images come back from their PNGs as the run's test pass saw them.
        let exported = try workbench(["export", "test-set", run, scratch + "/test"])
        XCTAssertEqual(exported.status, 0, exported.output)
        XCTAssertTrue(exported.output.contains("60 test images and labels.csv (pixels exact)"), exported.output)
        let labels = try CSV(parsing: try String(contentsOfFile: scratch + "/test/labels.csv", encoding: .utf8), path: "labels.csv", expected: ["file", "label", "class"])
        let test = try TrainingRun.prepareData(try ConfigLoader.loadManifest(run + "/config.yaml")).test
        XCTAssertEqual(labels.rows.map { Int($0.fields[1]) }, test.labels)
        for (i, row) in labels.rows.enumerated() where i % 7 == 0 {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch + "/test/" + row.fields[0]))
            XCTAssertEqual(try ImageFolder.decodeImage(bytes, file: row.fields[0], height: 32, width: 32, channels: 1), Array(test.image(i)), row.fields[0])
        }

        let tb = try workbench(["export", "tensorboard", run, scratch + "/tb"])
        XCTAssertEqual(tb.status, 0, tb.output)
        let file = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: scratch + "/tb").first { $0.hasPrefix("events.out.tfevents.") })
        let events = try TFRecord.records(try Data(contentsOf: URL(fileURLWithPath: scratch + "/tb/" + file))).map { try Tensorboard_Event(serializedBytes: $0) }
        XCTAssertTrue(tb.output.contains("\(events.count) events"), tb.output)
        XCTAssertEqual(Set(events.flatMap { $0.summary.value.map(\.tag) }),
                       ["loss/train", "loss/val", "accuracy/train", "accuracy/val", "lr", "dropout", "accuracy/test", "events", "confusion/test"])

        let missing = try workbench(["export", "onnx", scratch + "/runs/none", scratch + "/x.onnx"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.output.contains("runs/none/config.yaml: cannot read the run's config"), missing.output)
    }
}
