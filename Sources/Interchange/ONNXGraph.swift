import Foundation

/// An ONNX graph being built: nodes in order, their weights as initializers,
/// each value named once. Only what the exported networks use.
final class ONNXGraph {
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private var names: Set<String> = []

    /// Adds a node; its output is named `output` (made unique) and returned.
    @discardableResult
    func node(_ op: String, _ inputs: [String], output: String, attributes: [Onnx_AttributeProto] = []) -> String {
        let name = unique(output)
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = name
        n.input = inputs
        n.output = [name]
        n.attribute = attributes
        nodes.append(n)
        return name
    }

    /// A float32 weight of shape `dims`, its values in row-major order.
    func weight(_ name: String, dims: [Int], _ values: [Float]) -> String {
        precondition(values.count == dims.reduce(1, *), "\(name): \(values.count) values for \(dims)")
        var t = tensor(unique(name), dims: dims, type: .float)
        t.rawData = littleEndian(values.map(\.bitPattern))
        initializers.append(t)
        return t.name
    }

    /// An int64 vector (Pad's pads, for one).
    func int64s(_ name: String, _ values: [Int]) -> String {
        var t = tensor(unique(name), dims: [values.count], type: .int64)
        t.rawData = littleEndian(values.map { UInt64(bitPattern: Int64($0)) })
        initializers.append(t)
        return t.name
    }

    private func tensor(_ name: String, dims: [Int], type: Onnx_TensorProto.DataType) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims.map(Int64.init)
        t.dataType = Int32(type.rawValue)
        return t
    }

    /// ONNX's raw_data is little-endian whatever the machine.
    private func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> Data {
        values.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// `base`, or `base_2`, `base_3`... when taken (a value is written once in ONNX).
    private func unique(_ base: String) -> String {
        var name = base, n = 2
        while names.contains(name) {
            name = "\(base)_\(n)"
            n += 1
        }
        names.insert(name)
        return name
    }

    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }
}
