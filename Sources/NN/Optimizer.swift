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
    /// The slots each trainable parameter gets ("m" and "v" for Adam).
    var slotNames: [String] { get }
    /// Sets `slot` of `parameter`; refuses a slot this optimizer does not keep
    /// or values of another shape than the parameter's (the step indexes both alike).
    func restoreSlot(_ slot: String, of parameter: Parameter, from values: Tensor) throws
}

extension Optimizer {
    /// Counts one step. `iterations` comes from checkpoints: saturate rather than
    /// trap, and keep t >= 1 so that Adam's bias correction stays finite.
    func countStep() { iterations = iterations < .max ? max(iterations, 0) + 1 : .max }
}

public struct SlotError: Error, CustomStringConvertible {
    public let description: String
}

/// Per-parameter slot storage shared by the optimizers.
struct SlotStore {
    let names: [String]
    private(set) var tensors: [String: Tensor] = [:]

    init(names: [String]) { self.names = names }

    mutating func slot(_ slot: String, for p: Parameter) -> Tensor {
        let key = "\(slot)/\(p.name)"
        if let t = tensors[key] {
            precondition(t.shape == p.value.shape, "slot \(key) has shape \(t.shape), the parameter \(p.value.shape)")
            return t
        }
        let t = Tensor(shape: p.value.shape)
        tensors[key] = t
        return t
    }

    mutating func restore(_ slot: String, of p: Parameter, from values: Tensor) throws {
        guard names.contains(slot) else {
            throw SlotError(description: "slot '\(slot)' is not one this optimizer keeps (\(names.isEmpty ? "none" : names.joined(separator: ", ")))")
        }
        guard p.role == .weight else { throw SlotError(description: "'\(p.name)' is a statistic, which has no optimizer slots") }
        guard values.shape == p.value.shape else {
            throw SlotError(description: "slot '\(slot)/\(p.name)' has shape \(values.shape), the parameter \(p.value.shape)")
        }
        let t = Tensor(shape: values.shape)
        t.copy(from: values)
        tensors["\(slot)/\(p.name)"] = t
    }
}

public func makeOptimizer(_ kind: OptimizerKind, learningRate: Float) -> Optimizer {
    switch kind {
    case .sgd: return SGD(learningRate: learningRate)
    case .adam: return Adam(learningRate: learningRate)
    case .rmsprop: return RMSprop(learningRate: learningRate)
    }
}
