/// Convolutions whose patch (kh * kw * cin) is a handful of numbers, such as the
/// first 3x3 layer over a grayscale image (9). As im2col + sgemm that is a GEMM
/// with k = 9, which BLAS runs far below peak after writing a column matrix
/// nine times the input. Here each output pixel gathers its in-bounds taps
/// once, then accumulates eight filters at a time in registers.
enum ShortPatchConvolution {
    /// Patches up to this length take this path (im2col + sgemm wins beyond).
    static let longestPatch = 32

    /// y (N, OH, OW, filters) = bias + conv(x), ReLU applied when asked. A 3x3
    /// grayscale window inside the image is read straight from it (no taps).
    static func forward(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        filters: Int, relu: Bool, into y: UnsafeMutablePointer<Float>) {
        let blocks = filters / 8 * 8
        let grayscale3x3 = GrayscaleWindow3x3.applies(to: g) && blocks == filters
        Parallel.chunks(g.batch * g.outH, minimumPerChunk: 4) { rows in
            withTaps(g) { taps in
                for r in rows {
                    let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
                    for ow in 0..<g.outW {
                        let out = y + (r * g.outW + ow) * filters
                        let origin = grayscale3x3 ? g.interiorWindow(x, image: n, row: oh, column: ow) : nil
                        let count = origin == nil ? taps.gather(g, x: x, row: r, column: ow) : 0
                        var f = 0
                        while f + 32 <= blocks {
                            var (s0, s1, s2, s3): (Float8, Float8, Float8, Float8)
                            if let origin {
                                (s0, s1, s2, s3) = GrayscaleWindow3x3.sums32(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f)
                            } else {
                                (s0, s1, s2, s3) = taps.sums32(count, kernel: kernel, bias: bias, filters: filters, from: f)
                            }
                            out.store8(s0, f)
                            out.store8(s1, f &+ 8)
                            out.store8(s2, f &+ 16)
                            out.store8(s3, f &+ 24)
                            f += 32
                        }
                        for f in stride(from: f, to: blocks, by: 8) {
                            if let origin {
                                out.store8(GrayscaleWindow3x3.sums8(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f), f)
                            } else {
                                out.store8(taps.sums8(count, kernel: kernel, bias: bias, filters: filters, from: f), f)
                            }
                        }
                        // Filters past the last vector of eight: only on the taps path.
                        for f in blocks..<filters {
                            var sum = bias[f]
                            for t in 0..<count { sum += taps.values[t] * kernel[taps.offsets[t] * filters + f] }
                            out[f] = sum
                        }
                        if relu { for f in 0..<filters { out[f] = max(out[f], 0) } }
                    }
                }
            }
        }
    }

