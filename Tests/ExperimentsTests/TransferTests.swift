import XCTest
@testable import Experiments
@testable import NN

/// Starting from our own checkpoint and keeping layers fixed.
final class TransferTests: XCTestCase {
    private var root: String!
    override func setUp() { root = NSTemporaryDirectory() + "/transfer-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func config(_ extra: String) throws -> ExperimentConfig {
        try ConfigLoader.parse("""
        preset: tiny-cnn
        network: basic-cnn
        optimizer: {kind: adam, lr: 0.001}
        data: {profile: tiny}
        epochs: 1
        \(extra)
        """, file: "test")
    }

    private func tensors(_ path: String) throws -> [String: Tensor] {
        try Safetensors.decode(try Data(contentsOf: URL(fileURLWithPath: path)), file: path).tensors
    }

    func testWeightsLoadAndFrozenLayersKeepThem() throws {
        let source = try TrainingRun(config: config(""), root: root)
        try source.run()
        let start = source.record.checkpointPath
        let run = try TrainingRun(config: config("weights: \(start)\nfreeze: {layers: [conv2d]}\nseed: 5"), root: root)
        try run.run()
        let (before, after) = (try tensors(start), try tensors(run.record.checkpointPath))
        XCTAssertEqual(Array(after["conv2d.kernel"]!.buffer), Array(before["conv2d.kernel"]!.buffer), "frozen: exactly the loaded weights")
        XCTAssertNotEqual(Array(after["predictions.kernel"]!.buffer), Array(before["predictions.kernel"]!.buffer), "the head trained on")
        let events = try String(contentsOfFile: run.record.directory + "/events.log", encoding: .utf8)
        XCTAssertTrue(events.contains("weights: 4 tensors from \(start)"), events)
        XCTAssertTrue(events.contains("frozen: conv2d"), events)
    }

    func testWrongWeightsAndFreezeAreRefusedByKey() throws {
        XCTAssertThrowsError(try config("weights: /nonexistent.safetensors")) { XCTAssertTrue("\($0)".contains("weights") && "\($0)".contains("no such file"), "\($0)") }
        XCTAssertThrowsError(try config("freeze: {layers: [block1_conv1]}")) { XCTAssertTrue("\($0)".contains("freeze") && "\($0)".contains("no layer named 'block1_conv1'"), "\($0)") }
        // A checkpoint of another network fits nothing.
        let vgg = try Architecture.vgg16V2.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0.5)
        let path = root + "/vgg.safetensors"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try AtomicFile.write(Safetensors.encode(vgg.model.parameters.prefix(2).map { ($0.name, $0.value) }, metadata: [:]), to: path)
        XCTAssertThrowsError(try TrainingRun(config: config("weights: \(path)"), root: root)) { XCTAssertTrue("\($0)".contains("none of its tensors fits basic-cnn"), "\($0)") }
    }
}
