import Foundation
import NN
import XCTest
@testable import Interchange

/// scripts/check-onnx and scripts/check-tensorboard on a tiny run trained by the
/// built `workbench` binary: onnxruntime and TensorBoard's reader against the
/// workbench's own answers. Runs when the venv the scripts name exists.
final class CheckScriptsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private var scratch: String!

    /// The workbench of this build: beside the test bundle, whatever the scratch path.
    private var binary: String {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("workbench").path
        return beside.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? Self.root.appendingPathComponent(".build/release/workbench").path
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.root.appendingPathComponent(".venv-interchange/bin/python").path),
                          "no .venv-interchange (scripts/check-onnx says how to make it)")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build -c release")
        scratch = NSTemporaryDirectory() + "/check-scripts-\(UUID().uuidString)"
    }

    override func tearDown() { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }

    private func run(_ executable: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
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

    func testOnnxruntimeAndTensorBoardReadWhatTheWorkbenchWrote() throws {
        let live = scratch + "/tb"
        let trained = try run(binary, ["train", "basic-cnn", "--profile", "tiny", "--epochs", "2", "--out", scratch + "/runs", "--tensorboard", live])
        XCTAssertEqual(trained.status, 0, trained.output)
        let folder = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: scratch + "/runs").first { !$0.hasPrefix(".") })
        let run = scratch + "/runs/" + folder

        let onnx = try self.run(Self.root.appendingPathComponent("scripts/check-onnx").path, [run, "--workbench", binary])
        XCTAssertEqual(onnx.status, 0, onnx.output)
        XCTAssertTrue(onnx.output.contains("check-onnx: OK"), onnx.output)
        XCTAssertTrue(onnx.output.contains("60 test images: max |onnxruntime - workbench predict| = "), onnx.output)

        for args in [[run, live], [run]] {
            let tb = try self.run(Self.root.appendingPathComponent("scripts/check-tensorboard").path, args + ["--workbench", binary])
            XCTAssertEqual(tb.status, 0, tb.output)
            XCTAssertTrue(tb.output.contains("2 epochs; scalar tags ['accuracy/test', 'accuracy/train', 'accuracy/val', 'dropout', 'loss/train', 'loss/val', 'lr']"), tb.output)
            XCTAssertTrue(tb.output.contains("check-tensorboard: OK"), tb.output)
        }

        // A damaged event file is refused by the check, so the check can fail.
        let file = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: live).first { $0.contains("tfevents") })
        try "not a record".write(toFile: live + "/" + file, atomically: true, encoding: .utf8)
        let damaged = try self.run(Self.root.appendingPathComponent("scripts/check-tensorboard").path, [run, live, "--workbench", binary])
        XCTAssertNotEqual(damaged.status, 0, damaged.output)
    }

    /// onnxruntime on each architecture with random weights (answers that differ
    /// from image to image, unlike a barely trained tiny run's), a batch of 4
    /// against our forward pass.
    func testOnnxruntimeComputesTheNetworksProbabilitiesForEveryArchitecture() throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for (a, channels) in [(Architecture.basicCNN, 1), (.vgg16V1, 1), (.vgg16V2, 3), (.resnet50, 1), (.resnet50, 3)] {
            let n = try RandomNetwork.make(a, channels: channels, seed: 21)
            let shape = n.inputShape.withBatch(4), rng = RandomSource(seed: 8)
            let pixels = (0..<shape.count).map { _ in rng.nextUniform() }
            let logits = n.model.forward(Tensor(shape: shape, values: pixels), mode: .inference)
            let ours = Tensor(shape: logits.shape)
            SoftmaxCrossEntropy.softmax(logits, into: ours)
            let model: Data = try ONNXExport.model(of: n, name: a.rawValue, metadata: []).serializedBytes()
            try model.write(to: URL(fileURLWithPath: scratch + "/m.onnx"))
            try pixels.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: scratch + "/x.f32"))
            try ours.values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: scratch + "/p.f32"))
            let script = """
            import numpy as np, onnxruntime as ort, sys
            d = sys.argv[1]
            s = ort.InferenceSession(d + "/m.onnx", providers=["CPUExecutionProvider"])
            x = np.fromfile(d + "/x.f32", dtype="<f4").reshape(\(shape.dims))
            ours = np.fromfile(d + "/p.f32", dtype="<f4").reshape(4, 3)
            theirs = s.run(["probabilities"], {"images": x})[0]
            print(float(np.abs(theirs - ours).max()), float((ours.max(0) - ours.min(0)).max()))
            """
            let r = try run(Self.root.appendingPathComponent(".venv-interchange/bin/python").path, ["-c", script, scratch])
            XCTAssertEqual(r.status, 0, r.output)
            let figures = r.output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            XCTAssertEqual(figures.count, 2, r.output)
            XCTAssertLessThanOrEqual(figures.first ?? 1, 1e-4, "\(a.rawValue) x\(channels): onnxruntime differs by \(r.output)")
            XCTAssertGreaterThan(figures.last ?? 0, 0.01, "\(a.rawValue): the test needs answers that differ between images")
            print("\(a.rawValue) \(channels) channel(s): max |onnxruntime - ours| \(figures.first ?? -1), spread \(figures.last ?? -1)")
        }
    }
}
