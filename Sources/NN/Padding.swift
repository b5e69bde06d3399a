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

/// The geometry of a sliding window over an (N, H, W, C) input.
struct WindowGeometry: Equatable {
    let batch: Int, inH: Int, inW: Int, channels: Int
    let kernelH: Int, kernelW: Int, strideH: Int, strideW: Int
    let outH: Int, outW: Int, padTop: Int, padLeft: Int

    init(input: Shape, kernel: (Int, Int), strides: (Int, Int), padding: Padding) throws {
        guard input.rank == 4 else { throw ShapeError("expects (N, H, W, C) input, got \(input)") }
        batch = input[0]; inH = input[1]; inW = input[2]; channels = input[3]
        (kernelH, kernelW) = kernel
        (strideH, strideW) = strides
        guard padding == .same || (inH >= kernelH && inW >= kernelW) else {
            throw ShapeError("input \(inH)x\(inW) is smaller than the \(kernelH)x\(kernelW) window")
        }
        (outH, padTop) = padding.resolve(input: inH, kernel: kernelH, stride: strideH)
        (outW, padLeft) = padding.resolve(input: inW, kernel: kernelW, stride: strideW)
    }

    /// Rows of the im2col matrix: one per output position.
    var outputPositions: Int { batch * outH * outW }
    /// Columns of the im2col matrix, in Keras' kernel order (kh, kw, cin).
    var patchSize: Int { kernelH * kernelW * channels }
    var isPointwise: Bool { kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 }
}

extension WindowGeometry {
    /// The top-left input value of output (n, oh, ow)'s window in x (N, H, W, C),
    /// or nil if the window overlaps the padding.
    @inline(__always)
    func interiorWindow(_ x: UnsafePointer<Float>, image n: Int, row oh: Int, column ow: Int) -> UnsafePointer<Float>? {
        let (top, left) = (oh * strideH - padTop, ow * strideW - padLeft)
        guard top >= 0 && top + kernelH <= inH && left >= 0 && left + kernelW <= inW else { return nil }
        return x + ((n * inH + top) * inW + left) * channels
    }
}
