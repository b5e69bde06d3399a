import KernelShapes

/// Keras `MaxPooling2D` ('valid' padding, the only mode the five networks use).
/// Backward routes each window's gradient to its first maximum in (kh, kw)
/// order, found again from the input and the output rather than kept as an
/// index per output (at 224x224 VGG16's pools would keep 196 MB of them).
public final class MaxPool2D: Layer {
    public let name: String
    public var kind: String { "MaxPooling2D" }
    public let poolSize: (Int, Int), strides: (Int, Int)

    private var geometry: WindowGeometry?
    /// The layer below's output, kept by it until its next forward.
    private var input: Tensor?
    private var output: Tensor?

    public init(name: String, poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil) {
        self.name = name
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
    }

    public func outputShape(for input: Shape) throws -> Shape {
        let g = try WindowGeometry(input: input, kernel: poolSize, strides: strides, padding: .valid)
        return Shape(g.batch, g.outH, g.outW, g.channels)
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        // Cannot throw: networks are built through outputShape(for:), which checked this input shape.
        let g = try! WindowGeometry(input: x.shape, kernel: poolSize, strides: strides, padding: .valid)
        geometry = g
        input = x
        let y = Tensor.reuse(output, as: Shape(g.batch, g.outH, g.outW, g.channels))
        output = y
        // Rows of output (image, oh) in parallel: each reads its own windows and writes its own outputs.
        let kernels = Kernels.active
        Parallel.chunks(g.batch * g.outH, minimumPerChunk: 8) { rows in
            if g.kernelH == 2 && g.kernelW == 2 && g.strideH == 2 && g.strideW == 2 {   // the networks' only pooling
                kernels.maxPool2x2(x.pointer, g, rows: rows, into: y.pointer)
            } else {
                kernels.maxPool(x.pointer, g, rows: rows, into: y.pointer)   // ResNet50's 3x3 stride 2
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let g = geometry, let x = input, let y = output else { preconditionFailure("\(name): backward before forward") }
        let dx = relay.tensor(x.shape, avoiding: dy)
        // Per image in parallel: its windows only route into its own input.
        let inPerImage = x.count / g.batch, kernels = Kernels.active
        Parallel.chunks(g.batch) { images in
            (dx.pointer + images.lowerBound * inPerImage).update(repeating: 0, count: images.count * inPerImage)
            kernels.maxPoolBackward(x.pointer, output: y.pointer, gradient: dy.pointer, g,
                                    rows: images.lowerBound * g.outH..<images.upperBound * g.outH, into: dx.pointer)
        }
        return dx
    }
}
