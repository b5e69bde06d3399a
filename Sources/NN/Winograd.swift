/// Winograd's minimal filtering F(2x2, 3x3) for 3x3 stride-1 convolutions
/// (Lavin & Gray 2015): each 2x2 block of outputs comes from a 4x4 input tile
/// with 16 multiplications per channel pair instead of 36. In the transformed
/// domain the convolution is 16 independent GEMMs, (tiles x cin) by (cin x cout),
/// so it still runs on sgemm, with 2.25x fewer multiply-adds than im2col.
///
///   V = B^T d B (input tiles),  U = G g G^T (kernel),  y = A^T (U . V) A
///
/// The input gradient is the same computation on dz with the kernel flipped and
/// its channels swapped; in the transformed domain the flip only swaps rows and
/// columns 0 and 3 of U, so backward reuses U through a transposed GEMM.
enum Winograd {
    /// 3x3 stride-1 layers with channel counts in blocks of 8 and outputs of at
    /// least 4x4 (below that the kernel transform outweighs the saving).
    static func applies(to g: WindowGeometry, filters: Int) -> Bool {
        g.kernelH == 3 && g.kernelW == 3 && g.strideH == 1 && g.strideW == 1
            && g.channels % 8 == 0 && filters % 8 == 0 && g.outH * g.outW >= 16
    }

    /// y (N, OH, OW, filters) = bias + conv(x), with ReLU when asked.
    static func forward(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        filters: Int, relu: Bool, into y: UnsafeMutablePointer<Float>) {
        let tiling = Tiling(batch: g.batch, inH: g.inH, inW: g.inW, outH: g.outH, outW: g.outW, padTop: g.padTop, padLeft: g.padLeft)
        convolve(x, tiling, inputChannels: g.channels, outputChannels: filters, kernel: kernel, flipped: false,
                 bias: bias, relu: relu, into: y)
    }

    /// dx (N, H, W, cin) of the layer whose forward `forward` computed, from dz (N, OH, OW, filters).
    static func inputGradient(_ dz: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, filters: Int,
                              into dx: UnsafeMutablePointer<Float>) {
        // dx[i] = sum over taps of dz[i + padTop - kh]: a correlation over dz padded by 2 - padTop.
        let tiling = Tiling(batch: g.batch, inH: g.outH, inW: g.outW, outH: g.inH, outW: g.inW, padTop: 2 - g.padTop, padLeft: 2 - g.padLeft)
        convolve(dz, tiling, inputChannels: filters, outputChannels: g.channels, kernel: kernel, flipped: true,
                 bias: nil, relu: false, into: dx)
    }

    /// How an (H, W) input maps to 2x2 output tiles.
    struct Tiling {
        let batch: Int, inH: Int, inW: Int, outH: Int, outW: Int, padTop: Int, padLeft: Int
        var tilesH: Int { (outH + 1) / 2 }
        var tilesW: Int { (outW + 1) / 2 }
        var tiles: Int { batch * tilesH * tilesW }
    }

    /// `kernel` is the layer's (3, 3, cin, cout) kernel; `flipped` computes with
    /// it rotated by 180 degrees and transposed, as the input gradient needs.
    private static func convolve(_ x: UnsafePointer<Float>, _ t: Tiling, inputChannels cin: Int, outputChannels cout: Int,
                                 kernel: UnsafePointer<Float>, flipped: Bool, bias: UnsafePointer<Float>?, relu: Bool,
                                 into y: UnsafeMutablePointer<Float>) {
        // The layer's own (cin, cout) pair: in the flipped case these are swapped.
        let (kernelIn, kernelOut) = flipped ? (cout, cin) : (cin, cout)
        // A few images at a time, so that the transformed tiles stay a small shared buffer.
        let tilesPerImage = t.tilesH * t.tilesW
        let images = max(1, min(t.batch, workingFloats / (16 * tilesPerImage * (cin + cout))))
        let uSize = 16 * kernelIn * kernelOut, vSize = 16 * images * tilesPerImage * cin
        Scratch.with(uSize + vSize + 16 * images * tilesPerImage * cout) { scratch in
            let u = scratch, v = scratch + uSize, m = v + vSize
            transformKernel(kernel, inputChannels: kernelIn, outputChannels: kernelOut, into: u)
            for first in stride(from: 0, to: t.batch, by: images) {
                let part = Tiling(batch: min(images, t.batch - first), inH: t.inH, inW: t.inW, outH: t.outH, outW: t.outW,
                                  padTop: t.padTop, padLeft: t.padLeft)
                transformInput(x + first * t.inH * t.inW * cin, part, channels: cin, into: v)
                multiply(v, u, part, inputChannels: cin, outputChannels: cout, flipped: flipped, into: m)
                transformOutput(m, part, channels: cout, bias: bias, relu: relu, into: y + first * t.outH * t.outW * cout)
            }
        }
    }

    /// Floats of transformed tiles (input and output) held at once: 16 MiB.
    static let workingFloats = 1 << 22

