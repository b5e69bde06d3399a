/// Whether a forward pass trains (dropout active, batch statistics) or infers.
/// The random source is passed in, never global, so runs are reproducible.
public enum Mode {
    case training(RandomSource)
    case inference

    public var isTraining: Bool {
        if case .training = self { return true }
        return false
    }
}

/// One step of a network. `forward` keeps what `backward` needs; `backward`
/// adds into the parameters' gradients and returns the input gradient.
/// Returned tensors belong to the layer and stay valid until its next call;
/// neither pass mutates its argument.
public protocol Layer: AnyObject {
    var name: String { get }
    /// The Keras class this layer reproduces, for summaries.
    var kind: String { get }
    func outputShape(for input: Shape) throws -> Shape
    func forward(_ x: Tensor, mode: Mode) -> Tensor   // x: (N, H, W, C) or (N, F)
    /// The input gradient, in a tensor from `relay` (valid until the relay hands
    /// its memory out again); parameter gradients are added to.
    func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor
    /// `backward` for the lowest trained layer, whose input gradient nobody
    /// reads: layers that can skip computing it (a whole GEMM) do.
    func backwardWithoutInputGradient(_ dy: Tensor, relay: GradientRelay)
    /// In a stable order; their names are the checkpoint keys.
    var parameters: [Parameter] { get }
    /// Layers nested inside this one (residual blocks), for summaries.
    var sublayers: [Layer] { get }
}

extension Layer {
    public func backwardWithoutInputGradient(_ dy: Tensor, relay: GradientRelay) { _ = backward(dy, relay: relay) }
    /// One backward pass on its own (tests, profiles): a relay of its own, so the
    /// input gradient returned stays valid.
    public func backward(_ dy: Tensor) -> Tensor { backward(dy, relay: GradientRelay()) }
    public func backwardWithoutInputGradient(_ dy: Tensor) { backwardWithoutInputGradient(dy, relay: GradientRelay()) }
    public var parameters: [Parameter] { [] }
    public var sublayers: [Layer] { [] }
}

/// Activations Keras layers take as an argument, fused into Conv2D and Dense.
public enum Activation: String, Sendable, Codable {
    case linear, relu
}
