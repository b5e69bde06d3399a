import Foundation
import NN
import XCTest
@testable import Interchange

/// The exported graphs without any ONNX runtime: their nodes and weights for
/// each architecture, the bytes parsed back, and their numbers recomputed by a
/// plain evaluator of the operators (ONNXReference) against the network's own.
final class ONNXExportTests: XCTestCase {
    private func export(_ n: Network) throws -> Onnx_ModelProto {
        try ONNXExport.model(of: n, name: n.architecture.rawValue, metadata: [("class_names", ONNXExport.classNamesJSON(["a", "b", "c"]))])
    }

    private func count(_ op: String, in m: Onnx_ModelProto) -> Int { m.graph.node.filter { $0.opType == op }.count }

    func testEveryArchitectureBecomesAGraphOfItsLayersInOrderWithAllItsWeights() throws {
        // (architecture, convolutions, batch norms, dense layers, residual adds, zero paddings)
        let expected: [(Architecture, Int, Int, Int, Int, Int)] = [
            (.basicCNN, 1, 0, 1, 0, 0), (.vgg16V1, 13, 0, 3, 0, 0), (.vgg16V2, 13, 0, 2, 0, 0), (.resnet50, 53, 53, 2, 16, 2),
        ]
        for (a, convs, norms, dense, adds, pads) in expected {
            let n = try RandomNetwork.make(a, channels: a == .resnet50 ? 3 : 1)
            let m = try export(n)
            let g = m.graph
            XCTAssertEqual(count("Conv", in: m), convs, a.rawValue)
            XCTAssertEqual(count("BatchNormalization", in: m), norms, a.rawValue)
            XCTAssertEqual(count("Gemm", in: m), dense, a.rawValue)
            XCTAssertEqual(count("Add", in: m), adds, a.rawValue)
            XCTAssertEqual(count("Pad", in: m), pads, a.rawValue)
            XCTAssertEqual(count("Dropout", in: m), 0, "inference leaves dropout out")
            XCTAssertEqual(g.node.first?.opType, "Transpose")
            XCTAssertEqual(g.node.first?.attribute.first?.ints, [0, 3, 1, 2], "NHWC in, NCHW inside")
            XCTAssertEqual(g.node.last?.opType, "Softmax")
            XCTAssertEqual(g.node.last?.output, [ONNXExport.outputName])
            // Back to NHWC just before Flatten, so the first Dense reads the order it was trained on.
            let flatten = try XCTUnwrap(g.node.firstIndex { $0.opType == "Flatten" })
            XCTAssertEqual(g.node[flatten - 1].opType, "Transpose")
            XCTAssertEqual(g.node[flatten - 1].attribute.first?.ints, [0, 2, 3, 1])
            XCTAssertEqual(g.node[flatten + 1].name, a == .basicCNN ? "predictions" : "fc1")

            // Every value is defined once, before it is read.
            var defined = Set(g.input.map(\.name) + g.initializer.map(\.name))
            XCTAssertEqual(defined.count, g.input.count + g.initializer.count)
            for node in g.node {
                for input in node.input { XCTAssertTrue(defined.contains(input), "\(a.rawValue): \(node.name) reads \(input) before it is defined") }
                for output in node.output { XCTAssertTrue(defined.insert(output).inserted, "\(output) defined twice") }
            }

            // All weights and statistics, as many floats as the network has; kernels as OIHW.
            let floats = g.initializer.filter { $0.dataType == Int32(Onnx_TensorProto.DataType.float.rawValue) }
            XCTAssertEqual(floats.reduce(0) { $0 + $1.rawData.count / 4 }, n.model.parameters.reduce(0) { $0 + $1.value.count }, a.rawValue)
            XCTAssertEqual(floats.count, n.model.parameters.count)
            let firstConv = try XCTUnwrap(g.initializer.first { $0.dims.count == 4 })
            XCTAssertEqual(firstConv.dims, a == .resnet50 ? [64, 3, 7, 7] : [a == .basicCNN ? 32 : 64, 1, 3, 3])

            XCTAssertEqual(g.input.map(\.name), [ONNXExport.inputName])
            let dims = g.input[0].type.tensorType.shape.dim
            XCTAssertEqual(dims.map(\.dimParam), ["batch", "", "", ""], "a free batch size")
            XCTAssertEqual(dims.dropFirst().map(\.dimValue), [32, 32, a == .resnet50 ? 3 : 1])
            XCTAssertEqual(g.output[0].type.tensorType.shape.dim.map(\.dimValue), [0, 3])
        }
    }

