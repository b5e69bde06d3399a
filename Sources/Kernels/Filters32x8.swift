/// The sums of 32 filters at one output pixel, in four 8-lane registers (the
/// AVX2 and baseline builds; KernelsAVX512 has two 16-lane ones). A tuple, not
/// a struct: a struct gets value witnesses whose copy helper
/// (`__swift_memcpy128_16`) has the same name in every kernel build, and the
/// linker would keep one build's copy for all of them.
typealias Filters32 = (Float8, Float8, Float8, Float8)
typealias Filters32Lanes = Float8

/// The 32 values at p.
@inline(__always) func filters32(_ p: UnsafePointer<Float>) -> Filters32 {
    (p.load8(0), p.load8(8), p.load8(16), p.load8(24))
}

/// s += x * w[0..<32], four independent sums that hide the adds' latency.
@inline(__always) func add(_ s: inout Filters32, _ x: Float, times w: UnsafePointer<Float>) {
    let v = Float8(repeating: x)
    s.0 = multiplyAdd(s.0, v, w.load8(0))
    s.1 = multiplyAdd(s.1, v, w.load8(8))
    s.2 = multiplyAdd(s.2, v, w.load8(16))
    s.3 = multiplyAdd(s.3, v, w.load8(24))
}

/// s += x * v.
@inline(__always) func add(_ s: inout Filters32, _ x: Float, times v: Filters32) {
    let b = Float8(repeating: x)
    s = (multiplyAdd(s.0, b, v.0), multiplyAdd(s.1, b, v.1), multiplyAdd(s.2, b, v.2), multiplyAdd(s.3, b, v.3))
}

@inline(__always) func zeroFilters32() -> Filters32 { (.zero, .zero, .zero, .zero) }

/// p[0..<32] += s.
@inline(__always) func addStored(_ s: Filters32, _ p: UnsafeMutablePointer<Float>) {
    p.store(p.load8(0) + s.0, 0)
    p.store(p.load8(8) + s.1, 8)
    p.store(p.load8(16) + s.2, 16)
    p.store(p.load8(24) + s.3, 24)
}

@inline(__always) func store(_ s: Filters32, _ p: UnsafeMutablePointer<Float>) {
    p.store(s.0, 0)
    p.store(s.1, 8)
    p.store(s.2, 16)
    p.store(s.3, 24)
}

/// max(s, 0) lane by lane.
@inline(__always) func rectify(_ s: inout Filters32) {
    s = (s.0.rectified, s.1.rectified, s.2.rectified, s.3.rectified)
}

/// a and b += s * w[0..<32] lane by lane: a dot product with w whose total is (a + b).sum().
@inline(__always) func accumulate(_ s: Filters32, _ w: UnsafePointer<Float>, into a: inout Float8, _ b: inout Float8) {
    a = multiplyAdd(multiplyAdd(a, s.0, w.load8(0)), s.2, w.load8(16))
    b = multiplyAdd(multiplyAdd(b, s.1, w.load8(8)), s.3, w.load8(24))
}
