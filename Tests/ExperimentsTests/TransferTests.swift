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

    /// Refused when the run starts (decoding does not build the network or look for
    /// files), naming the file and the key, before a run folder is made.
    func testWrongWeightsAndFreezeAreRefusedByKey() throws {
        for (extra, key, problem) in [("weights: /nonexistent.safetensors", "weights", "no such file: /nonexistent.safetensors"),
                                      ("freeze: {layers: [block1_conv1]}", "freeze", "no layer named 'block1_conv1'")] {
            XCTAssertThrowsError(try TrainingRun(config: config(extra), root: root)) { error in
                guard let e = error as? ConfigError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.key, key, "\(e)")
                XCTAssertTrue(e.description.hasPrefix("test: key '\(key)': ") && e.problem.contains(problem), "\(e)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: root), "no run folder for \(extra)")
        }
        // A checkpoint of another network fits nothing.
        let vgg = try Architecture.vgg16V2.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0.5)
        let path = root + "/vgg.safetensors"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try AtomicFile.write(Safetensors.encode(vgg.model.parameters.prefix(2).map { ($0.name, $0.value) }, metadata: [:]), to: path)
        XCTAssertThrowsError(try TrainingRun(config: config("weights: \(path)"), root: root)) { XCTAssertTrue("\($0)".contains("none of its tensors fits basic-cnn"), "\($0)") }
    }

    /// A run whose `weights:` file was deleted since is still a record: it lists,
    /// opens read-only and evaluates (its checkpoint holds the weights); only
    /// resuming one that never reached a checkpoint needs the file, and says so.
    func testARunWhoseWeightsFileIsGoneStillListsAndOpens() throws {
        let source = try TrainingRun(config: config(""), root: root)
        try source.run()
        let start = root + "/start.safetensors"
        try FileManager.default.copyItem(atPath: source.record.checkpointPath, toPath: start)
        let trained = try TrainingRun(config: config("weights: \(start)\nseed: 5"), root: root)
        try trained.run()
        // Made and let go (its lock with it) before its first epoch: no checkpoint.
        let unstarted = try TrainingRun(config: config("weights: \(start)\nseed: 6"), root: root).record
        try FileManager.default.removeItem(atPath: start)

        let (runs, problems) = RunListing.scan(root)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(Set(runs.map(\.id)), [source.record.id, trained.record.id, unstarted.id])
        let listing = try XCTUnwrap(runs.first { $0.id == trained.record.id })
        XCTAssertEqual(listing.config.weights, start)
        XCTAssertEqual(Session.Snapshot(listing).state, .done)
        XCTAssertEqual(try Misclassifications.recorded(listing).split, "test")
        XCTAssertNoThrow(try TrainingRun.forEvaluation(trained.record.directory).reevaluate())

        let dir = unstarted.directory
        XCTAssertThrowsError(try TrainingRun(resuming: dir)) { error in
            guard let e = error as? ConfigError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, dir + "/config.yaml")
            XCTAssertEqual(e.key, "weights")
            XCTAssertTrue(e.problem.contains("no such file: \(start)"), "\(e)")
        }
    }
}