    func testTheSerializedModelParsesBackWhole() throws {
        let m = try export(try RandomNetwork.make(.resnet50, channels: 3))
        let bytes: Data = try m.serializedBytes()
        let back = try Onnx_ModelProto(serializedBytes: bytes)
        XCTAssertEqual(back, m)
        XCTAssertEqual(back.irVersion, 8)
        XCTAssertEqual(back.opsetImport.map(\.version), [17])
        let names = try XCTUnwrap(back.metadataProps.first { $0.key == "class_names" }).value
        XCTAssertEqual(try JSONDecoder().decode([String].self, from: Data(names.utf8)), ["a", "b", "c"])
        XCTAssertThrowsError(try Onnx_ModelProto(serializedBytes: bytes.prefix(bytes.count / 2)), "a cut file does not parse")
    }

    /// The graph's answers, computed operator by operator, are the network's.
    func testEachExportedGraphComputesTheNetworksProbabilities() throws {
        for (a, channels) in [(Architecture.basicCNN, 1), (.vgg16V2, 1), (.vgg16V1, 3), (.resnet50, 3)] {
            let n = try RandomNetwork.make(a, channels: channels, seed: 11)
            let rng = RandomSource(seed: 5)
            let shape = n.inputShape.withBatch(2)
            let pixels = (0..<shape.count).map { _ in rng.nextUniform() }
            let logits = n.model.forward(Tensor(shape: shape, values: pixels), mode: .inference)
            let ours = Tensor(shape: logits.shape)
            SoftmaxCrossEntropy.softmax(logits, into: ours)
            let theirs = try ONNXReference(model: export(n)).run(.init(dims: shape.dims, data: pixels))
            XCTAssertEqual(theirs.dims, [2, 3])
            let diff = zip(ours.values, theirs.data).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(diff, 1e-4, "\(a.rawValue): \(ours.values) vs \(theirs.data)")
            let first = ours.values[0..<3], second = ours.values[3..<6]
            XCTAssertGreaterThan(zip(first, second).map { abs($0 - $1) }.max() ?? 0, 0.002, "\(a.rawValue): the test needs images whose answers differ")
            XCTAssertLessThan(ours.values.max() ?? 1, 0.999, "\(a.rawValue): and a softmax that is not saturated")
        }
    }

    func testSamePaddingIsWrittenOutAsTensorFlowSplitsIt() {
        XCTAssertEqual(ONNXLowering.padding(.same, input: 32, kernel: 3, stride: 1).0, 1)
        XCTAssertEqual(ONNXLowering.padding(.same, input: 32, kernel: 3, stride: 1).1, 1)
        XCTAssertEqual(ONNXLowering.padding(.same, input: 8, kernel: 2, stride: 2).0, 0)
        // An odd total puts the extra row after, as TensorFlow (and ONNX's SAME_UPPER) do.
        XCTAssertEqual(ONNXLowering.padding(.same, input: 7, kernel: 4, stride: 1).0, 1)
        XCTAssertEqual(ONNXLowering.padding(.same, input: 7, kernel: 4, stride: 1).1, 2)
        XCTAssertEqual(ONNXLowering.padding(.valid, input: 7, kernel: 3, stride: 2).0, 0)
    }
}
