import KernelShapes

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
/// columns 0 and 3 of U, so backward reuses U through a transposed GEMM. The
/// kernel gradient is the adjoint of the forward transforms: 2.25x fewer
/// multiply-adds than through im2col, and no 9x unfolded copy of the input.
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

    /// kernel gradient (3, 3, cin, filters) += that of the layer `forward` computed, from dz
    /// (N, OH, OW, filters). In the transformed domain dU[xi] = V[xi]^T dM[xi] summed over the
    /// tiles, dM the output transform's adjoint applied to dz; then each tap is G^T dU G.
    static func addKernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>, filters: Int,
                                  into gradient: UnsafeMutablePointer<Float>) {
        let t = Tiling(batch: g.batch, inH: g.inH, inW: g.inW, outH: g.outH, outW: g.outW, padTop: g.padTop, padLeft: g.padLeft)
        let (cin, cout) = (g.channels, filters)
        let uSize = 16 * cin * cout
        let plan = Plan(t, channels: cin + cout)
        // dU += V^T dM at each position of one part, its rows `tiles` apart.
        func products(_ tiles: Int, _ v: UnsafePointer<Float>, positions: Range<Int>, first: Bool, into du: UnsafeMutablePointer<Float>) {
            for xi in positions {
                GEMM.sgemm(transA: true, m: cin, n: cout, k: tiles, a: v + xi * tiles * cin, b: v + 16 * tiles * cin + xi * tiles * cout,
                           beta: first ? 0 : 1, c: du + xi * cin * cout, parallel: false)
            }
        }
        func transform(_ tiles: Range<Int>, of part: Range<Int>, into v: UnsafeMutablePointer<Float>) {
            let kernels = Kernels.active, at = tiles.lowerBound - part.lowerBound
            kernels.winogradTransformInput(x, t, channels: cin, tiles: tiles, into: v + at * cin, positionStride: part.count * cin)
            kernels.winogradTransformOutputGradient(dz, t, channels: cout, tiles: tiles, into: v + 16 * part.count * cin + at * cout,
                                                    positionStride: part.count * cout)
        }
        // Blocked, one dU per worker, added in worker order: the sum does not depend on scheduling.
        Scratch.with((plan.blocked ? Parallel.workers : 1) * uSize) { partials in
            let workers = plan.forEachPart { part, worker, first, v, spread in
                spread(part.count, 16) { transform($0.shifted(by: part.lowerBound), of: part, into: v) }
                spread(16, 1) { products(part.count, v, positions: $0, first: first, into: partials + worker * uSize) }
            }
            for worker in 1..<workers {
                Elementwise.sum(partials, partials + worker * uSize, count: uSize, into: partials)
            }
            addTransformedGradient(partials, inputChannels: cin, outputChannels: cout, into: gradient)
        }
    }

    typealias Tiling = WinogradTiling

    /// How a convolution's tiles are cut into parts, each transformed, multiplied at the 16
    /// positions and transformed back before the next. With few channels, parts small enough
    /// that their transformed tiles (V and M) stay in one core's cache from transform to
    /// transform, each part on one worker ("blocked"): through memory, the 64- and 128-channel
    /// layers at 224x224 spent more time moving V and M than multiplying. With many channels a
    /// part that small leaves too few rows for sgemm, so parts are larger and their 16 products
    /// spread over the workers.
    struct Plan {
        let tiles: Int, partTiles: Int, blocked: Bool, partFloats: Int

        init(_ t: Tiling, channels: Int) {
            tiles = t.tiles
            let inCache = min(512, Plan.cacheFloats / (16 * channels))
            blocked = inCache >= Plan.fewestBlockedRows && tiles >= 2 * Parallel.workers * inCache
            partTiles = blocked ? inCache : max(1, min(tiles, Plan.workingFloats / (16 * channels)))
            partFloats = 16 * partTiles * channels
        }

        /// Floats of V and M a blocked part may take: 2 MiB, half a core's L2 on today's Xeon.
        nonisolated(unsafe) static var cacheFloats = 1 << 19
        /// Floats of V and M a shared part may take (16 MiB).
        nonisolated(unsafe) static var workingFloats = 1 << 22
        /// Below this many rows a product runs far from sgemm's peak.
        static let fewestBlockedRows = 128

        var partCount: Int { (tiles + partTiles - 1) / partTiles }
        func part(_ index: Int) -> Range<Int> { index * partTiles..<min(tiles, (index + 1) * partTiles) }

        /// Splits `count` items of one pass over a part: over the workers for a shared part, not
        /// at all for a blocked one (its worker is already one of them).
        typealias Spread = (_ count: Int, _ minimumPerChunk: Int, _ body: (Range<Int>) -> Void) -> Void

        /// Hands every part to `body` with a buffer of `partFloats`. Blocked: the parts split over
        /// the workers, each through its own in order with a buffer of its own (`worker` its index,
        /// `first` true for its first part). Shared: one part after another, `first` for part 0,
        /// worker 0. Returns how many workers took parts.
        @discardableResult
        func forEachPart(_ body: (_ part: Range<Int>, _ worker: Int, _ first: Bool, _ v: UnsafeMutablePointer<Float>,
                                  _ spread: Spread) -> Void) -> Int {
            guard blocked else {
                Scratch.with(partFloats) { v in
                    for index in 0..<partCount {
                        body(part(index), 0, index == 0, v) { Parallel.chunks($0, minimumPerChunk: $1, $2) }
                    }
                }
                return 1
            }
            return Parallel.indexedChunks(partCount) { worker, indices in
                Scratch.with(partFloats) { v in
                    for index in indices {
                        body(part(index), worker, index == indices.lowerBound, v) { count, _, pass in pass(0..<count) }
                    }
                }
            }
        }
    }

    /// `kernel` is the layer's (3, 3, cin, cout) kernel; `flipped` computes with
    /// it rotated by 180 degrees and transposed, as the input gradient needs.
    private static func convolve(_ x: UnsafePointer<Float>, _ t: Tiling, inputChannels cin: Int, outputChannels cout: Int,
                                 kernel: UnsafePointer<Float>, flipped: Bool, bias: UnsafePointer<Float>?, relu: Bool,
                                 into y: UnsafeMutablePointer<Float>) {
        // The layer's own (cin, cout) pair: in the flipped case these are swapped.
        let (kernelIn, kernelOut) = flipped ? (cout, cin) : (cin, cout)
        let plan = Plan(t, channels: cin + cout)
        let kernels = Kernels.active
        Scratch.with(16 * kernelIn * kernelOut) { u in
            transformKernel(kernel, inputChannels: kernelIn, outputChannels: kernelOut, into: u)
            func products(_ tiles: Int, _ v: UnsafePointer<Float>, positions: Range<Int>) {
                for xi in positions {
                    multiply(position: xi, v, u, tiles: tiles, inputChannels: cin, outputChannels: cout, flipped: flipped,
                             into: UnsafeMutablePointer(mutating: v + 16 * tiles * cin))
                }
            }
            func transformIn(_ tiles: Range<Int>, of part: Range<Int>, into v: UnsafeMutablePointer<Float>) {
                kernels.winogradTransformInput(x, t, channels: cin, tiles: tiles, into: v + (tiles.lowerBound - part.lowerBound) * cin,
                                               positionStride: part.count * cin)
            }
            func transformOut(_ tiles: Range<Int>, of part: Range<Int>, from v: UnsafePointer<Float>) {
                kernels.winogradTransformOutput(v + 16 * part.count * cin + (tiles.lowerBound - part.lowerBound) * cout,
                                                positionStride: part.count * cout, t, channels: cout, bias: bias, relu: relu,
                                                tiles: tiles, into: y)
            }
            plan.forEachPart { part, _, _, v, spread in
                spread(part.count, 16) { transformIn($0.shifted(by: part.lowerBound), of: part, into: v) }
                spread(16, 1) { products(part.count, v, positions: $0) }
                spread(part.count, 16) { transformOut($0.shifted(by: part.lowerBound), of: part, from: v) }
            }
        }
    }

    /// M[xi] = V[xi] U[xi] at one of the 16 positions, over `tiles` rows.
    private static func multiply(position xi: Int, _ v: UnsafePointer<Float>, _ u: UnsafePointer<Float>, tiles: Int,
                                 inputChannels cin: Int, outputChannels cout: Int, flipped: Bool, into m: UnsafeMutablePointer<Float>) {
        let a = v + xi * tiles * cin, c = m + xi * tiles * cout
        if flipped {
            // The flip maps position (i, j) to (pi(i), pi(j)), pi swapping 0 and 3 (G's rows
            // 1 and 2 are symmetric, 0 and 3 mirror each other); the channel swap is the transpose.
            func pi(_ k: Int) -> Int { k == 0 ? 3 : k == 3 ? 0 : k }
            let (i, j) = xi.quotientAndRemainder(dividingBy: 4)
            GEMM.sgemm(transB: true, m: tiles, n: cout, k: cin, a: a, b: u + (4 * pi(i) + pi(j)) * cin * cout, c: c, parallel: false)
        } else {
            GEMM.sgemm(m: tiles, n: cout, k: cin, a: a, b: u + xi * cin * cout, c: c, parallel: false)
        }
    }

    private static func transformKernel(_ kernel: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                        into u: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(cin, minimumPerChunk: 8) { channels in
            kernels.winogradTransformKernel(kernel, inputChannels: cin, outputChannels: cout, channels: channels, into: u)
        }
    }

    /// G^T dU G of each (cin, cout) pair, added to the kernel gradient.
    private static func addTransformedGradient(_ du: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                               into gradient: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(cin, minimumPerChunk: 8) { channels in
            kernels.winogradAddKernelGradient(du, inputChannels: cin, outputChannels: cout, channels: channels, into: gradient)
        }
    }
}

private extension Range<Int> {
    func shifted(by offset: Int) -> Range<Int> { lowerBound + offset..<upperBound + offset }
}
