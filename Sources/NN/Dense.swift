/// Keras `Dense`: kernel (in, out), bias (out), optional fused ReLU.
/// The last layer of each network is linear: softmax is fused into the loss.
public final class Dense: Layer {
    public let name: String
    public var kind: String { "Dense" }
    public let activation: Activation
    public let kernel: Parameter   // (in, out), Keras layout
    public let bias: Parameter     // (out)
    private var input: Tensor?
    private var output: Tensor?

    public init(name: String, inputs: Int, units: Int, activation: Activation = .linear) {
        self.name = name
        self.activation = activation
        kernel = Parameter(name: "\(name).kernel", shape: Shape(inputs, units))
        bias = Parameter(name: "\(name).bias", shape: Shape(units))
    }

    public var parameters: [Parameter] { [kernel, bias] }
    var inputs: Int { kernel.value.shape[0] }
    var units: Int { kernel.value.shape[1] }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.rank == 2, input[1] == inputs else {
            throw ShapeError("\(name): expects (N, \(inputs)), got \(input); add a Flatten before it")
        }
        return Shape(input[0], units)
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        input = x
        let n = x.shape[0]
        let y = Tensor.reuse(output, as: Shape(n, units))
        output = y
        Elementwise.fillRows(y.pointer, rows: n, with: bias.value.pointer, columns: units)
        GEMM.sgemm(m: n, n: units, k: inputs, a: x.pointer, b: kernel.value.pointer, beta: 1, c: y.pointer)
        if activation == .relu { ReLU.apply(y.pointer, count: y.count) }
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        backward(dy, relay: relay, inputGradient: true)!
    }

    public func backwardWithoutInputGradient(_ dy: Tensor, relay: GradientRelay) {
        _ = backward(dy, relay: relay, inputGradient: false)
    }

    private func backward(_ dy: Tensor, relay: GradientRelay, inputGradient: Bool) -> Tensor? {
        guard let x = input, let y = output else { preconditionFailure("\(name): backward before forward") }
        let n = x.shape[0]
        let grad: Tensor
        if activation == .relu {
            grad = relay.tensor(dy.shape, avoiding: dy)
            ReLU.mask(dy.pointer, by: y.pointer, into: grad.pointer, count: dy.count)
        } else {
            grad = dy
        }
        if !kernel.isFrozen {
            Elementwise.addColumnSums(grad.pointer, rows: n, columns: units, into: bias.gradient.pointer)
            GEMM.sgemm(transA: true, m: inputs, n: units, k: n, a: x.pointer, b: grad.pointer, beta: 1, c: kernel.gradient.pointer)
        }
        guard inputGradient else { return nil }
        let g = relay.tensor(x.shape, avoiding: grad)   // dy, read, may be overwritten
        GEMM.sgemm(transB: true, m: n, n: inputs, k: units, a: grad.pointer, b: kernel.value.pointer, c: g.pointer)
        return g
    }
}
