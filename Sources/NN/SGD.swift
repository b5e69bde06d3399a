/// keras.optimizers.SGD (Keras 3): velocity = momentum * velocity - lr * g;
/// w += velocity. Without momentum, w -= lr * g. Defaults lr 0.01, momentum 0.
public final class SGD: Optimizer {
    public var kind: OptimizerKind { .sgd }
    public var learningRate: Float
    public let momentum: Float
    public var iterations = 0
    private var store: SlotStore

    public init(learningRate: Float = 0.01, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        store = SlotStore(names: momentum == 0 ? [] : ["momentum"])
    }

    public var slots: [String: Tensor] { store.tensors }
    public var slotNames: [String] { store.names }
    public func restoreSlot(_ slot: String, of parameter: Parameter, from values: Tensor) throws {
        try store.restore(slot, of: parameter, from: values)
    }

    public func step(_ parameters: [Parameter]) {
        countStep()
        for p in parameters where p.isTrainable {
            let w = p.value.pointer, g = p.gradient.pointer, (lr, momentum) = (learningRate, momentum)
            if momentum == 0 {
                Parallel.chunks(p.value.count, minimumPerChunk: Parallel.elementwiseChunk) { r in
                    for i in r { w[i] -= lr * g[i] }
                }
            } else {
                let v = store.slot("momentum", for: p).pointer
                Parallel.chunks(p.value.count, minimumPerChunk: Parallel.elementwiseChunk) { r in
                    for i in r {
                        v[i] = momentum * v[i] - lr * g[i]
                        w[i] += v[i]
                    }
                }
            }
        }
    }
}
