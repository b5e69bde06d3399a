import KernelShapes

extension ShortPatchConvolution {
    /// Whether `forwardThroughDense` takes this many filters: whole blocks of 32.
    static func fusesDense(filters: Int) -> Bool { filters % 32 == 0 }

    /// y (N, units) = flatten(conv(x), ReLU applied when asked) x dense, without the
    /// dense layer's bias, which the caller adds. Each output pixel's filter values
    /// go from registers straight into the dense sums, so the convolution's
    /// (N, OH, OW, filters) activation is never stored. `transposedDense` is the
    /// dense kernel as (units, OH * OW * filters).
    static func forwardThroughDense(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>,
                                    bias: UnsafePointer<Float>, filters: Int, relu: Bool,
                                    transposedDense: UnsafePointer<Float>, units: Int, into y: UnsafeMutablePointer<Float>) {
        precondition(fusesDense(filters: filters))
        let kernels = Kernels.active
        Parallel.chunks(g.batch) { images in
            kernels.shortPatchThroughDense(x, g, kernel: kernel, bias: bias, filters: filters, relu: relu,
                                           transposedDense: transposedDense, units: units, images: images, into: y)
        }
    }
}
