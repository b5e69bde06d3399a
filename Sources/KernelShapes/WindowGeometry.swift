/// The geometry of a sliding window over an (N, H, W, C) input. Shared by NN,
/// which builds it from shapes (Padding.swift), and the kernels, which walk it.
public struct WindowGeometry: Equatable, Sendable {
    public let batch: Int, inH: Int, inW: Int, channels: Int
    public let kernelH: Int, kernelW: Int, strideH: Int, strideW: Int
    public let outH: Int, outW: Int, padTop: Int, padLeft: Int

    public init(batch: Int, inH: Int, inW: Int, channels: Int, kernelH: Int, kernelW: Int, strideH: Int, strideW: Int,
                outH: Int, outW: Int, padTop: Int, padLeft: Int) {
        (self.batch, self.inH, self.inW, self.channels) = (batch, inH, inW, channels)
        (self.kernelH, self.kernelW, self.strideH, self.strideW) = (kernelH, kernelW, strideH, strideW)
        (self.outH, self.outW, self.padTop, self.padLeft) = (outH, outW, padTop, padLeft)
    }

    /// Rows of the im2col matrix: one per output position.
    @inlinable public var outputPositions: Int { batch * outH * outW }
    /// Columns of the im2col matrix, in Keras' kernel order (kh, kw, cin).
    @inlinable public var patchSize: Int { kernelH * kernelW * channels }
    @inlinable public var isPointwise: Bool { kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 }

    /// The top-left input value of output (n, oh, ow)'s window in x (N, H, W, C),
    /// or nil if the window overlaps the padding.
    @inlinable @inline(__always)
    public func interiorWindow(_ x: UnsafePointer<Float>, image n: Int, row oh: Int, column ow: Int) -> UnsafePointer<Float>? {
        let (top, left) = (oh * strideH - padTop, ow * strideW - padLeft)
        guard top >= 0 && top + kernelH <= inH && left >= 0 && left + kernelW <= inW else { return nil }
        return x + ((n * inH + top) * inW + left) * channels
    }
}
