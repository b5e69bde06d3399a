/// The sums of 32 filters at one output pixel, in four 8-lane registers
/// (the AVX2 and baseline builds; KernelsAVX512 has two 16-lane ones).
struct Filters32 {
    typealias Lanes = Float8

    var s0, s1, s2, s3: Float8

    /// The 32 values at p.
    @inline(__always) init(_ p: UnsafePointer<Float>) {
        (s0, s1, s2, s3) = (p.load8(0), p.load8(8), p.load8(16), p.load8(24))
    }

    /// self += x * w[0..<32], four independent sums that hide the adds' latency.
    @inline(__always) mutating func add(_ x: Float, times w: UnsafePointer<Float>) {
        let v = Float8(repeating: x)
        s0 = multiplyAdd(s0, v, w.load8(0))
        s1 = multiplyAdd(s1, v, w.load8(8))
        s2 = multiplyAdd(s2, v, w.load8(16))
        s3 = multiplyAdd(s3, v, w.load8(24))
    }

    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        p.store(s0, 0)
        p.store(s1, 8)
        p.store(s2, 16)
        p.store(s3, 24)
    }

    /// max(self, 0) lane by lane.
    @inline(__always) mutating func rectify() {
        (s0, s1, s2, s3) = (s0.rectified, s1.rectified, s2.rectified, s3.rectified)
    }

    /// a and b += self * w[0..<32] lane by lane: a dot product with w whose total is (a + b).sum().
    @inline(__always) func accumulate(_ w: UnsafePointer<Float>, into a: inout Lanes, _ b: inout Lanes) {
        a = multiplyAdd(multiplyAdd(a, s0, w.load8(0)), s2, w.load8(16))
        b = multiplyAdd(multiplyAdd(b, s1, w.load8(8)), s3, w.load8(24))
    }
}
