// This target's instruction set: the compiler's baseline (SSE2 on x86-64), for
// CPUs without AVX2 and for other architectures.

/// The widest vector these kernels use: one xmm register.
typealias Wide = SIMD4<Float>

/// sum + a * b, rounded twice: without FMA hardware a fused multiply-add is a
/// library call per lane.
@inline(__always) func multiplyAdd<V: SIMD>(_ sum: V, _ a: V, _ b: V) -> V where V.Scalar == Float { sum + a * b }

extension HotKernels {
    public static let instructionSet = "baseline"
}
