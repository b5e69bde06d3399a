/// Whole vectors of floats from unsafe buffers, for kernels whose loops the
/// compiler does not vectorise on its own (accumulators kept in registers).
/// `V` is a width this instruction set runs natively: `Wide` (ISA.swift) or `Float8`.
typealias Float8 = SIMD8<Float>

extension UnsafePointer where Pointee == Float {
    @inline(__always) func load<V: SIMD>(_ offset: Int, as _: V.Type = V.self) -> V where V.Scalar == Float {
        UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
    }

    @inline(__always) func load8(_ offset: Int) -> Float8 { load(offset) }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always) func load<V: SIMD>(_ offset: Int, as _: V.Type = V.self) -> V where V.Scalar == Float {
        UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
    }

    @inline(__always) func load8(_ offset: Int) -> Float8 { load(offset) }

    @inline(__always) func store<V: SIMD>(_ v: V, _ offset: Int) where V.Scalar == Float {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: v, as: V.self)
    }
}

/// The vector widths the kernels use, with what the standard library only
/// vectorises on the concrete types: code generic over `SIMD` gets its
/// comparisons and `replacing(with:where:)` as loops over lanes, even when
/// specialised, so `rectified` is a requirement each width implements itself.
protocol FloatVector: SIMD where Scalar == Float {
    /// max(x, 0) in each lane (the standard library's `pointwiseMax` is not inlined into hot loops).
    var rectified: Self { get }
}

extension SIMD4: FloatVector where Scalar == Float {
    @inline(__always) var rectified: Self { replacing(with: 0, where: self .< 0) }
}

extension SIMD8: FloatVector where Scalar == Float {
    @inline(__always) var rectified: Self { replacing(with: 0, where: self .< 0) }
}

extension SIMD16: FloatVector where Scalar == Float {
    @inline(__always) var rectified: Self { replacing(with: 0, where: self .< 0) }
}

/// A small vector workspace for one chunk's loop (no allocation per tile).
@inline(__always)
func withVectors<V: FloatVector>(_ count: Int, of _: V.Type, _ body: (UnsafeMutablePointer<V>) -> Void) {
    withUnsafeTemporaryAllocation(of: V.self, capacity: count) { body($0.baseAddress!) }
}
