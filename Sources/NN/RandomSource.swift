/// xoshiro256** (Blackman & Vigna, 2018), seeded through SplitMix64. A class so
/// that layers given one in `Mode.training` advance the same stream; its state
/// is four words, saved in checkpoints so a resumed run continues the stream.
public final class RandomSource: RandomNumberGenerator {
    public private(set) var state: [UInt64]

    public init(seed: UInt64) {
        var s = seed
        state = (0..<4).map { _ in RandomSource.splitMix64(&s) }
    }

    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "xoshiro state must be 4 words, not all zero")
        self.state = state
    }

    /// An independent stream derived from this one (e.g. one per purpose).
    public func fork() -> RandomSource { RandomSource(seed: next()) }

    public func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits, exactly representable as Float.
    public func nextUniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static func splitMix64(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E37_79B9_7F4A_7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
