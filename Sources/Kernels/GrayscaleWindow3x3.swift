import KernelShapes

/// A 3x3 window over a single input channel (a grayscale input layer) that lies
/// inside the image: its nine values are read straight from the image, with
/// none of the general path's tap bookkeeping, and each is broadcast once for
/// all the filters summed.
enum GrayscaleWindow3x3 {
    static func applies(to g: WindowGeometry) -> Bool { g.kernelH == 3 && g.kernelW == 3 && g.channels == 1 }

    /// bias + window x kernel for filters f..<f+32 of a (3, 3, 1, filters) kernel,
    /// the window's top-left value at `origin` in an image `width` values wide.
    @inline(__always)
    static func sums32(_ origin: UnsafePointer<Float>, width: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                       filters: Int, from f: Int) -> Filters32 {
        var s = filters32(bias + f)
        for row in 0..<3 {
            let values = origin + row &* width
            for column in 0..<3 { add(&s, values[column], times: kernel + ((row &* 3 &+ column) &* filters &+ f)) }
        }
        return s
    }

    /// As `sums32`, for filters f..<f+8.
    @inline(__always)
    static func sums8(_ origin: UnsafePointer<Float>, width: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                      filters: Int, from f: Int) -> Float8 {
        var s = bias.load8(f)
        for row in 0..<3 {
            let values = origin + row &* width
            for column in 0..<3 {
                s = multiplyAdd(s, Float8(repeating: values[column]), kernel.load8((row &* 3 &+ column) &* filters &+ f))
            }
        }
        return s
    }
}
