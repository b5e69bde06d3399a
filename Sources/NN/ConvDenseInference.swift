import KernelShapes
/// Conv2D -> Flatten -> Dense as one pass in inference, when the convolution
/// takes the short-patch path (basic-cnn): the convolution's activation, 3.7 MB
/// a batch for basic-cnn that the Dense layer would read straight back, is
/// never written (ShortPatchConvolution.forwardThroughDense). Training, and
/// inputs the fused pass does not take, run the three layers one by one.
final class ConvDenseInference {
    private let conv: Conv2D
    private let dense: Dense
    private var output: Tensor?

    /// The fusion of the first three layers, if they are Conv2D, Flatten and Dense.
    init?(_ layers: ArraySlice<Layer>) {
        guard layers.count >= 3 else { return nil }
        let first = layers.startIndex
        guard let conv = layers[first] as? Conv2D, layers[first + 1] is Flatten,
              let dense = layers[first + 2] as? Dense else { return nil }
        self.conv = conv
        self.dense = dense
    }

    /// The Dense layer's output for x, or nil when x's geometry has no fused pass.
    func forward(_ x: Tensor) -> Tensor? {
        guard let g = try? WindowGeometry(input: x.shape, kernel: conv.kernelSize, strides: conv.strides, padding: conv.padding),
              conv.takesShortPatch(g), ShortPatchConvolution.fusesDense(filters: conv.filters),
              g.outH * g.outW * conv.filters == dense.inputs else { return nil }
        let units = dense.units, inputs = dense.inputs
        let y = Tensor.reuse(output, as: Shape(g.batch, units))
        output = y
        Scratch.with(units * inputs) { transposed in
            let w = dense.kernel.value.pointer
            for i in 0..<inputs {
                for u in 0..<units { transposed[u * inputs + i] = w[i * units + u] }
            }
            ShortPatchConvolution.forwardThroughDense(x.pointer, g, kernel: conv.kernel.value.pointer, bias: conv.bias.value.pointer,
                                                      filters: conv.filters, relu: conv.activation == .relu,
                                                      transposedDense: transposed, units: units, into: y.pointer)
        }
        let bias = dense.bias.value.pointer
        for n in 0..<g.batch {
            for u in 0..<units { y.pointer[n * units + u] += bias[u] }
        }
        if dense.activation == .relu { ReLU.apply(y.pointer, count: y.count) }
        return y
    }
}
