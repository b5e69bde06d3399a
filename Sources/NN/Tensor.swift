/// A contiguous Float32 buffer with a shape. Owned memory, allocated once and
/// reused: layers keep their outputs and gradients in tensors that live as long
/// as the layer and are only re-made when the batch shape changes.
public final class Tensor {
    public private(set) var shape: Shape
    public let capacity: Int
    public let pointer: UnsafeMutablePointer<Float>
    /// Set for a view: the tensor whose memory it shares, kept alive by it.
    public let base: Tensor?

    public init(shape: Shape) {
        self.shape = shape
        capacity = max(shape.count, 1)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        base = nil
    }

    /// The memory of `tensor` under another shape of as many elements or fewer
    /// (what Flatten returns instead of a copy).
    public init(viewing tensor: Tensor, as shape: Shape) {
        precondition(shape.count <= tensor.capacity, "view \(tensor.shape) as \(shape)")
        self.shape = shape
        capacity = shape.count
        pointer = tensor.pointer
        base = tensor
    }

    /// `existing` if it is a view of `tensor` under `shape`, otherwise a new view.
    public static func view(_ existing: Tensor?, of tensor: Tensor, as shape: Shape) -> Tensor {
        if let v = existing, v.base === tensor, v.shape == shape { return v }
        return Tensor(viewing: tensor, as: shape)
    }

    public convenience init(shape: Shape, values: [Float]) {
        precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
        self.init(shape: shape)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { if base == nil { pointer.deallocate() } }

    public var count: Int { shape.count }
    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }
    public var values: [Float] { Array(buffer) }

    public func zero() { pointer.update(repeating: 0, count: count) }
    public func fill(_ v: Float) { pointer.update(repeating: v, count: count) }
    public func copy(from other: Tensor) {
        precondition(other.count == count, "copy \(other.shape) into \(shape)")
        pointer.update(from: other.pointer, count: count)
    }

    /// Views the same memory under another shape with as many elements or fewer.
    public func reshape(_ newShape: Shape) {
        precondition(newShape.count <= capacity, "reshape \(shape) to \(newShape) exceeds capacity")
        shape = newShape
    }

    /// `existing` if it can hold `shape` (re-shaped in place), otherwise a new tensor.
    /// This is how every layer keeps one buffer across batches of the same size.
    public static func reuse(_ existing: Tensor?, as shape: Shape) -> Tensor {
        if let t = existing, t.capacity >= shape.count {
            t.reshape(shape)
            return t
        }
        return Tensor(shape: shape)
    }
}
