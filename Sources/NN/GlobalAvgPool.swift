/// Keras `GlobalAveragePooling2D`: (N, H, W, C) to (N, C).
public final class GlobalAvgPool: Layer {
    public let name: String
    public var kind: String { "GlobalAveragePooling2D" }
    private var inputShape: Shape?
    private var output: Tensor?

    public init(name: String) { self.name = name }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.rank == 4 else { throw ShapeError("\(name): expects (N, H, W, C), got \(input)") }
        return Shape(input[0], input[3])
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        inputShape = x.shape
        let (n, hw, c) = (x.shape[0], x.shape[1] * x.shape[2], x.shape[3])
        let y = Tensor.reuse(output, as: Shape(n, c))
        output = y
        y.zero()
        let inv = 1 / Float(hw)
        for b in 0..<n {
            let out = y.pointer + b * c
            for p in 0..<hw {
                let src = x.pointer + (b * hw + p) * c
                for ch in 0..<c { out[ch] += src[ch] }
            }
            for ch in 0..<c { out[ch] *= inv }
        }
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("\(name): backward before forward") }
        let g = relay.tensor(shape, avoiding: dy)
        let (n, hw, c) = (shape[0], shape[1] * shape[2], shape[3])
        let inv = 1 / Float(hw)
        for b in 0..<n {
            for p in 0..<hw {
                let dst = g.pointer + (b * hw + p) * c
                for ch in 0..<c { dst[ch] = dy.pointer[b * c + ch] * inv }
            }
        }
        return g
    }
}
