import KernelShapes

/// Convolutions whose patch (kh * kw * cin) is a handful of numbers, such as the
/// first 3x3 layer over a grayscale image (9): each output pixel gathers its
/// in-bounds taps once, then accumulates eight filters at a time in registers.
/// (Sources/NN/ShortPatchConvolution.swift says when, and splits the work.)
extension HotKernels {
    /// y (rows of (n, oh), OW, filters) = bias + conv(x), ReLU applied when asked. A 3x3
    /// grayscale window inside the image is read straight from it (no taps).
    public static func shortPatchForward(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>,
                                         bias: UnsafePointer<Float>, filters: Int, relu: Bool, rows: Range<Int>,
                                         into y: UnsafeMutablePointer<Float>) {
        let blocks = filters / 8 * 8
        let grayscale3x3 = GrayscaleWindow3x3.applies(to: g) && blocks == filters
        Taps.with(g) { taps in
            for r in rows {
                let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
                for ow in 0..<g.outW {
                    let out = y + (r * g.outW + ow) * filters
                    let origin = grayscale3x3 ? g.interiorWindow(x, image: n, row: oh, column: ow) : nil
                    let count = origin == nil ? taps.gather(g, x: x, row: r, column: ow) : 0
                    var f = 0
                    while f + 32 <= blocks {
                        // if/else, not `origin.map { } ?? ...`: an Optional of the tuple gets outlined copy
                        // helpers named by the type, shared (and so mixed up) across the kernel builds.
                        if let origin {
                            store(GrayscaleWindow3x3.sums32(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f), out + f)
                        } else {
                            store(taps.sums32(count, kernel: kernel, bias: bias, filters: filters, from: f), out + f)
                        }
                        f += 32
                    }
                    for f in stride(from: f, to: blocks, by: 8) {
                        if let origin {
                            out.store(GrayscaleWindow3x3.sums8(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f), f)
                        } else {
                            out.store(taps.sums8(count, kernel: kernel, bias: bias, filters: filters, from: f), f)
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

    /// sum (patch, filters) += patch x dz and biasSum (filters) += dz over the output rows given.
    /// A 3x3 grayscale layer's interior windows take `grayscale3x3KernelGradient` for each
    /// whole block of 32 filters; border windows and the filters past those blocks, the taps.
    public static func shortPatchKernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>,
                                                filters: Int, rows: Range<Int>, sum: UnsafeMutablePointer<Float>,
                                                biasSum: UnsafeMutablePointer<Float>) {
        let registerBlocks = GrayscaleWindow3x3.applies(to: g) ? filters / 32 * 32 : 0
        for f in stride(from: 0, to: registerBlocks, by: 32) {
            grayscale3x3KernelGradient(x, g, dz: dz, filters: filters, from: f, rows: rows, sum: sum, biasSum: biasSum)
        }
        let blocks = filters / 8 * 8
        Taps.with(g) { taps in
            for r in rows {
                let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
                for ow in 0..<g.outW {
                    let first = registerBlocks > 0 && g.interiorWindow(x, image: n, row: oh, column: ow) != nil ? registerBlocks : 0
                    guard first < filters else { continue }
                    let count = taps.gather(g, x: x, row: r, column: ow)
                    let d = dz + (r * g.outW + ow) * filters
                    for f in stride(from: first, to: blocks, by: 8) {
                        let df = d.load8(f)
                        biasSum.store(biasSum.load8(f) + df, f)
                        for t in 0..<count {
                            let at = taps.offsets[t] * filters + f
                            sum.store(multiplyAdd(sum.load8(at), Float8(repeating: taps.values[t]), df), at)
                        }
                    }
                    for f in max(first, blocks)..<filters {
                        biasSum[f] += d[f]
                        for t in 0..<count { sum[taps.offsets[t] * filters + f] += taps.values[t] * d[f] }
                    }
                }
            }
        }
    }

    /// Filters f..<f+32 of `shortPatchKernelGradient` over the interior windows of a 3x3
    /// grayscale layer: the ten sums (nine taps, the bias) stay in registers across all
    /// the rows' pixels and are added to memory once, where the taps path loads and
    /// stores each of them at every pixel.
    @inline(__always)
    static func grayscale3x3KernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>,
                                           filters: Int, from f: Int, rows: Range<Int>, sum: UnsafeMutablePointer<Float>,
                                           biasSum: UnsafeMutablePointer<Float>) {
        var (t0, t1, t2) = (zeroFilters32(), zeroFilters32(), zeroFilters32())
        var (t3, t4, t5) = (zeroFilters32(), zeroFilters32(), zeroFilters32())
        var (t6, t7, t8) = (zeroFilters32(), zeroFilters32(), zeroFilters32())
        var bias = zeroFilters32()
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            for ow in 0..<g.outW {
                guard let w = g.interiorWindow(x, image: n, row: oh, column: ow) else { continue }
                let d = filters32(dz + ((r &* g.outW &+ ow) &* filters &+ f))
                let (below, twoBelow) = (w + g.inW, w + 2 &* g.inW)
                add(&bias, 1, times: d)
                add(&t0, w[0], times: d); add(&t1, w[1], times: d); add(&t2, w[2], times: d)
                add(&t3, below[0], times: d); add(&t4, below[1], times: d); add(&t5, below[2], times: d)
                add(&t6, twoBelow[0], times: d); add(&t7, twoBelow[1], times: d); add(&t8, twoBelow[2], times: d)
            }
        }
        let at = { (tap: Int) in sum + (tap &* filters &+ f) }
        addStored(t0, at(0)); addStored(t1, at(1)); addStored(t2, at(2))
        addStored(t3, at(3)); addStored(t4, at(4)); addStored(t5, at(5))
        addStored(t6, at(6)); addStored(t7, at(7)); addStored(t8, at(8))
        addStored(bias, biasSum + f)
    }

    /// y (images, units) = flatten(conv(x), ReLU applied when asked) x dense, without the
    /// dense layer's bias. Each output pixel's filter values go from registers straight
    /// into the dense sums, so the convolution's activation is never stored.
    /// `transposedDense` is the dense kernel as (units, OH * OW * filters); filters % 32 == 0.
    public static func shortPatchThroughDense(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>,
                                              bias: UnsafePointer<Float>, filters: Int, relu: Bool,
                                              transposedDense: UnsafePointer<Float>, units: Int, images: Range<Int>,
                                              into y: UnsafeMutablePointer<Float>) {
        let inputs = g.outH * g.outW * filters
        let grayscale3x3 = GrayscaleWindow3x3.applies(to: g)
        Taps.with(g) { taps in
            for n in images {
                // Up to four units at a time, each summed in two registers whose
                // lanes mix filters (only the total counts); more units run the
                // convolution again.
                for first in stride(from: 0, to: units, by: 4) {
                    let used = min(4, units - first)
                    var (a0, b0, a1, b1) = (Filters32Lanes.zero, Filters32Lanes.zero, Filters32Lanes.zero, Filters32Lanes.zero)
                    var (a2, b2, a3, b3) = (Filters32Lanes.zero, Filters32Lanes.zero, Filters32Lanes.zero, Filters32Lanes.zero)
                    for oh in 0..<g.outH {
                        for ow in 0..<g.outW {
                            let pixel = (oh &* g.outW &+ ow) &* filters
                            let origin = grayscale3x3 ? g.interiorWindow(x, image: n, row: oh, column: ow) : nil
                            let count = origin == nil ? taps.gather(g, x: x, row: n &* g.outH &+ oh, column: ow) : 0
                            for f in stride(from: 0, to: filters, by: 32) {
                                var sums: Filters32
                                if let origin {
                                    sums = GrayscaleWindow3x3.sums32(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f)
                                } else {
                                    sums = taps.sums32(count, kernel: kernel, bias: bias, filters: filters, from: f)
                                }
                                if relu { rectify(&sums) }
                                let w = transposedDense + (first &* inputs &+ pixel &+ f)
                                accumulate(sums, w, into: &a0, &b0)
                                guard used > 1 else { continue }
                                accumulate(sums, w + inputs, into: &a1, &b1)
                                guard used > 2 else { continue }
                                accumulate(sums, w + 2 &* inputs, into: &a2, &b2)
                                guard used > 3 else { continue }
                                accumulate(sums, w + 3 &* inputs, into: &a3, &b3)
                            }
                        }
                    }
                    let totals = (a0 + b0, a1 + b1, a2 + b2, a3 + b3)
                    y[n &* units &+ first] = totals.0.sum()
                    if used > 1 { y[n &* units &+ first &+ 1] = totals.1.sum() }
                    if used > 2 { y[n &* units &+ first &+ 2] = totals.2.sum() }
                    if used > 3 { y[n &* units &+ first &+ 3] = totals.3.sum() }
                }
            }
        }
    }
}
