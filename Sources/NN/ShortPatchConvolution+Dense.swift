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
        let inputs = g.outH * g.outW * filters
        let grayscale3x3 = GrayscaleWindow3x3.applies(to: g)
        Parallel.chunks(g.batch) { images in
            withTaps(g) { taps in
                for n in images {
                    // Up to four units at a time, each summed in two registers whose
                    // lanes mix filters (only the total counts); more units run the
                    // convolution again.
                    for first in stride(from: 0, to: units, by: 4) {
                        let used = min(4, units - first)
                        var (a0, b0, a1, b1) = (Float8.zero, Float8.zero, Float8.zero, Float8.zero)
                        var (a2, b2, a3, b3) = (Float8.zero, Float8.zero, Float8.zero, Float8.zero)
                        for oh in 0..<g.outH {
                            for ow in 0..<g.outW {
                                let pixel = (oh &* g.outW &+ ow) &* filters
                                let origin = grayscale3x3 ? g.interiorWindow(x, image: n, row: oh, column: ow) : nil
                                let count = origin == nil ? taps.gather(g, x: x, row: n &* g.outH &+ oh, column: ow) : 0
                                for f in stride(from: 0, to: filters, by: 32) {
                                    var (s0, s1, s2, s3): (Float8, Float8, Float8, Float8)
                                    if let origin {
                                        (s0, s1, s2, s3) = GrayscaleWindow3x3.sums32(origin, width: g.inW, kernel: kernel, bias: bias, filters: filters, from: f)
                                    } else {
                                        (s0, s1, s2, s3) = taps.sums32(count, kernel: kernel, bias: bias, filters: filters, from: f)
                                    }
                                    if relu { (s0, s1, s2, s3) = (s0.rectified, s1.rectified, s2.rectified, s3.rectified) }
                                    let w = transposedDense + (first &* inputs &+ pixel &+ f)
                                    a0 = a0.addingProduct(s0, w.load8(0)).addingProduct(s2, w.load8(16))
                                    b0 = b0.addingProduct(s1, w.load8(8)).addingProduct(s3, w.load8(24))
                                    guard used > 1 else { continue }
                                    let w1 = w + inputs
                                    a1 = a1.addingProduct(s0, w1.load8(0)).addingProduct(s2, w1.load8(16))
                                    b1 = b1.addingProduct(s1, w1.load8(8)).addingProduct(s3, w1.load8(24))
                                    guard used > 2 else { continue }
                                    let w2 = w1 + inputs
                                    a2 = a2.addingProduct(s0, w2.load8(0)).addingProduct(s2, w2.load8(16))
                                    b2 = b2.addingProduct(s1, w2.load8(8)).addingProduct(s3, w2.load8(24))
                                    guard used > 3 else { continue }
                                    let w3 = w2 + inputs
                                    a3 = a3.addingProduct(s0, w3.load8(0)).addingProduct(s2, w3.load8(16))
                                    b3 = b3.addingProduct(s1, w3.load8(8)).addingProduct(s3, w3.load8(24))
                                }
                            }
                        }
                        let totals = [a0 + b0, a1 + b1, a2 + b2, a3 + b3]
                        for u in 0..<used { y[n &* units &+ first &+ u] = totals[u].sum() }
                    }
                }
            }
        }
    }
}
