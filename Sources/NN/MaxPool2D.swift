import KernelShapes

/// Keras `MaxPooling2D` ('valid' padding, the only mode the five networks use).
/// Forward records the flat input index of each window's maximum; backward
/// routes the gradient there.
public final class MaxPool2D: Layer {
    public let name: String
    public var kind: String { "MaxPooling2D" }
    public let poolSize: (Int, Int), strides: (Int, Int)

    private var geometry: WindowGeometry?
    private var inputShape: Shape?
    private var output: Tensor?
    private var argmax: UnsafeMutablePointer<Int32>?  // (N, OH, OW, C): index into the input
    private var argmaxCapacity = 0

    public init(name: String, poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil) {
        self.name = name
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
    }

    deinit { argmax?.deallocate() }

    public func outputShape(for input: Shape) throws -> Shape {
        let g = try WindowGeometry(input: input, kernel: poolSize, strides: strides, padding: .valid)
        return Shape(g.batch, g.outH, g.outW, g.channels)
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        // Cannot throw: networks are built through outputShape(for:), which checked this input shape.
        let g = try! WindowGeometry(input: x.shape, kernel: poolSize, strides: strides, padding: .valid)
        geometry = g
        inputShape = x.shape
        let y = Tensor.reuse(output, as: Shape(g.batch, g.outH, g.outW, g.channels))
        output = y
        if argmaxCapacity < y.count {
            argmax?.deallocate()
            argmax = .allocate(capacity: y.count)
            argmaxCapacity = y.count
        }
        let idx = argmax!
        // Rows of output (image, oh) in parallel: each reads its own windows and writes its own outputs.
        let kernels = Kernels.active
        Parallel.chunks(g.batch * g.outH, minimumPerChunk: 8) { rows in
            if g.kernelH == 2 && g.kernelW == 2 && g.strideH == 2 && g.strideW == 2 {   // the networks' only pooling
                kernels.maxPool2x2(x.pointer, g, rows: rows, into: y.pointer, argmax: idx)
            } else {
                Self.pool(x.pointer, g, rows: rows, into: y.pointer, argmax: idx)
            }
        }
        return y
    }

    /// Any window and stride: the first maximum in (kh, kw) order wins, as in Keras.
    private static func pool(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>,
                             into y: UnsafeMutablePointer<Float>, argmax idx: UnsafeMutablePointer<Int32>) {
        let c = g.channels
        for r in rows {
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            var o = r * g.outW * c
            for ow in 0..<g.outW {
                let first = ((n * g.inH + oh * g.strideH) * g.inW + ow * g.strideW) * c
                for ch in 0..<c {
                    var best = first + ch
                    for kh in 0..<g.kernelH {
                        for kw in 0..<g.kernelW {
                            let i = first + (kh * g.inW + kw) * c + ch
                            if x[i] > x[best] { best = i }
                        }
                    }
                    y[o + ch] = x[best]
                    idx[o + ch] = Int32(truncatingIfNeeded: best)
                }
                o += c
            }
        }
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let shape = inputShape, let idx = argmax else { preconditionFailure("\(name): backward before forward") }
        let g = relay.tensor(shape, avoiding: dy)
        // Per image in parallel: its windows only route into its own input.
        let (inPerImage, outPerImage) = (shape.count / shape[0], dy.count / shape[0])
        Parallel.chunks(shape[0]) { images in
            (g.pointer + images.lowerBound * inPerImage).update(repeating: 0, count: images.count * inPerImage)
            for o in images.lowerBound * outPerImage..<images.upperBound * outPerImage {
                g.pointer[Int(idx[o])] += dy.pointer[o]
            }
        }
        return g
    }
}
