import KernelShapes

extension HotKernels {
    /// 2x2 max pooling with stride 2 over output rows (n, oh) given: four contiguous
    /// channel runs compared element-wise, a loop the compiler vectorises. argmax
    /// gets each maximum's flat input index (the first in (kh, kw) order, as in Keras).
    public static func maxPool2x2(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>,
                                  into y: UnsafeMutablePointer<Float>, argmax idx: UnsafeMutablePointer<Int32>) {
        let c = g.channels, rowStride = g.inW * c
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let topLeft = ((n * g.inH + 2 * oh) * g.inW + 2 * ow) * c
                let a = x + topLeft, b = a + c, d = a + rowStride, e = d + c
                let out = y + o, at = idx + o
                for ch in 0..<c {
                    var best = a[ch], offset: Int32 = 0
                    if b[ch] > best { best = b[ch]; offset = Int32(truncatingIfNeeded: c) }
                    if d[ch] > best { best = d[ch]; offset = Int32(truncatingIfNeeded: rowStride) }
                    if e[ch] > best { best = e[ch]; offset = Int32(truncatingIfNeeded: rowStride + c) }
                    out[ch] = best
                    at[ch] = Int32(truncatingIfNeeded: topLeft + ch) + offset
                }
                o += c
            }
        }
    }
}
