/// Keras `Activation('relu')` as a layer (ResNet applies it after batch norm);
/// the static helpers are the fused form Conv2D and Dense use.
public final class ReLU: Layer {
    public let name: String
    public var kind: String { "Activation" }
    /// Overwrites its input instead of keeping a copy (PyTorch's inplace=True):
    /// only where nothing else reads that input, forward or backward, as after
    /// a BatchNorm, whose backward reads its own input, not its output.
    public let inPlace: Bool
    private var output: Tensor?

    public init(name: String, inPlace: Bool = false) {
        self.name = name
        self.inPlace = inPlace
    }

    public func outputShape(for input: Shape) throws -> Shape { input }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = inPlace ? x : Tensor.reuse(output, as: x.shape)
        output = y
        if !inPlace { y.copy(from: x) }
        ReLU.apply(y.pointer, count: y.count)
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let y = output else { preconditionFailure("\(name): backward before forward") }
        let g = relay.tensor(dy.shape, avoiding: dy)
        ReLU.mask(dy.pointer, by: y.pointer, into: g.pointer, count: dy.count)
        return g
    }

    static func apply(_ p: UnsafeMutablePointer<Float>, count: Int) { Elementwise.rectify(p, count: count) }

    /// out = dy where the activation's output was positive, else 0.
    static func mask(_ dy: UnsafePointer<Float>, by y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        Elementwise.passWherePositive(dy, by: y, count: count, into: out)
    }
}
