import XCTest
@testable import Experiments
import NN

/// Keras .h5 weight files in both layouts, written by Keras and h5py
/// (scripts/reference/make_keras_h5.py): every weight is a formula of its index.
final class KerasWeightsTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!.path
    }

    private func network() throws -> Network {
        try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0)
    }

    /// The generator's w[i] = (i % 97) / 97 - 0.5 + offset.
    private func expected(_ i: Int, offset: Float) -> Float { Float(i % 97) / 97 - 0.5 + offset }

    private func assertValues(_ p: Parameter, offset: Float, times: Float = 1, line: UInt = #line) {
        for i in 0..<p.value.count {
            XCTAssertEqual(p.value.pointer[i], times * expected(i, offset: offset), accuracy: 1e-6, "\(p.name)[\(i)]", line: line)
        }
    }

    func testKeras3WeightsFileLoadsByLayerName() throws {
        let net = try network()
        let (loaded, kept) = try Checkpoint.loadWeights(fixture("basic_cnn_8x8.weights.h5"), into: net)
        XCTAssertEqual(loaded.sorted(), ["conv2d.bias", "conv2d.kernel", "predictions.bias", "predictions.kernel"])
        XCTAssertEqual(kept, [])
        let p = Dictionary(uniqueKeysWithValues: net.model.parameters.map { ($0.name, $0) })
        assertValues(p["conv2d.kernel"]!, offset: 0)
        assertValues(p["conv2d.bias"]!, offset: 0.25)
        assertValues(p["predictions.kernel"]!, offset: 2)
        assertValues(p["predictions.bias"]!, offset: 2.25)
    }

    func testFilesWrittenWithLibverLatestOrHoldingASoftLinkLoad() throws {
        // Both were refused as "fractal heap (dense storage)" or truncated: libver="latest" writes version 2
        // object headers and compact groups with a link info message; a soft link has no object to read.
        for name in ["basic_cnn_8x8_latest.weights.h5", "basic_cnn_8x8_softlink.weights.h5"] {
            let net = try network()
            let (loaded, kept) = try Checkpoint.loadWeights(fixture(name), into: net)
            XCTAssertEqual(loaded.sorted(), ["conv2d.bias", "conv2d.kernel", "predictions.bias", "predictions.kernel"], name)
            XCTAssertEqual(kept, [], name)
            let p = Dictionary(uniqueKeysWithValues: net.model.parameters.map { ($0.name, $0) })
            assertValues(p["conv2d.kernel"]!, offset: 0)
            assertValues(p["predictions.bias"]!, offset: 2.25)
            let h5 = try HDF5File(data: try Data(contentsOf: URL(fileURLWithPath: fixture(name))), file: name)
            XCTAssertEqual(h5.datasets.map(\.path).sorted(), ["layers/conv2d/vars/0", "layers/conv2d/vars/1", "layers/dense/vars/0", "layers/dense/vars/1"], name)
        }
    }

    func testKeras2RGBFileLoadsWithItsFirstKernelSummedOverColours() throws {
        let net = try network()
        let (loaded, _) = try Checkpoint.loadWeights(fixture("basic_cnn_8x8_rgb_keras2.h5"), into: net)
        XCTAssertTrue(loaded.contains("conv2d.kernel (RGB kernel summed for grayscale)"), "\(loaded)")
        XCTAssertTrue(loaded.contains("predictions.kernel"), "\(loaded)")
        let kernel = net.model.parameters.first { $0.name == "conv2d.kernel" }!
        // File kernel (3, 3, 3, 32): tap t, colour c, filter f at (t * 3 + c) * 32 + f.
        for t in 0..<9 {
            for f in 0..<32 {
                let sum = (0..<3).reduce(Float(0)) { $0 + expected((t * 3 + $1) * 32 + f, offset: 0) }
                XCTAssertEqual(kernel.value.pointer[t * 32 + f], sum, accuracy: 1e-5)
            }
        }
        assertValues(net.model.parameters.first { $0.name == "predictions.kernel" }!, offset: 2)
    }

    func testTruncatedAndForeignFilesNameTheFileAndTheProblem() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture("basic_cnn_8x8.weights.h5")))
        let path = NSTemporaryDirectory() + "/truncated-\(UUID().uuidString).h5"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Checkpoint.loadWeights(path, into: try network())) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("\(path): not a readable HDF5 weights file: truncated"), text)
        }
        try (Data(HDF5File.signature) + Data(count: 100)).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Checkpoint.loadWeights(path, into: try network())) { error in
            XCTAssertEqual("\(error)", "\(path): not a readable HDF5 weights file: offset size 0 / length size 0 not supported")
        }
    }
}
