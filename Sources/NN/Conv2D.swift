import KernelShapes
/// Keras `Conv2D`: kernel (kh, kw, cin, cout), bias (cout), optional fused ReLU.
/// Forward: im2col, then bias pre-filled into the output and one sgemm with
/// beta = 1. A 1x1 stride-1 convolution skips im2col: the input is the matrix;
/// one with a short patch (a grayscale input layer) runs ShortPatchConvolution,
/// a 3x3 stride-1 one Winograd, and one over a single pixel under 'same'
/// padding is the product with the one tap that sees it.
public final class Conv2D: Layer {
    public let name: String
    public var kind: String { "Conv2D" }
    public let filters: Int, kernelSize: (Int, Int), strides: (Int, Int)
    public let padding: Padding, activation: Activation
    public let kernel: Parameter   // (kh, kw, cin, cout), Keras layout
    public let bias: Parameter     // (cout)

    private var geometry: WindowGeometry?
    private var input: Tensor?
    private var output: Tensor?    // (N, OH, OW, cout)
    private var inputGradientInOutput: Tensor?   // the input gradient's view of `output`

    public init(name: String, inputChannels: Int, filters: Int, kernelSize: (Int, Int),
                strides: (Int, Int) = (1, 1), padding: Padding = .valid, activation: Activation = .linear) {
        self.name = name
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        kernel = Parameter(name: "\(name).kernel", shape: Shape(kernelSize.0, kernelSize.1, inputChannels, filters))
        bias = Parameter(name: "\(name).bias", shape: Shape(filters))
    }

    public var parameters: [Parameter] { [kernel, bias] }
    var inputChannels: Int { kernel.value.shape[2] }

    public func outputShape(for input: Shape) throws -> Shape {
        let g = try WindowGeometry(input: input, kernel: kernelSize, strides: strides, padding: padding)
        guard g.channels == inputChannels else {
            throw ShapeError("\(name): expects \(inputChannels) input channels, got \(g.channels)")
        }
        return Shape(g.batch, g.outH, g.outW, filters)
    }

    /// How a window geometry is computed; see the types each names.
    private enum Method {
        case pointwise    // 1x1 stride 1: the input already is the GEMM's matrix
        case singleTap    // a 1x1 input and output (ResNet50's last stage at 32x32): every other tap sees padding
        case shortPatch   // ShortPatchConvolution
        case winograd     // Winograd, forward and both gradients
        case im2col
    }

    private func method(_ g: WindowGeometry) -> Method {
        if g.isPointwise { return .pointwise }
        if g.inH == 1 && g.inW == 1 && g.outH == 1 && g.outW == 1 && g.padTop < g.kernelH && g.padLeft < g.kernelW { return .singleTap }
        if g.patchSize <= ShortPatchConvolution.longestPatch { return .shortPatch }
        return Winograd.applies(to: g, filters: filters) ? .winograd : .im2col
    }

