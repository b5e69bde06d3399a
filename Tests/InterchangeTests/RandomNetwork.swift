import NN

enum RandomNetwork {
    /// A network with every parameter drawn at random (batch norm statistics
    /// too), so that a transposed kernel or a misordered flatten shows. A
    /// residual branch's last batch norm scales by about 0.2, or sixteen
    /// bottlenecks would multiply the activations into a saturated softmax
    /// that answers every image alike.
    static func make(_ a: Architecture, channels: Int = 1, seed: UInt64 = 3) throws -> Network {
        let n = try a.build(height: 32, width: 32, channels: channels, classes: 3, dropout: 0.5)
        let rng = RandomSource(seed: seed)
        for p in n.model.parameters {
            let dims = p.value.shape.dims
            let scale: Float = dims.count > 1 ? (6 / Float(dims.dropLast().reduce(1, *))).squareRoot() : 0.1
            for i in 0..<p.value.count {
                let u = rng.nextUniform() * 2 - 1
                let statistic = p.name.hasSuffix("moving_variance") || p.name.hasSuffix("gamma")
                let branchEnd = p.name.hasSuffix("_3_bn.gamma")
                p.value.pointer[i] = branchEnd ? 0.2 + 0.1 * u : statistic ? 1 + 0.5 * u : u * scale
            }
        }
        return n
    }
}
