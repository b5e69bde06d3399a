import KernelShapes

extension HotKernels {
    /// Max pooling ('valid', any window and stride) over the output rows (n, oh)
    /// given: each window's contiguous channel runs compared a vector at a time.
    public static func maxPool(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>, into y: UnsafeMutablePointer<Float>) {
        let c = g.channels, w = Wide.scalarCount
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let first = x + ((n * g.inH + oh * g.strideH) * g.inW + ow * g.strideW) * c
                let out = y + o
                var ch = 0
                while ch + w <= c {
                    var best: Wide = first.load(ch)
                    for kh in 0..<g.kernelH {
                        for kw in 0..<g.kernelW {
                            // Only a larger value replaces: the first maximum in (kh, kw) order stays, as MaxPool2D's backward assumes.
                            let v: Wide = first.load((kh * g.inW + kw) * c + ch)
                            best = best.replacing(with: v, where: v .> best)
                        }
                    }
                    out.store(best, ch)
                    ch += w
                }
                for ch in ch..<c {
                    var best = first[ch]
                    for kh in 0..<g.kernelH {
                        for kw in 0..<g.kernelW where first[(kh * g.inW + kw) * c + ch] > best {
                            best = first[(kh * g.inW + kw) * c + ch]
                        }
                    }
                    out[ch] = best
                }
                o += c
            }
        }
    }

    /// 2x2 max pooling with stride 2 over output rows (n, oh) given: the four
    /// contiguous channel runs of each window compared a vector at a time.
    public static func maxPool2x2(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>, into y: UnsafeMutablePointer<Float>) {
        let c = g.channels, rowStride = g.inW * c, w = Wide.scalarCount
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let a = x + ((n * g.inH + 2 * oh) * g.inW + 2 * ow) * c, b = a + c, d = a + rowStride, e = d + c
                let out = y + o
                var ch = 0
                while ch + w <= c {
                    var best: Wide = a.load(ch)
                    // Only a larger value replaces: the first maximum stays, as MaxPool2D's backward assumes.
                    @inline(__always) func compare(_ p: UnsafePointer<Float>) {
                        let v: Wide = p.load(ch)
                        best = best.replacing(with: v, where: v .> best)
                    }
                    compare(b)
                    compare(d)
                    compare(e)
                    out.store(best, ch)
                    ch += w
                }
                for ch in ch..<c {
                    var best = a[ch]
                    if b[ch] > best { best = b[ch] }
                    if d[ch] > best { best = d[ch] }
                    if e[ch] > best { best = e[ch] }
                    out[ch] = best
                }
                o += c
            }
        }
    }
}

extension HotKernels {
    /// Max pooling's backward over the output rows (n, oh) given, into dx that
    /// the caller zeroed: each window's gradient goes to its first maximum in
    /// (kh, kw) order, found again by comparing with the output. A lane stops
    /// looking once it has routed its gradient, as the scalar form breaks out.
    public static func maxPoolBackward(_ x: UnsafePointer<Float>, output y: UnsafePointer<Float>, gradient dy: UnsafePointer<Float>,
                                       _ g: WindowGeometry, rows: Range<Int>, into dx: UnsafeMutablePointer<Float>) {
        let c = g.channels, w = Wide.scalarCount
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let first = ((n * g.inH + oh * g.strideH) * g.inW + ow * g.strideW) * c
                var ch = 0
                while ch + w <= c {
                    let best: Wide = y.load(o + ch), d: Wide = dy.load(o + ch)
                    var open = SIMDMask<Wide.MaskStorage>(repeating: true)
                    for kh in 0..<g.kernelH {
                        for kw in 0..<g.kernelW {
                            let i = first + (kh * g.inW + kw) * c + ch
                            let hit = open .& (x.load(i, as: Wide.self) .== best)
                            let sum: Wide = dx.load(i)
                            dx.store(sum.replacing(with: sum + d, where: hit), i)
                            open = open .& .!hit
                        }
                    }
                    ch += w
                }
                for ch in ch..<c {
                    let best = y[o + ch]
                    window: for kh in 0..<g.kernelH {
                        for kw in 0..<g.kernelW {
                            let i = first + (kh * g.inW + kw) * c + ch
                            if x[i] == best {
                                dx[i] += dy[o + ch]
                                break window
                            }
                        }
                    }
                }
                o += c
            }
        }
    }
}
