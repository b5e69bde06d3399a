import KernelShapes

/// The three transforms of Winograd's F(2x2, 3x3) (Sources/NN/Winograd.swift has
/// the algorithm and the GEMMs between them), each over one chunk, vectorised
/// along the channels: `Wide` vectors when the channels come in whole ones,
/// eight at a time otherwise (the layers Winograd takes have channels % 8 == 0).
extension HotKernels {
    /// U[xi][c][f] = (G g G^T)[xi] for input channels c in `channels` and every
    /// output channel f, g the 3x3 kernel (3, 3, cin, cout) of that pair.
    public static func winogradTransformKernel(_ kernel: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                               channels: Range<Int>, into u: UnsafeMutablePointer<Float>) {
        if cout % Wide.scalarCount == 0 {
            transformKernel(kernel, cin: cin, cout: cout, channels: channels, into: u, Wide.self)
        } else {
            transformKernel(kernel, cin: cin, cout: cout, channels: channels, into: u, Float8.self)
        }
    }

    /// V[xi][tile][c] = (B^T d B)[xi] for each tile d in `tiles` of the zero-padded input x.
    public static func winogradTransformInput(_ x: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                              into v: UnsafeMutablePointer<Float>) {
        if channels % Wide.scalarCount == 0 {
            transformInput(x, t, channels: channels, tiles: tiles, into: v, Wide.self)
        } else {
            transformInput(x, t, channels: channels, tiles: tiles, into: v, Float8.self)
        }
    }

    /// y tile = A^T m A (+ bias, ReLU) for the tiles given, written where each falls inside the output.
    public static func winogradTransformOutput(_ m: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, bias: UnsafePointer<Float>?,
                                               relu: Bool, tiles: Range<Int>, into y: UnsafeMutablePointer<Float>) {
        if channels % Wide.scalarCount == 0 {
            transformOutput(m, t, channels: channels, bias: bias, relu: relu, tiles: tiles, into: y, Wide.self)
        } else {
            transformOutput(m, t, channels: channels, bias: bias, relu: relu, tiles: tiles, into: y, Float8.self)
        }
    }

    @inline(__always)
    private static func transformKernel<V: FloatVector>(_ kernel: UnsafePointer<Float>, cin: Int, cout: Int, channels: Range<Int>,
                                                 into u: UnsafeMutablePointer<Float>, _: V.Type) {
        let tap = cin * cout   // distance between the kernel's (kh, kw) slices
        withVectors(21, of: V.self) { g in
            let r = g + 9   // g: the 9 taps, r: 12 half-transformed values
            for c in channels {
                for f in stride(from: 0, to: cout, by: V.scalarCount) {
                    let base = c * cout + f
                    for k in 0..<9 { g[k] = kernel.load(k * tap + base) }
                    // Rows: G applied along kh, for each kw.
                    for kw in 0..<3 {
                        let (g0, g1, g2) = (g[kw], g[3 + kw], g[6 + kw])
                        r[kw] = g0
                        r[3 + kw] = 0.5 * (g0 + g1 + g2)
                        r[6 + kw] = 0.5 * (g0 - g1 + g2)
                        r[9 + kw] = g2
                    }
                    // Columns: G applied along kw, for each transformed row i.
                    for i in 0..<4 {
                        let (h0, h1, h2) = (r[3 * i], r[3 * i + 1], r[3 * i + 2])
                        let row = u + 4 * i * tap + base
                        row.store(h0, 0)
                        row.store(0.5 * (h0 + h1 + h2), tap)
                        row.store(0.5 * (h0 - h1 + h2), 2 * tap)
                        row.store(h2, 3 * tap)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func transformInput<V: FloatVector>(_ x: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                                into v: UnsafeMutablePointer<Float>, _: V.Type) {
        let stride = t.tiles * channels   // between transformed positions
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 16) { rowBuffer in
            withVectors(32, of: V.self) { d in
                let s = d + 16   // d: the 16 tile values, s: B^T d
                let rows = rowBuffer.baseAddress!
                for tile in tiles {
                    let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                    let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                    for i in 0..<4 {
                        let ih = 2 * ty - t.padTop + i
                        for j in 0..<4 {
                            let iw = 2 * tx - t.padLeft + j
                            rows[4 * i + j] = ih >= 0 && ih < t.inH && iw >= 0 && iw < t.inW
                                ? x + ((n * t.inH + ih) * t.inW + iw) * channels : nil
                        }
                    }
                    let out = v + tile * channels
                    for c in Swift.stride(from: 0, to: channels, by: V.scalarCount) {
                        for k in 0..<16 { d[k] = rows[k]?.load(c) ?? .zero }
                        // B^T d: along the rows.
                        for j in 0..<4 {
                            s[j] = d[j] - d[8 + j]
                            s[4 + j] = d[4 + j] + d[8 + j]
                            s[8 + j] = d[8 + j] - d[4 + j]
                            s[12 + j] = d[4 + j] - d[12 + j]
                        }
                        // (B^T d) B: along the columns.
                        for i in 0..<4 {
                            let r = 4 * i
                            out.store(s[r] - s[r + 2], (r) * stride + c)
                            out.store(s[r + 1] + s[r + 2], (r + 1) * stride + c)
                            out.store(s[r + 2] - s[r + 1], (r + 2) * stride + c)
                            out.store(s[r + 1] - s[r + 3], (r + 3) * stride + c)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func transformOutput<V: FloatVector>(_ m: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, bias: UnsafePointer<Float>?,
                                                 relu: Bool, tiles: Range<Int>, into y: UnsafeMutablePointer<Float>,
                                                 _: V.Type) {
        let stride = t.tiles * channels
        withVectors(8, of: V.self) { s in   // A^T m
            for tile in tiles {
                let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                let input = m + tile * channels
                for f in Swift.stride(from: 0, to: channels, by: V.scalarCount) {
                    // A^T m: two rows from four.
                    for j in 0..<4 {
                        let (m0, m1, m2, m3): (V, V, V, V) = (input.load(j * stride + f), input.load((4 + j) * stride + f),
                                                              input.load((8 + j) * stride + f), input.load((12 + j) * stride + f))
                        s[j] = m0 + m1 + m2
                        s[4 + j] = m1 - m2 - m3
                    }
                    let b: V = bias?.load(f) ?? .zero
                    for i in 0..<2 {
                        let oh = 2 * ty + i
                        guard oh < t.outH else { continue }
                        let r = 4 * i
                        var pair = (s[r] + s[r + 1] + s[r + 2] + b, s[r + 1] - s[r + 2] - s[r + 3] + b)
                        if relu { pair = (pair.0.rectified, pair.1.rectified) }
                        let row = y + ((n * t.outH + oh) * t.outW + 2 * tx) * channels + f
                        row.store(pair.0, 0)
                        if 2 * tx + 1 < t.outW { row.store(pair.1, channels) }
                    }
                }
            }
        }
    }
}
