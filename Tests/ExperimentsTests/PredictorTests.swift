import Foundation
import XCTest
@testable import Experiments

/// `workbench predict` on a trained run: the same probabilities as the run's own
/// test pass, for an image that comes back as a PNG file through the decoder.
final class PredictorTests: XCTestCase {
    private var root: String!
    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// A grayscale PNG of `pixels` (bytes, row by row), written by Python's zlib: no encoder of ours to trust.
    private func writePNG(_ pixels: [UInt8], width: Int, height: Int, to path: String) throws {
        let script = """
        import struct, sys, zlib
        w, h, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
        data = bytes(int(v) for v in sys.stdin.read().split())
        rows = b"".join(b"\\x00" + data[y * w:(y + 1) * w] for y in range(h))
        def chunk(kind, body): return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
        png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
        open(path, "wb").write(png)
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", script, "\(width)", "\(height)", path]
        let input = Pipe()
        python.standardInput = input
        try python.run()
        input.fileHandleForWriting.write(Data(pixels.map(String.init).joined(separator: " ").utf8))
        input.fileHandleForWriting.closeFile()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
    }

    func testATestImageAsAPNGGetsTheProbabilitiesTheRunsTestPassGaveIt() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 writes the PNG")
        let run = try TrainingRun(config: TinyRun.config(epochs: 2), root: root)
        try run.run { _ in }
        let predictor = try Predictor(run: run.record.directory)
        XCTAssertEqual(predictor.classNames, ["dress", "pullover", "shirt"])
        XCTAssertEqual(predictor.epochsCompleted, 2)
        let test = try TrainingRun.prepareData(run.manifest).test
        let recorded = try TinyRun.read(run.record.predictionsPath).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        for i in 0..<3 {
            // The 28x28 Fashion-MNIST original is the middle of the padded 32x32 image.
            let padded = Array(test.image(i))
            let original = (2..<30).flatMap { y in (2..<30).map { x in UInt8((padded[y * 32 + x] * 255).rounded()) } }
            let file = root + "/test-\(i).png"
            try writePNG(original, width: 28, height: 28, to: file)
            let p = try predictor.predict(file: file)
            let expected = recorded[i].suffix(3).map { Float(String($0))! }
            for (a, b) in zip(p.probabilities, expected) { XCTAssertEqual(a, b, accuracy: 2e-6, "test image \(i)") }
            XCTAssertEqual(predictor.classNames[p.ranked[0]], String(recorded[i][2]), "the same predicted class")
        }
    }

    func testWhatCannotBePredictedIsRefusedNamingTheFile() throws {
        let stopped = try TinyRun.stoppedAfterFirstEpoch(root: root).record.directory
        let predictor = try Predictor(run: stopped)
        XCTAssertEqual(predictor.epochsCompleted, 1, "a run in progress predicts with its last checkpoint")
        let text = root + "/notes.txt"
        try "not an image".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try predictor.predict(file: text)) { XCTAssertTrue("\($0)".contains("notes.txt: is neither a PNG nor a JPEG file"), "\($0)") }
        XCTAssertThrowsError(try predictor.predict(file: root + "/missing.png")) { XCTAssertTrue("\($0)".contains("missing.png: cannot be read"), "\($0)") }
        XCTAssertEqual(Predictor.expand([root]), [], "a folder stands for its PNG and JPEG files only")

        let empty = try TrainingRun(config: TinyRun.config(epochs: 1), root: root + "/other").record.directory
        XCTAssertThrowsError(try Predictor(run: empty)) { XCTAssertTrue("\($0)".contains("has no checkpoint"), "\($0)") }
    }
}
