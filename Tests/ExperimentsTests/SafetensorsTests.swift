import Foundation
import XCTest
@testable import NN

/// The checkpoint format: round trip, and every malformation refused before the data is read.
final class SafetensorsTests: XCTestCase {
    private func sample() throws -> Data {
        try Safetensors.encode([("a.kernel", Tensor(shape: Shape(2, 3), values: [1, 2, 3, 4, 5, 6])), ("b", Tensor(shape: Shape(1), values: [7]))],
                               metadata: ["epochs_completed": "4"])
    }

    private func withHeader(_ json: String, data: [Float]) -> Data {
        var out = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(Data(json.utf8))
        data.withUnsafeBufferPointer { out.append($0) }
        return out
    }

    private func refuse(_ data: Data, mentions: String, line: UInt = #line) {
        XCTAssertThrowsError(try Safetensors.decode(data, file: "ck.safetensors"), line: line) {
            XCTAssertTrue("\($0)".contains("ck.safetensors") && "\($0)".contains(mentions), "\($0)", line: line)
        }
    }

    func testRoundTripKeepsValuesShapesAndMetadata() throws {
        let (tensors, meta) = try Safetensors.decode(try sample(), file: "x")
        XCTAssertEqual(tensors["a.kernel"]?.shape, Shape(2, 3))
        XCTAssertEqual(tensors["a.kernel"]?.values, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(tensors["b"]?.values, [7])
        XCTAssertEqual(meta["epochs_completed"], "4")
        XCTAssertEqual((try sample().count - 8) % 4, 0)
    }

    func testMalformedFilesAreRefusedSpecifically() throws {
        refuse(Data([1, 2, 3]), mentions: "shorter than the 8-byte header length")
        refuse(withHeader(String(repeating: " ", count: 4), data: []).prefix(9), mentions: "exceeds the file")
        refuse(withHeader("[1, 2]", data: []), mentions: "not a JSON object")
        refuse(withHeader(#"{"w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}"#, data: [0]), mentions: "dtype F16")
        refuse(withHeader(#"{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 4]}}"#, data: [0]), mentions: "needs 12 bytes")
        refuse(withHeader(#"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#, data: [0]), mentions: "outside")
        refuse(withHeader(#"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#, data: [0, 0]), mentions: "trailing bytes")
        refuse(withHeader(#"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "v": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#, data: [0, 0]), mentions: "overlap or hole")
        refuse(withHeader(#"{"w": {"shape": [1]}}"#, data: [0]), mentions: "lacks dtype")
        let truncated = try sample().dropLast(4)
        refuse(Data(truncated), mentions: "outside")
    }

    func testPythonSafetensorsReadsOurFiles() throws {
        // Checked against the reference implementation when the venv made by
        // scripts/reference/make_fixtures.sh exists; the format checks above always run.
        let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".venv-ref/bin/python").path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: python), "no reference venv")
        let path = NSTemporaryDirectory() + "/py-\(UUID()).safetensors"
        try sample().write(to: URL(fileURLWithPath: path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "from safetensors.numpy import load_file; t = load_file('\(path)'); print(t['a.kernel'].shape, t['a.kernel'].sum(), t['b'][0])"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "(2, 3) 21.0 7.0\n")
    }
}
