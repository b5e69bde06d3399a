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
    private var dx: Tensor?

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
        let idx = argmax!, c = g.channels
        var o = 0
        for n in 0..<g.batch {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let first = ((n * g.inH + oh * g.strideH) * g.inW + ow * g.strideW) * c
                    for ch in 0..<c {
                        var best = first + ch
                        for kh in 0..<g.kernelH {
                            for kw in 0..<g.kernelW {
                                let i = first + (kh * g.inW + kw) * c + ch
                                if x.pointer[i] > x.pointer[best] { best = i }
                            }
                        }
                        y.pointer[o + ch] = x.pointer[best]
                        idx[o + ch] = Int32(best)
                    }
                    o += c
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard let shape = inputShape, let idx = argmax else { preconditionFailure("\(name): backward before forward") }
        let g = Tensor.reuse(dx, as: shape)
        dx = g
        g.zero()
        for o in 0..<dy.count { g.pointer[Int(idx[o])] += dy.pointer[o] }
        return g
    }
}
