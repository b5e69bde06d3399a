// This target's instruction set: x86-64-v4 (Package.swift: -target-cpu skylake-avx512).

/// The widest vector these kernels use: one zmm register.
typealias Wide = SIMD16<Float>

/// sum + a * b, fused into one rounding (vfmadd).
@inline(__always) func multiplyAdd<V: SIMD>(_ sum: V, _ a: V, _ b: V) -> V where V.Scalar == Float { sum.addingProduct(a, b) }

extension HotKernels {
    public static let instructionSet = "avx512"
}
