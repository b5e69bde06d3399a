import KernelShapes

/// Keras' two padding modes for convolutions and pooling.
public enum Padding: String, Sendable, Codable {
    case valid, same

    /// Output length and the padding before the first element along one axis.
    /// 'same' follows TensorFlow: out = ceil(in / stride), total padding
    /// max((out - 1) * stride + kernel - in, 0), the smaller half before.
    func resolve(input: Int, kernel: Int, stride: Int) -> (output: Int, padBefore: Int) {
        switch self {
        case .valid:
            return ((input - kernel) / stride + 1, 0)
        case .same:
            let out = (input + stride - 1) / stride
            let total = max((out - 1) * stride + kernel - input, 0)
            return (out, total / 2)
        }
    }
}

extension WindowGeometry {
    init(input: Shape, kernel: (Int, Int), strides: (Int, Int), padding: Padding) throws {
        guard input.rank == 4 else { throw ShapeError("expects (N, H, W, C) input, got \(input)") }
        let (inH, inW) = (input[1], input[2])
        guard padding == .same || (inH >= kernel.0 && inW >= kernel.1) else {
            throw ShapeError("input \(inH)x\(inW) is smaller than the \(kernel.0)x\(kernel.1) window")
        }
        let (outH, padTop) = padding.resolve(input: inH, kernel: kernel.0, stride: strides.0)
        let (outW, padLeft) = padding.resolve(input: inW, kernel: kernel.1, stride: strides.1)
        self.init(batch: input[0], inH: inH, inW: inW, channels: input[3], kernelH: kernel.0, kernelW: kernel.1,
                  strideH: strides.0, strideW: strides.1, outH: outH, outW: outW, padTop: padTop, padLeft: padLeft)
    }
}
