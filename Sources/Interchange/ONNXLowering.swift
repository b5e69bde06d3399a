import NN

/// The layers of a network as ONNX nodes, in inference mode: batch norm with its
/// moving statistics, dropout left out (it passes values through).
///
/// Our tensors are NHWC (as Keras'); ONNX's Conv and pooling are NCHW. The graph
/// transposes its NHWC input once, runs the convolutional part in NCHW with
/// kernels turned from (kh, kw, cin, cout) to (cout, cin, kh, kw), and transposes
/// back before Flatten, so the Dense after it sees features in the NHWC order it
/// was trained on.
struct ONNXLowering {
    let graph: ONNXGraph

    struct Unsupported: Error, CustomStringConvertible {
        let layer: String, kind: String
        var description: String { "layer \(layer) (\(kind)) has no ONNX form in this exporter" }
    }

    /// `x` is the value `layer` reads, of (our NHWC) `shape`; returns its output and shape.
    func lower(_ layer: Layer, _ x: String, _ shape: Shape) throws -> (String, Shape) {
        let out = try layer.outputShape(for: shape)
        switch layer {
        case let s as Sequential:
            return try s.layers.reduce((x, shape)) { try lower($1, $0.0, $0.1) }
        case let c as Conv2D:
            return (conv(c, x, shape), out)
        case let d as Dense:
            let k = d.kernel.value.shape
            let y = graph.node("Gemm", [x, graph.weight(d.kernel.name, dims: k.dims, d.kernel.value.values),
                                        graph.weight(d.bias.name, dims: [k[1]], d.bias.value.values)], output: d.name)
            return (relu(y, if: d.activation), out)
        case let b as BatchNorm:
            let c = [shape.dims.last ?? 0]
            let inputs = [x] + [b.gamma, b.beta, b.movingMean, b.movingVariance].map { graph.weight($0.name, dims: c, $0.value.values) }
            return (graph.node("BatchNormalization", inputs, output: b.name, attributes: [ONNXGraph.float("epsilon", b.epsilon)]), out)
        case let r as ReLU:
            return (graph.node("Relu", [x], output: r.name), out)
        case let p as MaxPool2D:
            return (graph.node("MaxPool", [x], output: p.name, attributes: [
                ONNXGraph.ints("kernel_shape", [p.poolSize.0, p.poolSize.1]),
                ONNXGraph.ints("strides", [p.strides.0, p.strides.1]),
            ]), out)
        case let z as ZeroPadding2D:
            // NCHW begins then ends: rows and columns only.
            let pads = graph.int64s("\(z.name).pads", [0, 0, z.pad, z.pad, 0, 0, z.pad, z.pad])
            return (graph.node("Pad", [x, pads], output: z.name), out)
        case let f as Flatten:
            guard shape.rank == 4 else { return (graph.node("Flatten", [x], output: f.name), out) }
            let nhwc = graph.node("Transpose", [x], output: "\(f.name)/to_nhwc", attributes: [ONNXGraph.ints("perm", [0, 2, 3, 1])])
            return (graph.node("Flatten", [nhwc], output: f.name, attributes: [ONNXGraph.int("axis", 1)]), out)
        case let g as GlobalAvgPool:
            let pooled = graph.node("GlobalAveragePool", [x], output: "\(g.name)/pool")
            return (graph.node("Flatten", [pooled], output: g.name, attributes: [ONNXGraph.int("axis", 1)]), out)
        case is Dropout:
            return (x, out)
        case let r as ResidualBlock:
            let (main, _) = try lower(r.main, x, shape)
            let shortcut = try r.shortcut.map { try lower($0, x, shape).0 } ?? x
            let sum = graph.node("Add", [main, shortcut], output: "\(r.name)/add")
            return (graph.node("Relu", [sum], output: r.name), out)
        default:
            throw Unsupported(layer: layer.name, kind: layer.kind)
        }
    }

    private func conv(_ c: Conv2D, _ x: String, _ shape: Shape) -> String {
        let k = c.kernel.value.shape   // (kh, kw, cin, cout)
        let (kh, kw, cin, cout) = (k[0], k[1], k[2], k[3])
        let hwio = c.kernel.value.values
        var oihw = [Float](repeating: 0, count: hwio.count)
        for y in 0..<kh {
            for x in 0..<kw {
                for i in 0..<cin {
                    let from = ((y * kw + x) * cin + i) * cout
                    for o in 0..<cout { oihw[((o * cin + i) * kh + y) * kw + x] = hwio[from + o] }
                }
            }
        }
        let (top, bottom) = Self.padding(c.padding, input: shape[1], kernel: kh, stride: c.strides.0)
        let (left, right) = Self.padding(c.padding, input: shape[2], kernel: kw, stride: c.strides.1)
        let y = graph.node("Conv", [x, graph.weight(c.kernel.name, dims: [cout, cin, kh, kw], oihw),
                                    graph.weight(c.bias.name, dims: [cout], c.bias.value.values)],
                           output: c.name, attributes: [
                               ONNXGraph.ints("kernel_shape", [kh, kw]),
                               ONNXGraph.ints("strides", [c.strides.0, c.strides.1]),
                               ONNXGraph.ints("pads", [top, left, bottom, right]),
                           ])
        return relu(y, if: c.activation)
    }

    /// Explicit padding before and after along one axis. 'same' is TensorFlow's
    /// rule, as NN's Padding resolves it: out = ceil(in / stride), the smaller
    /// half of the total before (ONNX's SAME_UPPER, written out).
    static func padding(_ p: Padding, input: Int, kernel: Int, stride: Int) -> (Int, Int) {
        guard p == .same else { return (0, 0) }
        let out = (input + stride - 1) / stride
        let total = max((out - 1) * stride + kernel - input, 0)
        return (total / 2, total - total / 2)
    }

    private func relu(_ x: String, if activation: Activation) -> String {
        activation == .relu ? graph.node("Relu", [x], output: "\(x)/relu") : x
    }
}
