/// The dimensions of a tensor, outermost first. Images are (N, H, W, C), as in Keras.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var dims: [Int]

    public init(_ dims: [Int]) { self.dims = dims }
    public init(_ dims: Int...) { self.dims = dims }

    public var count: Int { dims.reduce(1, *) }

    /// The element count of dimensions read from a file, or nil when one is
    /// negative or a product of the non-zero ones overflows: then `count` (and
    /// any product of the dimensions, in any order) cannot trap.
    public static func checkedCount(_ dims: [Int]) -> Int? {
        var nonZero = 1, hasZero = false
        for d in dims {
            guard d >= 0 else { return nil }
            if d == 0 { hasZero = true; continue }
            let (p, overflow) = nonZero.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            nonZero = p
        }
        return hasZero ? 0 : nonZero
    }
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