    /// Whether this geometry runs ShortPatchConvolution (which ConvDenseInference fuses).
    func takesShortPatch(_ g: WindowGeometry) -> Bool { method(g) == .shortPatch }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        // Cannot throw: networks are built through outputShape(for:), which checked this input shape.
        let g = try! WindowGeometry(input: x.shape, kernel: kernelSize, strides: strides, padding: padding)
        geometry = g
        input = x
        let y = Tensor.reuse(output, as: Shape(g.batch, g.outH, g.outW, filters))
        output = y
        switch method(g) {
        case .shortPatch:
            ShortPatchConvolution.forward(x.pointer, g, kernel: kernel.value.pointer, bias: bias.value.pointer,
                                          filters: filters, relu: activation == .relu, into: y.pointer)
            return y
        case .winograd:
            Winograd.forward(x.pointer, g, kernel: kernel.value.pointer, bias: bias.value.pointer,
                             filters: filters, relu: activation == .relu, into: y.pointer)
            return y
        case .pointwise:
            gemmForward(a: x.pointer, g, into: y)
        case .singleTap:
            gemmForward(a: x.pointer, g, weights: kernel.value.pointer + singleTapOffset(g), into: y)
        case .im2col:
            fillBias(y, g)
            inColumnSlices(g) { images, col in
                Im2Col.im2col(x.pointer, g, images: images, into: col)
                let rows = images.lowerBound * g.outH * g.outW
                GEMM.sgemm(m: images.count * g.outH * g.outW, n: filters, k: g.patchSize, a: col, b: kernel.value.pointer,
                           beta: 1, c: y.pointer + rows * filters)
            }
        }
        if activation == .relu { ReLU.apply(y.pointer, count: y.count) }
        return y
    }

    /// y = bias + a * kernel: bias pre-filled, then one sgemm with beta = 1.
    private func gemmForward(a: UnsafePointer<Float>, _ g: WindowGeometry, into y: Tensor) {
        fillBias(y, g)
        GEMM.sgemm(m: g.outputPositions, n: filters, k: g.patchSize, a: a, b: kernel.value.pointer, beta: 1, c: y.pointer)
    }

    /// y = bias + x * w, w one tap's (cin, cout) block.
    private func gemmForward(a: UnsafePointer<Float>, _ g: WindowGeometry, weights w: UnsafePointer<Float>, into y: Tensor) {
        fillBias(y, g)
        GEMM.sgemm(m: g.outputPositions, n: filters, k: g.channels, a: a, b: w, beta: 1, c: y.pointer)
    }

    /// Where the tap over a single padded pixel starts in the (kh, kw, cin, cout) kernel.
    private func singleTapOffset(_ g: WindowGeometry) -> Int { (g.padTop * g.kernelW + g.padLeft) * g.channels * filters }

    private func fillBias(_ y: Tensor, _ g: WindowGeometry) {
        Elementwise.fillRows(y.pointer, rows: g.outputPositions, with: bias.value.pointer, columns: filters)
    }

    /// The (N*OH*OW, kh*kw*cin) column matrix a few images at a time, in shared
    /// scratch: no layer keeps one between the passes (at 224x224 ResNet50's
    /// first one alone is 236 MB), and backward unfolds again what it needs.
    private func inColumnSlices(_ g: WindowGeometry, _ body: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
        let rowsPerImage = g.outH * g.outW
        let images = max(1, min(g.batch, Self.columnSliceFloats / (rowsPerImage * g.patchSize)))
        Scratch.with(images * rowsPerImage * g.patchSize) { col in
            for first in stride(from: 0, to: g.batch, by: images) {
                body(first..<min(first + images, g.batch), col)
            }
        }
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        backward(dy, relay: relay, inputGradient: true)!
    }

    public func backwardWithoutInputGradient(_ dy: Tensor, relay: GradientRelay) {
        _ = backward(dy, relay: relay, inputGradient: false)
    }

    private func backward(_ dy: Tensor, relay: GradientRelay, inputGradient: Bool) -> Tensor? {
        guard let g = geometry, let x = input, let y = output else { preconditionFailure("\(name): backward before forward") }
        let grad: Tensor
        if activation == .relu {
            // Masked where it is when this layer is dy's only reader.
            grad = relay.mayOverwrite(dy) ? dy : relay.tensor(dy.shape, avoiding: dy)
            ReLU.mask(dy.pointer, by: y.pointer, into: grad.pointer, count: dy.count)
        } else {
            grad = dy
        }
        let m = g.outputPositions
        let method = method(g)
        if !kernel.isFrozen {
            if method == .shortPatch {
                ShortPatchConvolution.addKernelGradient(x.pointer, g, dz: grad.pointer, filters: filters,
                                                        kernel: kernel.gradient.pointer, bias: bias.gradient.pointer)
            } else {
                Elementwise.addColumnSums(grad.pointer, rows: m, columns: filters, into: bias.gradient.pointer)
                if method == .pointwise {
                    // dKernel += x^T * dz: the input is the column matrix.
                    GEMM.sgemm(transA: true, m: g.patchSize, n: filters, k: m, a: x.pointer, b: grad.pointer, beta: 1, c: kernel.gradient.pointer)
                } else if method == .singleTap {
                    // Only the tap that saw data has a gradient; the others' stay as they are.
                    GEMM.sgemm(transA: true, m: g.channels, n: filters, k: m, a: x.pointer, b: grad.pointer, beta: 1,
                               c: kernel.gradient.pointer + singleTapOffset(g))
                } else if method == .winograd {
                    Winograd.addKernelGradient(x.pointer, g, dz: grad.pointer, filters: filters, into: kernel.gradient.pointer)
                } else {
                    addKernelGradientInSlices(x, g, dz: grad)
                }
            }
        }
        guard inputGradient else { return nil }
        // The output is dead from here on (the layers that read it ran their backward before,
        // the mask above was its last use): its memory takes the input gradient when large
        // enough, one activation-sized buffer less. At 224x224 VGG16's first block needs one
        // 392 MiB gradient buffer instead of two.
        let inputGrad: Tensor
        if y.capacity >= x.count {
            inputGrad = Tensor.view(inputGradientInOutput, of: y, as: x.shape)
            inputGradientInOutput = inputGrad
        } else {
            inputGrad = relay.tensor(x.shape, avoiding: grad)   // dy, read, may be overwritten
        }
        if method == .winograd {
            Winograd.inputGradient(grad.pointer, g, kernel: kernel.value.pointer, filters: filters, into: inputGrad.pointer)
        } else if method == .pointwise {
            GEMM.sgemm(transB: true, m: m, n: g.patchSize, k: filters, a: grad.pointer, b: kernel.value.pointer, c: inputGrad.pointer)
        } else if method == .singleTap {
            GEMM.sgemm(transB: true, m: m, n: g.channels, k: filters, a: grad.pointer, b: kernel.value.pointer + singleTapOffset(g),
                       c: inputGrad.pointer)
        } else {
            // dcol = dz * kernel^T, then folded back, a few images at a time.
            inputGrad.zero()
            inColumnSlices(g) { images, dcol in
                let rows = images.lowerBound * g.outH * g.outW
                GEMM.sgemm(transB: true, m: images.count * g.outH * g.outW, n: g.patchSize, k: filters, a: grad.pointer + rows * filters,
                           b: kernel.value.pointer, c: dcol)
                Im2Col.col2im(dcol, g, images: images, into: inputGrad.pointer)
            }
        }
        return inputGrad
    }

    /// dKernel += col^T * dz, the column matrix unfolded again slice by slice.
    private func addKernelGradientInSlices(_ x: Tensor, _ g: WindowGeometry, dz: Tensor) {
        let rowsPerImage = g.outH * g.outW
        inColumnSlices(g) { images, col in
            Im2Col.im2col(x.pointer, g, images: images, into: col)
            GEMM.sgemm(transA: true, m: g.patchSize, n: filters, k: images.count * rowsPerImage, a: col,
                       b: dz.pointer + images.lowerBound * rowsPerImage * filters, beta: 1, c: kernel.gradient.pointer)
        }
    }

    /// Floats of column matrix unfolded at once for the kernel gradient (16 MiB).
    static let columnSliceFloats = 1 << 22
}
