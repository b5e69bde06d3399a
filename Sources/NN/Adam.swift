/// keras.optimizers.Adam (Keras 3), defaults lr 0.001, beta1 0.9, beta2 0.999,
/// epsilon 1e-7 (not the paper's 1e-8):
///   m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
///   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t);  w -= alpha * m / (sqrt(v) + epsilon)
public final class Adam: Optimizer {
    public var kind: OptimizerKind { .adam }
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    public var iterations = 0
    private var store = SlotStore(names: ["m", "v"])

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var slots: [String: Tensor] { store.tensors }
    public var slotNames: [String] { store.names }
    public func restoreSlot(_ slot: String, of parameter: Parameter, from values: Tensor) throws {
        try store.restore(slot, of: parameter, from: values)
    }

    public func step(_ parameters: [Parameter]) {
        countStep()
        let t = Double(iterations)
        let alpha = Float(Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t)))
        for p in parameters where p.isTrainable {
            let w = p.value.pointer, g = p.gradient.pointer, (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
            let m = store.slot("m", for: p).pointer, v = store.slot("v", for: p).pointer
            let kernels = Kernels.active
            Parallel.chunks(p.value.count, minimumPerChunk: Parallel.elementwiseChunk) { r in
                kernels.adamUpdate(w, gradient: g, m: m, v: v, range: r, alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
