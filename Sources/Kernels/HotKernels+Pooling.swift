import KernelShapes

extension HotKernels {
    /// 2x2 max pooling with stride 2 over output rows (n, oh) given: the four
    /// contiguous channel runs of each window compared a vector at a time. argmax
    /// gets each maximum's flat input index (the first in (kh, kw) order, as in Keras).
    public static func maxPool2x2(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>,
                                  into y: UnsafeMutablePointer<Float>, argmax idx: UnsafeMutablePointer<Int32>) {
        typealias Indices = Wide.MaskStorage   // Int32 lanes, as many as Wide's
        let c = g.channels, rowStride = g.inW * c, w = Wide.scalarCount
        var lanes = Indices()
        for i in 0..<w { lanes[i] = Int32(truncatingIfNeeded: i) }
        let (right, down, diagonal) = (Indices(repeating: Int32(truncatingIfNeeded: c)), Indices(repeating: Int32(truncatingIfNeeded: rowStride)),
                                       Indices(repeating: Int32(truncatingIfNeeded: rowStride + c)))
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let topLeft = ((n * g.inH + 2 * oh) * g.inW + 2 * ow) * c
                let a = x + topLeft, b = a + c, d = a + rowStride, e = d + c
                let out = y + o, at = idx + o
                var ch = 0
                while ch + w <= c {
                    var best: Wide = a.load(ch), offset = Indices()
                    @inline(__always) func compare(_ p: UnsafePointer<Float>, _ step: Indices) {
                        let v: Wide = p.load(ch), larger = v .> best
                        best = best.replacing(with: v, where: larger)
                        offset = offset.replacing(with: step, where: larger)
                    }
                    compare(b, right)
                    compare(d, down)
                    compare(e, diagonal)
                    out.store(best, ch)
                    let index = Indices(repeating: Int32(truncatingIfNeeded: topLeft + ch)) &+ lanes &+ offset
                    UnsafeMutableRawPointer(at + ch).storeBytes(of: index, as: Indices.self)
                    ch += w
                }
                for ch in ch..<c {
                    var best = a[ch], offset = 0
                    if b[ch] > best { best = b[ch]; offset = c }
                    if d[ch] > best { best = d[ch]; offset = rowStride }
                    if e[ch] > best { best = e[ch]; offset = rowStride + c }
                    out[ch] = best
                    at[ch] = Int32(truncatingIfNeeded: topLeft + ch + offset)
                }
                o += c
            }
        }
    }
}
