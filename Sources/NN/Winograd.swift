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

    typealias Tiling = WinogradTiling

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

    private static func transformKernel(_ kernel: UnsafePointer<Float>, inputChannels cin: Int, outputChannels cout: Int,
                                        into u: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(cin, minimumPerChunk: 8) { channels in
            kernels.winogradTransformKernel(kernel, inputChannels: cin, outputChannels: cout, channels: channels, into: u)
        }
    }

    private static func transformInput(_ x: UnsafePointer<Float>, _ t: Tiling, channels: Int, into v: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(t.tiles, minimumPerChunk: 16) { tiles in
            kernels.winogradTransformInput(x, t, channels: channels, tiles: tiles, into: v)
        }
    }

    private static func transformOutput(_ m: UnsafePointer<Float>, _ t: Tiling, channels: Int, bias: UnsafePointer<Float>?,
                                        relu: Bool, into y: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(t.tiles, minimumPerChunk: 16) { tiles in
            kernels.winogradTransformOutput(m, t, channels: channels, bias: bias, relu: relu, tiles: tiles, into: y)
        }
    }
}
