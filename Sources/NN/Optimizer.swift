/// The optimizers the study used, with Keras 3's update rules and defaults.
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    case sgd, adam, rmsprop
}

/// Updates trainable parameters from their gradients. `learningRate` may change
/// between steps (the workbench's live control). Slots (moments, velocities)
/// are per parameter and named `<slot>/<parameter>` in checkpoints.
public protocol Optimizer: AnyObject {
    var kind: OptimizerKind { get }
    var learningRate: Float { get set }
    /// Steps taken so far (Keras' `iterations`), the `t` of Adam's bias correction.
    var iterations: Int { get set }
    func step(_ parameters: [Parameter])
    /// Named state tensors, for checkpoints; created on the first step.
    var slots: [String: Tensor] { get }
    func restoreSlot(_ name: String, from values: Tensor) throws
}

/// Per-parameter slot storage shared by the optimizers.
struct SlotStore {
    private(set) var tensors: [String: Tensor] = [:]

    mutating func slot(_ slot: String, for p: Parameter) -> Tensor {
        let key = "\(slot)/\(p.name)"
        if let t = tensors[key] { return t }
        let t = Tensor(shape: p.value.shape)
        tensors[key] = t
        return t
    }

    mutating func restore(_ key: String, from values: Tensor) {
        let t = Tensor(shape: values.shape)
        t.copy(from: values)
        tensors[key] = t
    }
}

public func makeOptimizer(_ kind: OptimizerKind, learningRate: Float) -> Optimizer {
    switch kind {
    case .sgd: return SGD(learningRate: learningRate)
    case .adam: return Adam(learningRate: learningRate)
    case .rmsprop: return RMSprop(learningRate: learningRate)
    }
}
