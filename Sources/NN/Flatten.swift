/// Keras `Flatten`: (N, H, W, C) to (N, H*W*C) in NHWC order. Both passes
/// return views, not copies: no layer mutates its input or output afterwards.
public final class Flatten: Layer {
    public let name: String
    public var kind: String { "Flatten" }
    private var inputShape: Shape?
    private var output: Tensor?
    private var dx: Tensor?

    public init(name: String) { self.name = name }

    public func outputShape(for input: Shape) throws -> Shape { flattened(input) }

    private func flattened(_ input: Shape) -> Shape { Shape(input[0], input.count / max(input[0], 1)) }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        inputShape = x.shape
        let y = Tensor.view(output, of: x, as: flattened(x.shape))
        output = y
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("\(name): backward before forward") }
        let g = Tensor.view(dx, of: dy, as: shape)
        dx = g
        return g
    }
}
