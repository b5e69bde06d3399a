/// A ResNet block: relu(main(x) + shortcut(x)), the shortcut being the
/// identity or a projection (1x1 conv + batch norm). This is where Keras' `Add`
/// layer lives in our sequential models.
public final class ResidualBlock: Layer {
    public let name: String
    public var kind: String { "ResidualBlock" }
    public let main: Sequential
    public let shortcut: Sequential?
    private var output: Tensor?

    public init(name: String, main: Sequential, shortcut: Sequential?) {
        self.name = name
        self.main = main
        self.shortcut = shortcut
    }

    public var parameters: [Parameter] { main.parameters + (shortcut?.parameters ?? []) }
    public var sublayers: [Layer] { main.layers + (shortcut?.layers ?? []) }

    public func outputShape(for input: Shape) throws -> Shape {
        let a = try main.outputShape(for: input)
        let b = try shortcut?.outputShape(for: input) ?? input
        guard a == b else { throw ShapeError("\(name): main path gives \(a) but shortcut gives \(b)") }
        return a
    }

    /// The sum overwrites the main path's output when a batch norm made it (its
    /// backward reads its input, not its output): a block-sized tensor less.
    private var sumsInPlace: Bool { main.layers.last is BatchNorm }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let a = main.forward(x, mode: mode)
        let b = shortcut?.forward(x, mode: mode) ?? x
        let y = sumsInPlace ? a : Tensor.reuse(output, as: a.shape)
        output = y
        Elementwise.rectifiedSum(a.pointer, b.pointer, count: y.count, into: y.pointer)
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let y = output else { preconditionFailure("\(name): backward before forward") }
        let d = relay.tensor(dy.shape, avoiding: dy)
        ReLU.mask(dy.pointer, by: y.pointer, into: d.pointer, count: dy.count)
        // Both paths read d, and the sum reads both results: held while the other runs.
        relay.pin(d)
        let fromMain = main.backward(d, relay: relay)
        relay.pin(fromMain)
        let fromShortcut = shortcut?.backward(d, relay: relay) ?? d
        relay.unpin(fromMain)
        relay.unpin(d)
        let g = relay.tensor(fromMain.shape, avoiding: fromMain, fromShortcut)
        Elementwise.sum(fromMain.pointer, fromShortcut.pointer, count: g.count, into: g.pointer)
        return g
    }
}
