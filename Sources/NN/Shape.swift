/// The dimensions of a tensor, outermost first. Images are (N, H, W, C), as in Keras.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var dims: [Int]

    public init(_ dims: [Int]) { self.dims = dims }
    public init(_ dims: Int...) { self.dims = dims }

    public var count: Int { dims.reduce(1, *) }
    public var rank: Int { dims.count }
    public subscript(i: Int) -> Int { dims[i] }

    /// The same shape with another batch size (dimension 0).
    public func withBatch(_ n: Int) -> Shape {
        var d = dims
        d[0] = n
        return Shape(d)
    }

    /// Everything but the batch dimension, as Keras prints it: `(None, 16, 16, 64)`.
    public var kerasDescription: String {
        "(None, " + dims.dropFirst().map(String.init).joined(separator: ", ") + ")"
    }

    public var description: String { "(" + dims.map(String.init).joined(separator: ", ") + ")" }
}

public struct ShapeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
