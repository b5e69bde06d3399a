import Experiments
import Foundation
import NN

/// `workbench export onnx`: a run's trained network as an ONNX model that other
/// runtimes load. Input `images`, float32 (batch, H, W, C), pixels in [0, 1] as
/// `workbench predict` decodes them; output `probabilities`, (batch, classes),
/// softmax included. The batch dimension is free; the class names and the run
/// are in the model's metadata_props.
public enum ONNXExport {
    /// Opset 17: every operator used has had its current form since opset 13-15,
    /// and runtimes of the last years load it.
    static let opset: Int64 = 17
    public static var opsetVersion: Int { Int(opset) }
    /// The IR version that goes with opset 17.
    static let irVersion: Int64 = 8
    public static let inputName = "images", outputName = "probabilities"

    /// What was written, for the command's line.
    public struct Written {
        public let path: String, nodes: Int, parameters: Int, bytes: Int
    }

    /// The run's checkpoint as an ONNX file at `path` (written atomically).
    public static func write(run directory: String, to path: String) throws -> Written {
        let predictor = try Predictor(run: directory)
        let m = try model(of: predictor)
        let data: Data = try m.serializedBytes()
        try AtomicFile.write(data, to: path)
        return Written(path: path, nodes: m.graph.node.count, parameters: predictor.network.model.parameters.reduce(0) { $0 + $1.value.count },
                       bytes: data.count)
    }

    static func model(of p: Predictor) throws -> Onnx_ModelProto {
        var metadata = [
            ("class_names", classNamesJSON(p.classNames)),
            ("architecture", p.network.architecture.rawValue),
            ("preset", p.config.preset),
            ("run", (p.directory as NSString).lastPathComponent),
            ("epochs_completed", "\(p.epochsCompleted)"),
            ("input", "\(inputName): float32 (batch, height, width, channels) = (N, \(p.config.input.height), \(p.config.input.width), \(p.config.input.channels)), NHWC, pixels scaled to [0, 1]"),
            ("output", "\(outputName): float32 (batch, \(p.classNames.count)), softmax probabilities in class_names order"),
        ]
        if let accuracy = (try? RunRecord.readSummary(p.directory))?.testAccuracy { metadata.append(("test_accuracy", "\(accuracy)")) }
        return try model(of: p.network, name: p.config.preset, metadata: metadata)
    }

    /// The network in inference mode, NHWC input transposed once to ONNX's NCHW.
    static func model(of network: Network, name: String, metadata: [(String, String)]) throws -> Onnx_ModelProto {
        let graph = ONNXGraph()
        let input = network.inputShape   // (1, H, W, C)
        let nchw = graph.node("Transpose", [inputName], output: "\(inputName)/to_nchw", attributes: [ONNXGraph.ints("perm", [0, 3, 1, 2])])
        let (logits, shape) = try ONNXLowering(graph: graph).lower(network.model, nchw, input)
        guard shape == Shape(1, network.classes) else { throw ShapeError("\(name): the network ends in \(shape), not (1, \(network.classes))") }
        graph.node("Softmax", [logits], output: outputName, attributes: [ONNXGraph.int("axis", 1)])

        var g = Onnx_GraphProto()
        g.name = name
        g.node = graph.nodes
        g.initializer = graph.initializers
        g.input = [value(inputName, dims: [nil] + input.dims.dropFirst().map { $0 })]
        g.output = [value(outputName, dims: [nil, network.classes])]

        var m = Onnx_ModelProto()
        m.irVersion = irVersion
        var set = Onnx_OperatorSetIdProto()
        set.domain = ""
        set.version = opset
        m.opsetImport = [set]
        m.producerName = "workbench"
        m.docString = "\(network.architecture.rawValue) trained by the workbench, exported for inference (batch norm with its moving statistics, no dropout)"
        m.graph = g
        m.metadataProps = metadata.map { key, value in
            var e = Onnx_StringStringEntryProto()
            (e.key, e.value) = (key, value)
            return e
        }
        return m
    }

    /// A float32 graph input or output; a nil dimension is the free batch size.
    private static func value(_ name: String, dims: [Int?]) -> Onnx_ValueInfoProto {
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { d in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = Int64(d) } else { dim.dimParam = "batch" }
            return dim
        }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape = shape
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type.tensorType = tensor
        return v
    }

    static func classNamesJSON(_ names: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: names)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
