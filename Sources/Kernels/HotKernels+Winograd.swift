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

    /// V[xi][tile][c] = (B^T d B)[xi] for each tile d in `tiles` of the zero-padded input x;
    /// `v` is where the first of them goes, `positionStride` the floats between positions xi.
    public static func winogradTransformInput(_ x: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                              into v: UnsafeMutablePointer<Float>, positionStride: Int) {
        if channels % Wide.scalarCount == 0 {
            transformInput(x, t, channels: channels, tiles: tiles, into: v, positionStride, Wide.self)
        } else {
            transformInput(x, t, channels: channels, tiles: tiles, into: v, positionStride, Float8.self)
        }
    }

    /// y tile = A^T m A (+ bias, ReLU) for the tiles given, written where each falls inside the output;
    /// `m` holds the first of them, positions `positionStride` floats apart.
    public static func winogradTransformOutput(_ m: UnsafePointer<Float>, positionStride: Int, _ t: WinogradTiling, channels: Int,
                                               bias: UnsafePointer<Float>?, relu: Bool, tiles: Range<Int>, into y: UnsafeMutablePointer<Float>) {
        if channels % Wide.scalarCount == 0 {
            transformOutput(m, positionStride, t, channels: channels, bias: bias, relu: relu, tiles: tiles, into: y, Wide.self)
        } else {
            transformOutput(m, positionStride, t, channels: channels, bias: bias, relu: relu, tiles: tiles, into: y, Float8.self)
        }
    }

    /// The output transform's adjoint: dM[xi][tile][c] = (A dy A^T)[xi] for each 2x2 block dy of
    /// the output gradient in `tiles` (zero where a block overhangs the output), laid out as
    /// `winogradTransformInput` lays out V.
    public static func winogradTransformOutputGradient(_ dy: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                                       into dm: UnsafeMutablePointer<Float>, positionStride: Int) {
        if channels % Wide.scalarCount == 0 {
            transformOutputGradient(dy, t, channels: channels, tiles: tiles, into: dm, positionStride, Wide.self)
        } else {
            transformOutputGradient(dy, t, channels: channels, tiles: tiles, into: dm, positionStride, Float8.self)
        }
    }

    /// The kernel transform's adjoint: kernel gradient (3, 3, cin, cout) += G^T dU[.][c][f] G
    /// for input channels c in `channels`, dU laid out as U.
    public static func winogradAddKernelGradient(_ du: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                                 channels: Range<Int>, into gradient: UnsafeMutablePointer<Float>) {
        if cout % Wide.scalarCount == 0 {
            addKernelGradient(du, cin: cin, cout: cout, channels: channels, into: gradient, Wide.self)
        } else {
            addKernelGradient(du, cin: cin, cout: cout, channels: channels, into: gradient, Float8.self)
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
                                                into v: UnsafeMutablePointer<Float>, _ stride: Int, _: V.Type) {
        let rowStride = t.inW * channels
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 16) { rowBuffer in
            withVectors(16, of: V.self) { d in   // the 16 tile values
                let rows = rowBuffer.baseAddress!
                for tile in tiles {
                    let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                    let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                    let (top, left) = (2 * ty - t.padTop, 2 * tx - t.padLeft)
                    let out = v + (tile - tiles.lowerBound) * channels
                    if top >= 0 && top + 4 <= t.inH && left >= 0 && left + 4 <= t.inW {
                        // Inside the input, as most tiles are: no padding to test for.
                        let corner = x + ((n * t.inH + top) * t.inW + left) * channels
                        for c in Swift.stride(from: 0, to: channels, by: V.scalarCount) {
                            for i in 0..<4 {
                                for j in 0..<4 { d[4 * i + j] = corner.load(i * rowStride + j * channels + c) }
                            }
                            storeTransformedInput(d, into: out, at: c, stride)
                        }
                        continue
                    }
                    for i in 0..<4 {
                        let ih = top + i
                        for j in 0..<4 {
                            let iw = left + j
                            rows[4 * i + j] = ih >= 0 && ih < t.inH && iw >= 0 && iw < t.inW
                                ? x + ((n * t.inH + ih) * t.inW + iw) * channels : nil
                        }
                    }
                    for c in Swift.stride(from: 0, to: channels, by: V.scalarCount) {
                        for k in 0..<16 { d[k] = rows[k]?.load(c) ?? .zero }
                        storeTransformedInput(d, into: out, at: c, stride)
                    }
                }
            }
        }
    }

    /// B^T d B of one tile's 16 vectors, a row of B^T d at a time (fewer live registers than
    /// all of it), stored at the 16 positions `stride` apart.
    @inline(__always)
    private static func storeTransformedInput<V: FloatVector>(_ d: UnsafeMutablePointer<V>, into out: UnsafeMutablePointer<Float>,
                                                              at c: Int, _ stride: Int) {
        // One row (s0 ... s3) of B^T d, times B along the columns.
        func row(_ i: Int, _ s0: V, _ s1: V, _ s2: V, _ s3: V) {
            let at = 4 * i * stride + c
            out.store(s0 - s2, at)
            out.store(s1 + s2, at + stride)
            out.store(s2 - s1, at + 2 * stride)
            out.store(s1 - s3, at + 3 * stride)
        }
        row(0, d[0] - d[8], d[1] - d[9], d[2] - d[10], d[3] - d[11])
        row(1, d[4] + d[8], d[5] + d[9], d[6] + d[10], d[7] + d[11])
        row(2, d[8] - d[4], d[9] - d[5], d[10] - d[6], d[11] - d[7])
        row(3, d[4] - d[12], d[5] - d[13], d[6] - d[14], d[7] - d[15])
    }

    @inline(__always)
    private static func transformOutput<V: FloatVector>(_ m: UnsafePointer<Float>, _ stride: Int, _ t: WinogradTiling, channels: Int,
                                                 bias: UnsafePointer<Float>?, relu: Bool, tiles: Range<Int>,
                                                 into y: UnsafeMutablePointer<Float>, _: V.Type) {
        withVectors(8, of: V.self) { s in   // A^T m
            for tile in tiles {
                let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                let input = m + (tile - tiles.lowerBound) * channels
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

    @inline(__always)
    private static func transformOutputGradient<V: FloatVector>(_ dy: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int,
                                                         tiles: Range<Int>, into dm: UnsafeMutablePointer<Float>, _ stride: Int,
                                                         _: V.Type) {
        withVectors(12, of: V.self) { d in
            let r = d + 4   // d: the 2x2 block, r: A d (4x2)
            for tile in tiles {
                let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                let hasRow1 = 2 * ty + 1 < t.outH, hasColumn1 = 2 * tx + 1 < t.outW
                let row0 = dy + ((n * t.outH + 2 * ty) * t.outW + 2 * tx) * channels
                let row1 = row0 + t.outW * channels
                let out = dm + (tile - tiles.lowerBound) * channels
                for c in Swift.stride(from: 0, to: channels, by: V.scalarCount) {
                    d[0] = row0.load(c)
                    d[1] = hasColumn1 ? row0.load(channels + c) : .zero
                    d[2] = hasRow1 ? row1.load(c) : .zero
                    d[3] = hasRow1 && hasColumn1 ? row1.load(channels + c) : .zero
                    // A along the rows: (d0, d0 + d1, d0 - d1, -d1) for each column.
                    for j in 0..<2 {
                        let (a, b) = (d[j], d[2 + j])
                        r[j] = a
                        r[2 + j] = a + b
                        r[4 + j] = a - b
                        r[6 + j] = -b
                    }
                    // A along the columns.
                    for i in 0..<4 {
                        let (a, b) = (r[2 * i], r[2 * i + 1])
                        let at = 4 * i * stride + c
                        out.store(a, at)
                        out.store(a + b, at + stride)
                        out.store(a - b, at + 2 * stride)
                        out.store(-b, at + 3 * stride)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func addKernelGradient<V: FloatVector>(_ du: UnsafePointer<Float>, cin: Int, cout: Int, channels: Range<Int>,
                                                   into gradient: UnsafeMutablePointer<Float>, _: V.Type) {
        let tap = cin * cout
        withVectors(28, of: V.self) { u in
            let r = u + 16   // u: the 4x4 transformed values, r: G^T u (3x4)
            for c in channels {
                for f in stride(from: 0, to: cout, by: V.scalarCount) {
                    let base = c * cout + f
                    for k in 0..<16 { u[k] = du.load(k * tap + base) }
                    // G^T along the rows: (u0 + (u1 + u2) / 2, (u1 - u2) / 2, (u1 + u2) / 2 + u3) per column.
                    for j in 0..<4 {
                        let (u0, u1, u2, u3) = (u[j], u[4 + j], u[8 + j], u[12 + j])
                        let half = 0.5 * (u1 + u2)
                        r[j] = u0 + half
                        r[4 + j] = 0.5 * (u1 - u2)
                        r[8 + j] = half + u3
                    }
                    // G along the columns, added to the 3x3 taps.
                    for k in 0..<3 {
                        let (h0, h1, h2, h3) = (r[4 * k], r[4 * k + 1], r[4 * k + 2], r[4 * k + 3])
                        let half = 0.5 * (h1 + h2)
                        let row = gradient + 3 * k * tap + base
                        row.store(row.load(0) + (h0 + half), 0)
                        row.store(row.load(tap) + 0.5 * (h1 - h2), tap)
                        row.store(row.load(2 * tap) + (half + h3), 2 * tap)
                    }
                }
            }
        }
    }
}
