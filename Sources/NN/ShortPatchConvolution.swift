import KernelShapes

/// Convolutions whose patch (kh * kw * cin) is a handful of numbers, such as the
/// first 3x3 layer over a grayscale image (9). As im2col + sgemm that is a GEMM
/// with k = 9, which BLAS runs far below peak after writing a column matrix
/// nine times the input. Here each output pixel gathers its in-bounds taps
/// once, then accumulates eight filters at a time in registers (HotKernels).
enum ShortPatchConvolution {
    /// Patches up to this length take this path (im2col + sgemm wins beyond).
    static let longestPatch = 32

    /// y (N, OH, OW, filters) = bias + conv(x), ReLU applied when asked. A 3x3
    /// grayscale window inside the image is read straight from it (no taps).
    static func forward(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        filters: Int, relu: Bool, into y: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(g.batch * g.outH, minimumPerChunk: 4) { rows in
            kernels.shortPatchForward(x, g, kernel: kernel, bias: bias, filters: filters, relu: relu, rows: rows, into: y)
        }
    }

    /// dKernel += sum over output pixels of patch x dz, dBias += sum of dz. Each
    /// core sums its rows into a partial of its own; partials are added in order.
    static func addKernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>, filters: Int,
                                  kernel dKernel: UnsafeMutablePointer<Float>, bias dBias: UnsafeMutablePointer<Float>) {
        let size = (g.patchSize + 1) * filters   // kernel rows, then the bias row
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: Parallel.workers * size)
        defer { partials.deallocate() }
        partials.initialize(repeating: 0, count: Parallel.workers * size)
        let kernels = Kernels.active
        let used = Parallel.indexedChunks(g.batch * g.outH, minimumPerChunk: 4) { chunk, rows in
            let sum = partials + chunk * size
            kernels.shortPatchKernelGradient(x, g, dz: dz, filters: filters, rows: rows, sum: sum, biasSum: sum + g.patchSize * filters)
        }
        for chunk in 0..<used {
            let sum = partials + chunk * size
            for i in 0..<g.patchSize * filters { dKernel[i] += sum[i] }
            for f in 0..<filters { dBias[f] += sum[g.patchSize * filters + f] }
        }
    }
}
