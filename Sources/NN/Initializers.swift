/// Keras' defaults: `glorot_uniform` kernels, zero biases (Conv2D, Dense).
/// Batch norm starts at gamma 1, beta 0, moving mean 0, moving variance 1 (its init).
public enum Initializers {
    /// Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)); for a
    /// (kh, kw, cin, cout) kernel fan_in = kh*kw*cin, fan_out = kh*kw*cout (Glorot & Bengio 2010).
    public static func glorotUniform(_ p: Parameter, rng: RandomSource) {
        let d = p.value.shape.dims
        let receptive = d.dropLast(2).reduce(1, *)
        let fanIn = receptive * d[d.count - 2], fanOut = receptive * d[d.count - 1]
        let limit = (6 / Float(fanIn + fanOut)).squareRoot()
        for i in 0..<p.value.count { p.value.pointer[i] = (rng.nextUniform() * 2 - 1) * limit }
    }

    /// Initialises every kernel of a model in order, from one seeded stream.
    public static func initialize(_ model: Layer, rng: RandomSource) {
        for p in model.parameters where p.name.hasSuffix(".kernel") { glorotUniform(p, rng: rng) }
    }
}
