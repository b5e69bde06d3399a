// This target's instruction set: x86-64-v3 (Package.swift: -target-cpu haswell).

/// The widest vector these kernels use: one ymm register.
typealias Wide = SIMD8<Float>

/// sum + a * b, fused into one rounding (vfmadd).
@inline(__always) func multiplyAdd<V: SIMD>(_ sum: V, _ a: V, _ b: V) -> V where V.Scalar == Float { sum.addingProduct(a, b) }

extension HotKernels {
    public static let instructionSet = "avx2"
}
