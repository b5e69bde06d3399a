/// Keras `Flatten`: (N, H, W, C) to (N, H*W*C) in NHWC order. Copies rather
/// than aliasing so that no two layers ever share an output buffer.
public final class Flatten: Layer {
    public let name: String
    public var kind: String { "Flatten" }
    private var inputShape: Shape?
    private var output: Tensor?
    private var dx: Tensor?

    public init(name: String) { self.name = name }

    public func outputShape(for input: Shape) throws -> Shape {
        Shape(input[0], input.count / max(input[0], 1))
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        inputShape = x.shape
        let y = Tensor.reuse(output, as: try! outputShape(for: x.shape))
        output = y
        y.copy(from: x)
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("\(name): backward before forward") }
        let g = Tensor.reuse(dx, as: shape)
        dx = g
        g.copy(from: dy)
        return g
    }
}
