/// Keras `Dropout` (inverted): in training each value is kept with probability
/// 1 - rate and scaled by 1 / (1 - rate); inference passes values through.
/// `rate` may change between batches (the workbench's live dropout control).
public final class Dropout: Layer {
    public let name: String
    public var kind: String { "Dropout" }
    public var rate: Float
    private var scale: Tensor?     // per element: 0 or 1 / (1 - rate)
    private var output: Tensor?
    private var wasTraining = false

    public init(name: String, rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.name = name
        self.rate = rate
    }

    public func outputShape(for input: Shape) throws -> Shape { input }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Tensor.reuse(output, as: x.shape)
        output = y
        guard case .training(let rng) = mode, rate > 0 else {
            wasTraining = false
            y.copy(from: x)
            return y
        }
        wasTraining = true
        let s = Tensor.reuse(scale, as: x.shape)
        scale = s
        let keep = 1 / (1 - rate)
        for i in 0..<x.count {
            let k: Float = rng.nextUniform() >= rate ? keep : 0
            s.pointer[i] = k
            y.pointer[i] = x.pointer[i] * k
        }
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        let g = relay.tensor(dy.shape, avoiding: dy)
        if wasTraining, let s = scale {
            for i in 0..<dy.count { g.pointer[i] = dy.pointer[i] * s.pointer[i] }
        } else {
            g.copy(from: dy)
        }
        return g
    }
}
