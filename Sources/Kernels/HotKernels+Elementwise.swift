/// The element-wise passes between the convolutions (ReLU, the residual sum,
/// batch norm, bias sums), a vector at a time. Written as loops over `Wide`
/// because the scalar forms either branch on the data (ReLU's `if x < 0`
/// mispredicts half the time after a batch norm: 4 ns an element) or are
/// not vectorised across the pointers' possible aliasing. Each works on the
/// range it is given; NN splits the work over the workers.
extension HotKernels {
    /// p = max(p, 0) in place (NaN stays NaN, as a non-finite loss must show).
    public static func rectifyInPlace(_ p: UnsafeMutablePointer<Float>, range: Range<Int>) {
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            p.store(p.load(i, as: Wide.self).rectified, i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound where p[i] < 0 { p[i] = 0 }
    }

    /// y = max(a + b, 0): a residual block's output.
    public static func rectifiedSum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, range: Range<Int>,
                                    into y: UnsafeMutablePointer<Float>) {
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            y.store((a.load(i, as: Wide.self) + b.load(i, as: Wide.self)).rectified, i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound { y[i] = max(a[i] + b[i], 0) }
    }

    /// y = a + b.
    public static func sum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, range: Range<Int>, into y: UnsafeMutablePointer<Float>) {
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            y.store(a.load(i, as: Wide.self) + b.load(i, as: Wide.self), i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound { y[i] = a[i] + b[i] }
    }

    /// out = dy where the activation's output y was positive, else 0 (ReLU's backward).
    public static func passWherePositive(_ dy: UnsafePointer<Float>, by y: UnsafePointer<Float>, range: Range<Int>,
                                         into out: UnsafeMutablePointer<Float>) {
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            out.store(Wide.zero.replacing(with: dy.load(i), where: y.load(i, as: Wide.self) .> 0), i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound { out[i] = y[i] > 0 ? dy[i] : 0 }
    }

    /// sums[c] += x[r, c] over the rows (a bias gradient), rows of `columns` floats.
    public static func addColumnSums(_ x: UnsafePointer<Float>, columns: Int, rows: Range<Int>, into sums: UnsafeMutablePointer<Float>) {
        var c = 0
        while c + Wide.scalarCount <= columns {
            var s: Wide = sums.load(c)
            for r in rows { s += x.load(r * columns + c) }
            sums.store(s, c)
            c += Wide.scalarCount
        }
        for c in c..<columns {
            var s = sums[c]
            for r in rows { s += x[r * columns + c] }
            sums[c] = s
        }
    }

    /// Batch norm's output: y = (x - mean) * invStd * gamma + beta per channel
    /// (in that order, as the scalar form rounds).
    public static func normalize(_ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>, mean: UnsafePointer<Float>,
                                 invStd: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                 into y: UnsafeMutablePointer<Float>) {
        for r in rows {
            let src = x + r * channels, dst = y + r * channels
            var c = 0
            while c + Wide.scalarCount <= channels {
                let v: Wide = src.load(c)
                dst.store((v - mean.load(c)) * invStd.load(c) * gamma.load(c) + beta.load(c), c)
                c += Wide.scalarCount
            }
            for c in c..<channels { dst[c] = (src[c] - mean[c]) * invStd[c] * gamma[c] + beta[c] }
        }
    }

    /// Batch norm's per-channel sums of x and x^2 over the rows, in double precision.
    public static func addMoments(_ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>,
                                  sum: UnsafeMutablePointer<Double>, sumSquares: UnsafeMutablePointer<Double>) {
        for r in rows {
            let src = x + r * channels
            for c in 0..<channels {
                let v = Double(src[c])
                sum[c] += v
                sumSquares[c] += v * v
            }
        }
    }

    /// Batch norm's backward sums: sumDy[c] += dy, sumDyXhat[c] += dy * (x - mean) * invStd.
    public static func addGradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>,
                                       mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                       sumDy: UnsafeMutablePointer<Float>, sumDyXhat: UnsafeMutablePointer<Float>) {
        var c = 0
        while c + Wide.scalarCount <= channels {
            var (sd, sdx): (Wide, Wide) = (sumDy.load(c), sumDyXhat.load(c))
            let (m, s): (Wide, Wide) = (mean.load(c), invStd.load(c))
            for r in rows {
                let d: Wide = dy.load(r * channels + c)
                sd += d
                sdx += d * ((x.load(r * channels + c) - m) * s)
            }
            sumDy.store(sd, c)
            sumDyXhat.store(sdx, c)
            c += Wide.scalarCount
        }
        for c in c..<channels {
            for r in rows {
                let d = dy[r * channels + c]
                sumDy[c] += d
                sumDyXhat[c] += d * ((x[r * channels + c] - mean[c]) * invStd[c])
            }
        }
    }

    /// Batch norm's input gradient with batch statistics:
    /// dx = gamma * invStd / m * (m * dy - sumDy - xhat * sumDyXhat), m the rows in the batch.
    public static func normalizedGradient(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>,
                                          count m: Float, mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                          gamma: UnsafePointer<Float>, sumDy: UnsafePointer<Float>, sumDyXhat: UnsafePointer<Float>,
                                          into out: UnsafeMutablePointer<Float>) {
        let mv = Wide(repeating: m)
        for r in rows {
            let d = dy + r * channels, src = x + r * channels, dst = out + r * channels
            var c = 0
            while c + Wide.scalarCount <= channels {
                let s: Wide = invStd.load(c)
                let nx = (src.load(c) - mean.load(c)) * s
                dst.store(gamma.load(c) * s / mv * (mv * d.load(c) - sumDy.load(c) - nx * sumDyXhat.load(c)), c)
                c += Wide.scalarCount
            }
            for c in c..<channels {
                let nx = (src[c] - mean[c]) * invStd[c]
                dst[c] = gamma[c] * invStd[c] / m * (m * d[c] - sumDy[c] - nx * sumDyXhat[c])
            }
        }
    }

    /// Batch norm's input gradient with fixed statistics: dx = gamma * invStd * dy.
    public static func scaledGradient(_ dy: UnsafePointer<Float>, channels: Int, rows: Range<Int>, invStd: UnsafePointer<Float>,
                                      gamma: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        for r in rows {
            let d = dy + r * channels, dst = out + r * channels
            var c = 0
            while c + Wide.scalarCount <= channels {
                dst.store(gamma.load(c, as: Wide.self) * invStd.load(c) * d.load(c), c)
                c += Wide.scalarCount
            }
            for c in c..<channels { dst[c] = gamma[c] * invStd[c] * d[c] }
        }
    }
}
