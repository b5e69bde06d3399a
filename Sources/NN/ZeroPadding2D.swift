/// Keras `ZeroPadding2D`: symmetric zero borders (ResNet50's stem uses 3, then 1).
public final class ZeroPadding2D: Layer {
    public let name: String
    public var kind: String { "ZeroPadding2D" }
    public let pad: Int
    private var inputShape: Shape?
    private var output: Tensor?

    public init(name: String, pad: Int) {
        self.name = name
        self.pad = pad
    }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.rank == 4 else { throw ShapeError("\(name): expects (N, H, W, C), got \(input)") }
        return padded(input)
    }

    private func padded(_ input: Shape) -> Shape { Shape(input[0], input[1] + 2 * pad, input[2] + 2 * pad, input[3]) }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        inputShape = x.shape
        precondition(x.shape.rank == 4, "\(name): expects (N, H, W, C), got \(x.shape); building the network checks this")
        let y = Tensor.reuse(output, as: padded(x.shape))
        output = y
        let perImage = y.count / x.shape[0]
        Parallel.chunks(x.shape[0]) { images in
            (y.pointer + images.lowerBound * perImage).update(repeating: 0, count: images.count * perImage)
            copyRows(x.shape, images: images) { src, dst, n in (y.pointer + dst).update(from: x.pointer + src, count: n) }
        }
        return y
    }

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("\(name): backward before forward") }
        let g = relay.tensor(shape, avoiding: dy)
        Parallel.chunks(shape[0]) { images in
            copyRows(shape, images: images) { src, dst, n in (g.pointer + src).update(from: dy.pointer + dst, count: n) }
        }
        return g
    }

    /// Calls `body(inputOffset, paddedOffset, count)` for each contiguous row of the images given.
    private func copyRows(_ s: Shape, images: Range<Int>, _ body: (Int, Int, Int) -> Void) {
        let (h, w, c) = (s[1], s[2], s[3])
        let pw = w + 2 * pad, ph = h + 2 * pad
        for b in images {
            for row in 0..<h {
                body((b * h + row) * w * c, ((b * ph + row + pad) * pw + pad) * c, w * c)
            }
        }
    }
}
