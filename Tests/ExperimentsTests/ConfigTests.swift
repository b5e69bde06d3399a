import Dataset
import XCTest
@testable import Experiments

/// Configs: the presets load, and every kind of mistake is refused naming file and key.
final class ConfigTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    let valid = """
    preset: t
    network: basic-cnn
    optimizer: {kind: adam, lr: 0.001}
    """

    private func refuse(_ yaml: String, overrides: [String] = [], key: String, mentions: String, line: UInt = #line) {
        XCTAssertThrowsError(try ConfigLoader.parse(yaml, file: "x.yaml", overrides: overrides), line: line) { error in
            guard let e = error as? ConfigError else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(e.key, key, "\(e)", line: line)
            XCTAssertTrue(e.description.contains(mentions), "'\(e)' lacks '\(mentions)'", line: line)
            XCTAssertTrue(e.description.hasPrefix(e.file), line: line)
        }
    }

    func testAllFivePresetsLoadWithTheStudysValues() throws {
        let names = ["basic-cnn", "vgg16-v1", "vgg16-v2", "vgg16-v3", "resnet50"]
        let configs = try names.map { try ConfigLoader.load("\(Self.root)/experiments/\($0).yaml") }
        XCTAssertEqual(configs.map(\.optimizer.lr), [0.1, 0.005, 2e-4, 2e-4, 2e-4])
        XCTAssertEqual(configs.map(\.optimizer.kind), [.adam, .adam, .rmsprop, .rmsprop, .rmsprop])
        XCTAssertEqual(configs.map(\.dropout), [0, 0, 0.5, 0.5, 0.5])
        XCTAssertEqual(configs.map(\.runs), [1, 2, 2, 2, 2])
        XCTAssertEqual(configs.map(\.split), [.trainVal80, .trainVal80, .trainVal80, .halves, .trainVal80])
        XCTAssertEqual(configs.map { $0.augmentation == nil }, [true, true, false, false, false])
        for c in configs where c.augmentation != nil { XCTAssertEqual(c.augmentation?.augmentation, Augmentation.study, c.preset) }
    }

    func testDefaultsAndOverrides() throws {
        let c = try ConfigLoader.parse(valid, file: "x.yaml", overrides: ["optimizer.lr=1e-4", "dropout=0.3", "data.profile=tiny"])
        XCTAssertEqual(c.optimizer.lr, 1e-4)
        XCTAssertEqual(c.dropout, 0.3)
        XCTAssertEqual(c.data.profile, .tiny)
        XCTAssertEqual(c.batchSize, 32)
        XCTAssertEqual(c.input, InputConfig())
    }

    func testTypoInAKeyIsRefused() {
        refuse(valid + "\nepoch: 5", key: "epoch", mentions: "unknown key")
        refuse(valid, overrides: ["optimizer.learning_rate=0.1"], key: "optimizer.learning_rate", mentions: "allowed here: kind, lr, momentum")
    }

    func testWrongTypesAndValuesAreRefused() {
        refuse(valid + "\nepochs: many", key: "epochs", mentions: "whole number")
        refuse(valid, overrides: ["optimizer.lr=0"], key: "optimizer.lr", mentions: "must be > 0")
        refuse(valid, overrides: ["dropout=1"], key: "dropout", mentions: "[0, 1)")
        refuse(valid, overrides: ["network=vgg19"], key: "network", mentions: "basic-cnn, vgg16-v1, vgg16-v2, resnet50")
        refuse(valid, overrides: ["optimizer.kind=adagrad"], key: "optimizer.kind", mentions: "sgd, adam, rmsprop")
        refuse(valid, overrides: ["optimizer.momentum=0.9"], key: "optimizer.momentum", mentions: "sgd only")
        refuse("network: basic-cnn\noptimizer: {kind: adam, lr: 0.1}", key: "preset", mentions: "required")
    }

    func testLearningRatesThatAreNotPositiveFiniteFloat32AreRefused() {
        refuse(valid, overrides: ["optimizer.lr=1e308"], key: "optimizer.lr", mentions: "rounds to inf")
        refuse(valid, overrides: ["optimizer.lr=1e-320"], key: "optimizer.lr", mentions: "rounds to 0")
        refuse(valid, overrides: ["optimizer.lr=.nan"], key: "optimizer.lr", mentions: "finite 32-bit float")
        refuse(valid, overrides: ["optimizer.lr=-.inf"], key: "optimizer.lr", mentions: "must be > 0")
        XCTAssertEqual(try ConfigLoader.parse(valid, file: "x.yaml", overrides: ["optimizer.lr=1e-40"]).optimizer.lr, 1e-40, "subnormal but positive: kept")
    }

    func testErrorsInOverriddenKeysNameTheOptionNotTheFile() {
        for (o, key) in [("dropout=1", "dropout"), ("optimizer.lr=0", "optimizer.lr"), ("epochs=many", "epochs"), ("input.height=600", "input"), ("network=vgg19", "network")] {
            XCTAssertThrowsError(try ConfigLoader.parse(valid, file: "x.yaml", overrides: [o])) { e in
                XCTAssertEqual((e as? ConfigError)?.file, "--set \(o)", "\(e)")
                XCTAssertEqual((e as? ConfigError)?.key, key, "\(e)")
            }
        }
        XCTAssertThrowsError(try ConfigLoader.parse(valid + "\ndropout: 1", file: "x.yaml", overrides: ["epochs=3"])) {
            XCTAssertEqual(($0 as? ConfigError)?.file, "x.yaml", "a key the options did not touch blames the file")
        }
        XCTAssertThrowsError(try ConfigLoader.parse(valid, file: "x.yaml", overriding: [.yaml("epochs", "0", option: "--epochs")])) {
            XCTAssertTrue("\($0)".hasPrefix("--epochs 0: key 'epochs'"), "\($0)")
        }
    }

    func testLiteralOptionsAreTakenAsWrittenNotAsYAML() throws {
        for path in ["null", "~", "yes", "1e3", "[a]", "a: b", "#x", ""] {
            let c = try ConfigLoader.parse(valid, file: "x.yaml", overriding: [.literal("data.folder", path, option: "--data")])
            XCTAssertEqual(c.data.folder, path)
        }
        XCTAssertThrowsError(try ConfigLoader.parse(valid, file: "x.yaml", overriding: [.literal("data.profile", "null", option: "--profile")])) {
            XCTAssertTrue("\($0)".hasPrefix("--profile null: key 'data.profile': 'null' is not one of the allowed values"), "\($0)")
        }
    }

    /// Decoding checks keys and ranges; the network is built when a run starts,
    /// which refuses an input too small for VGG16's five pools before it makes a run folder.
    func testInputTooSmallForTheNetworkIsRefusedWhenTheRunStarts() throws {
        let c = try ConfigLoader.parse(valid, file: "x.yaml", overrides: ["network=vgg16-v2", "input.height=28", "input.width=28", "data.profile=tiny"])
        XCTAssertEqual(c.input.height, 28, "decoding does not build the network")
        let root = NSTemporaryDirectory() + "/too-small-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertThrowsError(try TrainingRun(config: c, root: root)) { error in
            guard let e = error as? ConfigError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.key, "input", "\(e)")
            XCTAssertEqual(e.file, "--set input.width=28", "the override that made it too small: \(e)")
            XCTAssertTrue(e.description.contains("28x28 is too small for vgg16-v2"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root), "no run folder for a config that cannot train")
    }

    /// The runs table decodes every run folder's config every 2 s and the picker one
    /// per preset change, on the UI thread: a vgg16-v1 network (about 270 MB, some
    /// 66 000 pages) must not be built for that. Page faults count what is touched.
    func testDecodingAVGG16ConfigBuildsNoNetwork() throws {
        let yaml = try String(contentsOfFile: "\(Self.root)/experiments/vgg16-v1.yaml", encoding: .utf8)
        _ = try ConfigLoader.parse(yaml, file: "vgg16-v1.yaml")
        let before = Self.minorPageFaults()
        for _ in 0..<20 { _ = try ConfigLoader.parse(yaml, file: "vgg16-v1.yaml") }
        let faults = Self.minorPageFaults() - before
        XCTAssertLessThan(faults, 2_000, "20 decodings touched \(faults) pages (\(faults * 4 / 1024) MB)")
    }

    /// Pages this thread touched for the first time so far.
    private static func minorPageFaults() -> Int {
        var usage = rusage()
        getrusage(.init(1), &usage)   // RUSAGE_THREAD (Linux), which Swift's Glibc module does not export
        return usage.ru_minflt
    }

    func testBrokenYAMLAndMissingFile() {
        XCTAssertThrowsError(try ConfigLoader.parse("a: [1, 2", file: "broken.yaml")) { XCTAssertTrue("\($0)".contains("broken.yaml: YAML syntax error")) }
        XCTAssertThrowsError(try ConfigLoader.load("/nonexistent.yaml")) { XCTAssertTrue("\($0)".contains("/nonexistent.yaml: cannot read")) }
    }

    func testManifestRoundTrips() throws {
        let m = RunManifest(config: try ConfigLoader.parse(valid, file: "x"), runIndex: 2, trainingSeed: 9, dataFingerprint: "ab", blasThreads: 2)
        let path = NSTemporaryDirectory() + "/manifest-\(UUID()).yaml"
        try AtomicFile.write(ConfigLoader.encodeManifest(m), to: path)
        XCTAssertEqual(try ConfigLoader.loadManifest(path), m)
    }
}
