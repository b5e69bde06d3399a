import Glibc
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

    /// The dense kernel as (units, inputs), and the (inputs, units) kernel it was made from.
    private var transposed: Tensor?, transposedFrom: Tensor?

    /// The transposed dense kernel, made again only when the kernel's bits changed: an
    /// evaluation runs many batches on one set of weights, and comparing the kernel with
    /// the copy it was made from takes a fraction of transposing it (86 K floats for
    /// basic-cnn, with three units a strided loop), with no way to go stale.
    private func transposedDense() -> Tensor {
        let w = dense.kernel.value
        if let transposed, let from = transposedFrom, memcmp(from.pointer, w.pointer, w.count * MemoryLayout<Float>.size) == 0 {
            return transposed
        }
        let (units, inputs) = (dense.units, dense.inputs)
        let t = Tensor.reuse(transposed, as: Shape(units, inputs)), from = Tensor.reuse(transposedFrom, as: w.shape)
        from.copy(from: w)
        for i in 0..<inputs {
            for u in 0..<units { t.pointer[u * inputs + i] = w.pointer[i * units + u] }
        }
        (transposed, transposedFrom) = (t, from)
        return t
    }

    /// The Dense layer's output for x, or nil when x's geometry has no fused pass.
    func forward(_ x: Tensor) -> Tensor? {
        guard let g = try? WindowGeometry(input: x.shape, kernel: conv.kernelSize, strides: conv.strides, padding: conv.padding),
              conv.takesShortPatch(g), ShortPatchConvolution.fusesDense(filters: conv.filters),
              g.outH * g.outW * conv.filters == dense.inputs else { return nil }
        let units = dense.units, inputs = dense.inputs
        let y = Tensor.reuse(output, as: Shape(g.batch, units))
        output = y
        let transposed = transposedDense()
        ShortPatchConvolution.forwardThroughDense(x.pointer, g, kernel: conv.kernel.value.pointer, bias: conv.bias.value.pointer,
                                                  filters: conv.filters, relu: conv.activation == .relu,
                                                  transposedDense: transposed.pointer, units: units, into: y.pointer)
        let bias = dense.bias.value.pointer
        for n in 0..<g.batch {
            for u in 0..<units { y.pointer[n * units + u] += bias[u] }
        }
        if dense.activation == .relu { ReLU.apply(y.pointer, count: y.count) }
        return y
    }
}
