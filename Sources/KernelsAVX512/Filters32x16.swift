/// The sums of 32 filters at one output pixel, in two 16-lane registers (the
/// other builds have four 8-lane ones: Sources/Kernels/Filters32x8.swift, which
/// says why this is a tuple).
typealias Filters32 = (SIMD16<Float>, SIMD16<Float>)
typealias Filters32Lanes = SIMD16<Float>

/// The 32 values at p.
@inline(__always) func filters32(_ p: UnsafePointer<Float>) -> Filters32 {
    (p.load(0), p.load(16))
}

/// s += x * w[0..<32].
@inline(__always) func add(_ s: inout Filters32, _ x: Float, times w: UnsafePointer<Float>) {
    let v = SIMD16<Float>(repeating: x)
    s.0 = multiplyAdd(s.0, v, w.load(0))
    s.1 = multiplyAdd(s.1, v, w.load(16))
}

/// s += x * v.
@inline(__always) func add(_ s: inout Filters32, _ x: Float, times v: Filters32) {
    let b = SIMD16<Float>(repeating: x)
    s = (multiplyAdd(s.0, b, v.0), multiplyAdd(s.1, b, v.1))
}

@inline(__always) func zeroFilters32() -> Filters32 { (.zero, .zero) }

/// p[0..<32] += s.
@inline(__always) func addStored(_ s: Filters32, _ p: UnsafeMutablePointer<Float>) {
    p.store(p.load(0) + s.0, 0)
    p.store(p.load(16) + s.1, 16)
}

@inline(__always) func store(_ s: Filters32, _ p: UnsafeMutablePointer<Float>) {
    p.store(s.0, 0)
    p.store(s.1, 16)
}

/// max(s, 0) lane by lane.
@inline(__always) func rectify(_ s: inout Filters32) {
    s = (s.0.rectified, s.1.rectified)
}

/// a and b += s * w[0..<32] lane by lane: a dot product with w whose total is (a + b).sum().
@inline(__always) func accumulate(_ s: Filters32, _ w: UnsafePointer<Float>, into a: inout SIMD16<Float>, _ b: inout SIMD16<Float>) {
    a = multiplyAdd(a, s.0, w.load(0))
    b = multiplyAdd(b, s.1, w.load(16))
}
