/// Eight floats at a time from unsafe buffers, for kernels whose loops the
/// compiler does not vectorise on its own (accumulators kept in registers).
typealias Float8 = SIMD8<Float>

extension UnsafePointer where Pointee == Float {
    @inline(__always) func load8(_ offset: Int) -> Float8 {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Float8.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always) func load8(_ offset: Int) -> Float8 {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Float8.self)
    }

    @inline(__always) func store8(_ v: Float8, _ offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: v, as: Float8.self)
    }
}

extension SIMD8 where Scalar == Float {
    /// max(x, 0) in each lane (the standard library's `pointwiseMax` is not inlined into hot loops).
    @inline(__always) var rectified: Float8 { replacing(with: 0, where: self .< 0) }
}
