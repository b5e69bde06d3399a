import KernelShapes
/// Unfolds (N, H, W, C) images into a (N*OH*OW, KH*KW*C) matrix so that a
/// convolution is one GEMM with the (KH*KW*C, Cout) kernel; `col2im` is its
/// adjoint, accumulating a matrix gradient back into image positions. NHWC keeps
/// each (kh, kw) slice of a patch a contiguous run of C floats.
enum Im2Col {
    /// Images are unfolded in parallel: each writes its own rows of `col`.
    static func im2col(_ x: UnsafePointer<Float>, _ g: WindowGeometry, into col: UnsafeMutablePointer<Float>) {
        im2col(x, g, images: 0..<g.batch, into: col)
    }

    /// The rows of `images` only, written from the top of `col` (for work done
    /// a few images at a time in a small buffer).
    static func im2col(_ x: UnsafePointer<Float>, _ g: WindowGeometry, images: Range<Int>, into col: UnsafeMutablePointer<Float>) {
        let rowsPerImage = g.outH * g.outW * g.patchSize
        Parallel.chunks(images.count) { part in
            unfold(x, g, images: part.lowerBound + images.lowerBound..<part.upperBound + images.lowerBound,
                   into: col + part.lowerBound * rowsPerImage)
        }
    }

    /// dx must be zeroed by the caller; overlapping windows add up. Parallel over
    /// images, each adding only into its own image, in a fixed order.
    static func col2im(_ col: UnsafePointer<Float>, _ g: WindowGeometry, into dx: UnsafeMutablePointer<Float>) {
        Parallel.chunks(g.batch) { images in col2im(col, g, images: images, addingInto: dx) }
    }

    /// The adjoint of `im2col(_:_:images:into:)`: `col` holds the rows of `images`
    /// from its top. dx must be zeroed by the caller.
    static func col2im(_ col: UnsafePointer<Float>, _ g: WindowGeometry, images: Range<Int>, into dx: UnsafeMutablePointer<Float>) {
        // The private col2im finds image n's rows at n's offset in a whole-batch matrix.
        let shifted = col - images.lowerBound * g.outH * g.outW * g.patchSize
        Parallel.chunks(images.count) { part in
            col2im(shifted, g, images: part.lowerBound + images.lowerBound..<part.upperBound + images.lowerBound, addingInto: dx)
        }
    }

    /// Writes the rows of `images` from `col` on.
    private static func unfold(_ x: UnsafePointer<Float>, _ g: WindowGeometry, images: Range<Int>, into col: UnsafeMutablePointer<Float>) {
        let c = g.channels
        var row = col
        for n in images {
            let image = x + n * g.inH * g.inW * c
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    var dst = row
                    for kh in 0..<g.kernelH {
                        let ih = oh * g.strideH - g.padTop + kh
                        for kw in 0..<g.kernelW {
                            let iw = ow * g.strideW - g.padLeft + kw
                            if ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW {
                                dst.update(from: image + (ih * g.inW + iw) * c, count: c)
                            } else {
                                dst.update(repeating: 0, count: c)
                            }
                            dst += c
                        }
                    }
                    row += g.patchSize
                }
            }
        }
    }

    private static func col2im(_ col: UnsafePointer<Float>, _ g: WindowGeometry, images: Range<Int>, addingInto dx: UnsafeMutablePointer<Float>) {
        let c = g.channels
        var row = col + images.lowerBound * g.outH * g.outW * g.patchSize
        for n in images {
            let image = dx + n * g.inH * g.inW * c
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    var src = row
                    for kh in 0..<g.kernelH {
                        let ih = oh * g.strideH - g.padTop + kh
                        for kw in 0..<g.kernelW {
                            let iw = ow * g.strideW - g.padLeft + kw
                            if ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW {
                                let dst = image + (ih * g.inW + iw) * c
                                for ch in 0..<c { dst[ch] += src[ch] }
                            }
                            src += c
                        }
                    }
                    row += g.patchSize
                }
            }
        }
    }
}
