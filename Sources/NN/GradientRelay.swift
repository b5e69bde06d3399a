/// Where a backward pass writes its gradients. A layer's input gradient is read
/// once, by the layer below, and is dead after: so instead of every layer
/// keeping its own dx (and dz) for the whole step, which at 224x224 doubles a
/// network's memory, the layers take buffers from this small pool in turn.
///
/// The contract: a tensor from `tensor(_:avoiding:)` shares memory with none of
/// the tensors named and none pinned; its contents are stale. A layer may get
/// its own `dy` back once it no longer reads it (the pool does not know it is
/// still wanted unless told). A block that reads a gradient again after other
/// layers ran (a residual block's sum, read by both paths) pins it meanwhile.
/// Not every gradient comes from the pool: a convolution writes its input
/// gradient into its own output, dead by its backward (Conv2D.backward).
public final class GradientRelay {
    private var pool: [Tensor] = []
    private var pinned: [UnsafeMutablePointer<Float>] = []

    public init() {}

    /// A buffer of `shape`, not sharing memory with `avoiding` nor with a pinned one.
    public func tensor(_ shape: Shape, avoiding: Tensor...) -> Tensor {
        let busy = pinned + avoiding.map(\.pointer)
        let free = pool.indices.filter { !busy.contains(pool[$0].pointer) }
        if let i = free.first(where: { pool[$0].capacity >= shape.count }) {
            pool[i].reshape(shape)
            return pool[i]
        }
        // Too small or none free: replace the first free one (a tensor someone still
        // holds lives on with them), else add one. After the first step none grows.
        let grown = Tensor(shape: shape)
        if let i = free.first { pool[i] = grown } else { pool.append(grown) }
        return grown
    }

    /// Whether `t` is one of the pool's buffers and not pinned: then the layer it
    /// was handed to, its only reader, may overwrite it.
    public func mayOverwrite(_ t: Tensor) -> Bool {
        !pinned.contains(t.pointer) && pool.contains { $0.pointer == t.pointer }
    }

    /// Keeps `t`'s memory from being handed out until `unpin`.
    public func pin(_ t: Tensor) { pinned.append(t.pointer) }

    public func unpin(_ t: Tensor) {
        if let i = pinned.lastIndex(of: t.pointer) { pinned.remove(at: i) }
    }

    /// Floats the pool holds, for tests and memory reports.
    public var capacity: Int { pool.reduce(0) { $0 + $1.capacity } }
}
