import XCTest
@testable import Experiments

/// Swift's decoder text never reaches the user from config loading: every
/// decoding error is the file (or `--set` option), the key and the problem,
/// quoting the value met (issue 11, "preset typos").
final class ConfigDecodingErrorTests: XCTestCase {
    private let valid = """
    preset: t
    network: basic-cnn
    optimizer: {kind: adam, lr: 0.001}
    """

    /// What the decoder or Yams would have said.
    private static let swiftWords = ["couldn't be read", "codingPath", "CodingKeys", "Expected to decode", "debugDescription",
                                     "Scalar", "Mapping", "Sequence", "Node", "Swift.", "Optional(", "Context("]

    private func message(_ yaml: String, overrides: [String] = [], line: UInt = #line) -> ConfigError? {
        do {
            _ = try ConfigLoader.parse(yaml, file: "bad.yaml", overrides: overrides)
            XCTFail("accepted:\n\(yaml)", line: line)
        } catch let e as ConfigError {
            for w in Self.swiftWords { XCTAssertFalse(e.description.contains(w), "'\(w)' in: \(e)", line: line) }
            return e
        } catch {
            XCTFail("not a ConfigError: \(error)", line: line)
        }
        return nil
    }

    func testEveryShapeOfMistakeNamesFileKeyAndTheValueMet() {
        let cases: [(yaml: String, overrides: [String], expected: String)] = [
            (valid + "\nepochs: ten", [], "bad.yaml: key 'epochs': expected a whole number, got 'ten'"),
            (valid + "\nepochs: 2.5", [], "bad.yaml: key 'epochs': expected a whole number, got '2.5'"),
            (valid + "\nseed: -1", [], "bad.yaml: key 'seed': expected a whole number from 0 to \(UInt64.max), got '-1'"),
            (valid + "\ndropout: [0.5]", [], "bad.yaml: key 'dropout': expected a single value, got a list"),
            (valid + "\naugmentation: {horizontal_flip: sometimes}", [], "bad.yaml: key 'augmentation.horizontal_flip': expected true or false, got 'sometimes'"),
            (valid + "\nearly_stopping: {monitor: val_los}", [],
             "bad.yaml: key 'early_stopping.monitor': 'val_los' is not one of the allowed values: val_loss, val_accuracy"),
            (valid + "\nlr_decay: {kind: cosine}", [], "bad.yaml: key 'lr_decay.kind': 'cosine' is not one of the allowed values: step, plateau"),
            (valid + "\nfreeze: {layers: [conv1, [conv2]]}", [], "bad.yaml: key 'freeze.layers[1]': expected a single value, got a list"),
            (valid + "\ninput: 32", [], "bad.yaml: key 'input': expected a mapping of keys, got '32'"),
            ("preset: t\nnetwork: basic-cnn", [], "bad.yaml: key 'optimizer': required key is missing"),
            (valid, ["optimizer=adam"], "--set optimizer=adam: key 'optimizer': expected a mapping of keys, got 'adam'"),
            (valid, ["freeze.layers=[a, [b]]"], "--set freeze.layers=[a, [b]]: key 'freeze.layers[1]': expected a single value, got a list"),
            (valid, ["network=vgg17"], "--set network=vgg17: key 'network': 'vgg17' is not one of the allowed values: basic-cnn, vgg16-v1, vgg16-v2, resnet50"),
        ]
        for c in cases { XCTAssertEqual(message(c.yaml, overrides: c.overrides)?.description, c.expected) }
    }

    /// A run's config.yaml is read the same way: its file, the key under `config:`, the value.
    func testARunConfigWithABadValueNamesItsFileAndKey() throws {
        let dir = NSTemporaryDirectory() + "/bad-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = try ConfigLoader.parse(valid, file: "x.yaml")
        config.epochs = 3
        let good = try ConfigLoader.encodeManifest(RunManifest(config: config, runIndex: 1, trainingSeed: 1, dataFingerprint: "ab", blasThreads: 2))
        XCTAssertTrue(good.contains("epochs: 3"), good)
        let path = dir + "/config.yaml"
        try good.replacingOccurrences(of: "epochs: 3", with: "epochs: three").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConfigLoader.loadManifest(path)) { error in
            XCTAssertEqual("\(error)", "\(path): key 'config.epochs': expected a whole number, got 'three'")
        }
        try "config: [".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConfigLoader.loadManifest(path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): not a run config: YAML syntax error"), "\(error)")
        }
    }
}