    /// M[xi] = V[xi] U[xi] for the 16 positions, spread over the workers.
    private static func multiply(_ v: UnsafePointer<Float>, _ u: UnsafePointer<Float>, _ t: Tiling, inputChannels cin: Int,
                                 outputChannels cout: Int, flipped: Bool, into m: UnsafeMutablePointer<Float>) {
        Parallel.chunks(16) { positions in
            for xi in positions {
                let a = v + xi * t.tiles * cin, c = m + xi * t.tiles * cout
                if flipped {
                    // The flip maps position (i, j) to (pi(i), pi(j)), pi swapping 0 and 3 (G's rows
                    // 1 and 2 are symmetric, 0 and 3 mirror each other); the channel swap is the transpose.
                    func pi(_ k: Int) -> Int { k == 0 ? 3 : k == 3 ? 0 : k }
                    let (i, j) = xi.quotientAndRemainder(dividingBy: 4)
                    GEMM.sgemm(transB: true, m: t.tiles, n: cout, k: cin, a: a, b: u + (4 * pi(i) + pi(j)) * cin * cout, c: c, parallel: false)
                } else {
                    GEMM.sgemm(m: t.tiles, n: cout, k: cin, a: a, b: u + xi * cin * cout, c: c, parallel: false)
                }
            }
        }
    }

    /// U[xi][c][f] = (G g G^T)[xi] for every (c, f), g the 3x3 kernel of that pair.
    private static func transformKernel(_ kernel: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                        into u: UnsafeMutablePointer<Float>) {
        let tap = cin * cout   // distance between the kernel's (kh, kw) slices
        Parallel.chunks(cin, minimumPerChunk: 8) { channels in
            withVectors(21) { g in
                let r = g + 9   // g: the 9 taps, r: 12 half-transformed values
                for c in channels {
                    for f in stride(from: 0, to: cout, by: 8) {
                        let base = c * cout + f
                        for k in 0..<9 { g[k] = kernel.load8(k * tap + base) }
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
                            row.store8(h0, 0)
                            row.store8(0.5 * (h0 + h1 + h2), tap)
                            row.store8(0.5 * (h0 - h1 + h2), 2 * tap)
                            row.store8(h2, 3 * tap)
                        }
                    }
                }
            }
        }
    }

    /// V[xi][tile][c] = (B^T d B)[xi] for each tile d of the zero-padded input.
    private static func transformInput(_ x: UnsafePointer<Float>, _ t: Tiling, channels: Int, into v: UnsafeMutablePointer<Float>) {
        let stride = t.tiles * channels   // between transformed positions
        Parallel.chunks(t.tiles, minimumPerChunk: 16) { tiles in
            withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 16) { rowBuffer in
                withVectors(32) { d in
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
                        for c in Swift.stride(from: 0, to: channels, by: 8) {
                            for k in 0..<16 { d[k] = rows[k]?.load8(c) ?? .zero }
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
                                out.store8(s[r] - s[r + 2], (r) * stride + c)
                                out.store8(s[r + 1] + s[r + 2], (r + 1) * stride + c)
                                out.store8(s[r + 2] - s[r + 1], (r + 2) * stride + c)
                                out.store8(s[r + 1] - s[r + 3], (r + 3) * stride + c)
                            }
                        }
                    }
                }
            }
        }
    }

    /// y tile = A^T m A (+ bias, ReLU), written where it falls inside the output.
    private static func transformOutput(_ m: UnsafePointer<Float>, _ t: Tiling, channels: Int, bias: UnsafePointer<Float>?,
                                        relu: Bool, into y: UnsafeMutablePointer<Float>) {
        let stride = t.tiles * channels
        Parallel.chunks(t.tiles, minimumPerChunk: 16) { tiles in
            withVectors(8) { s in   // A^T m
                for tile in tiles {
                    let (n, rest) = tile.quotientAndRemainder(dividingBy: t.tilesH * t.tilesW)
                    let (ty, tx) = rest.quotientAndRemainder(dividingBy: t.tilesW)
                    let input = m + tile * channels
                    for f in Swift.stride(from: 0, to: channels, by: 8) {
                        // A^T m: two rows from four.
                        for j in 0..<4 {
                            let (m0, m1, m2, m3) = (input.load8(j * stride + f), input.load8((4 + j) * stride + f),
                                                    input.load8((8 + j) * stride + f), input.load8((12 + j) * stride + f))
                            s[j] = m0 + m1 + m2
                            s[4 + j] = m1 - m2 - m3
                        }
                        let b = bias?.load8(f) ?? .zero
                        for i in 0..<2 {
                            let oh = 2 * ty + i
                            guard oh < t.outH else { continue }
                            let r = 4 * i
                            var pair = (s[r] + s[r + 1] + s[r + 2] + b, s[r + 1] - s[r + 2] - s[r + 3] + b)
                            if relu { pair = (pair.0.rectified, pair.1.rectified) }
                            let row = y + ((n * t.outH + oh) * t.outW + 2 * tx) * channels + f
                            row.store8(pair.0, 0)
                            if 2 * tx + 1 < t.outW { row.store8(pair.1, channels) }
                        }
                    }
                }
            }
        }
    }

    /// A small vector workspace for one chunk's loop (no allocation per tile).
    @inline(__always)
    private static func withVectors(_ count: Int, _ body: (UnsafeMutablePointer<Float8>) -> Void) {
        withUnsafeTemporaryAllocation(of: Float8.self, capacity: count) { body($0.baseAddress!) }
    }
}