    /// dKernel += sum over output pixels of patch x dz, dBias += sum of dz. Each
    /// core sums its rows into a partial of its own; partials are added in order.
    static func addKernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>, filters: Int,
                                  kernel dKernel: UnsafeMutablePointer<Float>, bias dBias: UnsafeMutablePointer<Float>) {
        let size = (g.patchSize + 1) * filters   // kernel rows, then the bias row
        let blocks = filters / 8 * 8
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: Parallel.workers * size)
        defer { partials.deallocate() }
        partials.initialize(repeating: 0, count: Parallel.workers * size)
        let used = Parallel.indexedChunks(g.batch * g.outH, minimumPerChunk: 4) { chunk, rows in
            let sum = partials + chunk * size, biasSum = sum + g.patchSize * filters
            withTaps(g) { taps in
                for r in rows {
                    for ow in 0..<g.outW {
                        let count = taps.gather(g, x: x, row: r, column: ow)
                        let d = dz + (r * g.outW + ow) * filters
                        for f in stride(from: 0, to: blocks, by: 8) {
                            let df = d.load8(f)
                            biasSum.store8(biasSum.load8(f) + df, f)
                            for t in 0..<count {
                                let at = taps.offsets[t] * filters + f
                                sum.store8(sum.load8(at).addingProduct(Float8(repeating: taps.values[t]), df), at)
                            }
                        }
                        for f in blocks..<filters {
                            biasSum[f] += d[f]
                            for t in 0..<count { sum[taps.offsets[t] * filters + f] += taps.values[t] * d[f] }
                        }
                    }
                }
            }
        }
        for chunk in 0..<used {
            let sum = partials + chunk * size
            for i in 0..<g.patchSize * filters { dKernel[i] += sum[i] }
            for f in 0..<filters { dBias[f] += sum[g.patchSize * filters + f] }
        }
    }

    /// One window's in-bounds input values and their positions in the
    /// (kh, kw, cin) patch; padding contributes nothing.
    struct Taps {
        let values: UnsafeMutablePointer<Float>
        let offsets: UnsafeMutablePointer<Int>

        /// Where each patch element sits relative to the window's top-left input value.
        let relative: UnsafeMutablePointer<Int>

        /// bias + taps x kernel for filters f..<f+32, in four independent sums that hide the adds' latency.
        @inline(__always)
        func sums32(_ count: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, filters: Int,
                    from f: Int) -> (Float8, Float8, Float8, Float8) {
            var (s0, s1, s2, s3) = (bias.load8(f), bias.load8(f &+ 8), bias.load8(f &+ 16), bias.load8(f &+ 24))
            for t in 0..<count {
                let v = Float8(repeating: values[t]), w = kernel + (offsets[t] &* filters &+ f)
                s0 = s0.addingProduct(v, w.load8(0))
                s1 = s1.addingProduct(v, w.load8(8))
                s2 = s2.addingProduct(v, w.load8(16))
                s3 = s3.addingProduct(v, w.load8(24))
            }
            return (s0, s1, s2, s3)
        }

        /// bias + taps x kernel for filters f..<f+8.
        @inline(__always)
        func sums8(_ count: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, filters: Int, from f: Int) -> Float8 {
            var sum = bias.load8(f)
            for t in 0..<count { sum = sum.addingProduct(Float8(repeating: values[t]), kernel.load8(offsets[t] &* filters &+ f)) }
            return sum
        }

        /// Fills the taps of output (row = n * outH + oh, column = ow); returns how many.
        @inline(__always)
        func gather(_ g: WindowGeometry, x: UnsafePointer<Float>, row r: Int, column ow: Int) -> Int {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            let image = x + n * g.inH * g.inW * g.channels
            let (top, left) = (oh * g.strideH - g.padTop, ow * g.strideW - g.padLeft)
            if top >= 0 && top + g.kernelH <= g.inH && left >= 0 && left + g.kernelW <= g.inW {
                // The whole window is inside the image (always, for 'valid' padding): no checks per tap.
                let origin = image + (top * g.inW + left) * g.channels
                for k in 0..<g.patchSize {
                    values[k] = origin[relative[k]]
                    offsets[k] = k
                }
                return g.patchSize
            }
            var count = 0
            for kh in 0..<g.kernelH {
                let ih = top + kh
                guard ih >= 0 && ih < g.inH else { continue }
                for kw in 0..<g.kernelW {
                    let iw = left + kw
                    guard iw >= 0 && iw < g.inW else { continue }
                    let pixel = image + (ih * g.inW + iw) * g.channels, first = (kh * g.kernelW + kw) * g.channels
                    for ch in 0..<g.channels {
                        values[count] = pixel[ch]
                        offsets[count] = first + ch
                        count += 1
                    }
                }
            }
            return count
        }
    }

    static func withTaps(_ g: WindowGeometry, _ body: (Taps) -> Void) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: g.patchSize) { values in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * g.patchSize) { offsets in
                let relative = offsets.baseAddress! + g.patchSize
                for kh in 0..<g.kernelH {
                    for kw in 0..<g.kernelW {
                        for ch in 0..<g.channels {
                            relative[(kh * g.kernelW + kw) * g.channels + ch] = (kh * g.inW + kw) * g.channels + ch
                        }
                    }
                }
                body(Taps(values: values.baseAddress!, offsets: offsets.baseAddress!, relative: relative))
            }
        }
    }
}
