/// keras.optimizers.RMSprop (Keras 3), defaults lr 0.001, rho 0.9, epsilon 1e-7,
/// no momentum, not centered. Note epsilon sits inside the root:
///   v = rho * v + (1 - rho) * g^2;  w -= lr * g / sqrt(v + epsilon)
public final class RMSprop: Optimizer {
    public var kind: OptimizerKind { .rmsprop }
    public var learningRate: Float
    public let rho: Float, epsilon: Float
    public var iterations = 0
    private var store = SlotStore(names: ["velocity"])

    public init(learningRate: Float = 0.001, rho: Float = 0.9, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }

    public var slots: [String: Tensor] { store.tensors }
    public var slotNames: [String] { store.names }
    public func restoreSlot(_ slot: String, of parameter: Parameter, from values: Tensor) throws {
        try store.restore(slot, of: parameter, from: values)
    }

    public func step(_ parameters: [Parameter]) {
        countStep()
        for p in parameters where p.isTrainable {
            let w = p.value.pointer, g = p.gradient.pointer, (lr, rho, epsilon) = (learningRate, rho, epsilon)
            let v = store.slot("velocity", for: p).pointer
            let kernels = Kernels.active
            Parallel.chunks(p.value.count, minimumPerChunk: Parallel.elementwiseChunk) { r in
                kernels.rmspropUpdate(w, gradient: g, velocity: v, range: r, learningRate: lr, rho: rho, epsilon: epsilon)
            }
        }
    }
}
