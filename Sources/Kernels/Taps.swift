import KernelShapes

/// One window's in-bounds input values and their positions in the
/// (kh, kw, cin) patch; padding contributes nothing.
struct Taps {
    let values: UnsafeMutablePointer<Float>
    let offsets: UnsafeMutablePointer<Int>

    /// Where each patch element sits relative to the window's top-left input value.
    let relative: UnsafeMutablePointer<Int>

    /// bias + taps x kernel for filters f..<f+32.
    @inline(__always)
    func sums32(_ count: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, filters: Int, from f: Int) -> Filters32 {
        var s = filters32(bias + f)
        for t in 0..<count { add(&s, values[t], times: kernel + (offsets[t] &* filters &+ f)) }
        return s
    }

    /// bias + taps x kernel for filters f..<f+8.
    @inline(__always)
    func sums8(_ count: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, filters: Int, from f: Int) -> Float8 {
        var sum = bias.load8(f)
        for t in 0..<count { sum = multiplyAdd(sum, Float8(repeating: values[t]), kernel.load8(offsets[t] &* filters &+ f)) }
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

    static func with(_ g: WindowGeometry, _ body: (Taps) -> Void) {
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
