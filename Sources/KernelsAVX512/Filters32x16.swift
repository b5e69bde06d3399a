/// The sums of 32 filters at one output pixel, in two 16-lane registers
/// (the other builds have four 8-lane ones: Sources/Kernels/Filters32x8.swift).
struct Filters32 {
    typealias Lanes = SIMD16<Float>

    var s0, s1: SIMD16<Float>

    /// The 32 values at p.
    @inline(__always) init(_ p: UnsafePointer<Float>) {
        (s0, s1) = (p.load(0), p.load(16))
    }

    /// self += x * w[0..<32].
    @inline(__always) mutating func add(_ x: Float, times w: UnsafePointer<Float>) {
        let v = SIMD16<Float>(repeating: x)
        s0 = multiplyAdd(s0, v, w.load(0))
        s1 = multiplyAdd(s1, v, w.load(16))
    }

    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        p.store(s0, 0)
        p.store(s1, 16)
    }

    /// max(self, 0) lane by lane.
    @inline(__always) mutating func rectify() {
        (s0, s1) = (s0.rectified, s1.rectified)
    }

    /// a and b += self * w[0..<32] lane by lane: a dot product with w whose total is (a + b).sum().
    @inline(__always) func accumulate(_ w: UnsafePointer<Float>, into a: inout Lanes, _ b: inout Lanes) {
        a = multiplyAdd(a, s0, w.load(0))
        b = multiplyAdd(b, s1, w.load(16))
    }
}
