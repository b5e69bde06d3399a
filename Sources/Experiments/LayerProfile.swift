import Foundation
import NN

/// Where a training step's time goes: each top-level layer's inference forward,
/// training forward and backward, and the optimizer step, as medians over
/// repeated steps on one random batch (what PyTorch's profiler shows per op).
public enum LayerProfile {
    public struct Row: Sendable {
        public let name: String, kind: String
        public let outputShape: Shape
        public let inferMilliseconds: Double, forwardMilliseconds: Double, backwardMilliseconds: Double
    }

    public static func measure(_ config: ExperimentConfig, batch: Int = 32, steps: Int = 7) throws -> (rows: [Row], optimizerMilliseconds: Double) {
        let c = config.input
        let network = try config.network.build(height: c.height, width: c.width, channels: c.channels, classes: 3, dropout: Float(config.dropout))
        let rng = RandomSource(seed: 1)
        Initializers.initialize(network.model, rng: rng)
        let layers = network.model.layers
        let optimizer = config.optimizer.make()
        let x = Tensor(shape: network.inputShape.withBatch(batch))
        for i in 0..<x.count { x.pointer[i] = rng.nextUniform() }
        let labels = (0..<batch).map { $0 % network.classes }

        var infer = [[Double]](repeating: [], count: layers.count)
        var forward = infer, backward = infer
        var optimizerTimes: [Double] = []
        var shapes = [Shape](repeating: Shape(0), count: layers.count)
        let relay = GradientRelay()
        for step in 0..<(steps + 2) {
            let timed = step >= 2
            var h = x
            for (i, layer) in layers.enumerated() {
                let t = Benchmark.time { h = layer.forward(h, mode: .inference) }
                if timed { infer[i].append(t) }
            }
            network.model.zeroGradients()
            h = x
            for (i, layer) in layers.enumerated() {
                let t = Benchmark.time { h = layer.forward(h, mode: .training(rng)) }
                if timed { forward[i].append(t) }
                shapes[i] = h.shape
            }
            let p = Tensor(shape: h.shape), g = Tensor(shape: h.shape)
            SoftmaxCrossEntropy().lossAndGradient(logits: h, labels: labels, probabilities: p, gradient: g)
            var d = g
            for (i, layer) in layers.enumerated().reversed() where i >= network.model.backwardStopsAt {
                let t = Benchmark.time {
                    if i == network.model.backwardStopsAt { layer.backwardWithoutInputGradient(d, relay: relay) } else { d = layer.backward(d, relay: relay) }
                }
                if timed { backward[i].append(t) }
            }
            let t = Benchmark.time { optimizer.step(network.model.parameters) }
            if timed { optimizerTimes.append(t) }
        }
        let rows = layers.indices.map { i in
            Row(name: layers[i].name, kind: layers[i].kind, outputShape: shapes[i],
                inferMilliseconds: 1000 * Benchmark.median(infer[i]), forwardMilliseconds: 1000 * Benchmark.median(forward[i]),
                backwardMilliseconds: backward[i].isEmpty ? 0 : 1000 * Benchmark.median(backward[i]))
        }
        return (rows, 1000 * Benchmark.median(optimizerTimes))
    }

    /// The profile as an aligned table with totals and each layer's share of a training step.
    public static func table(_ profile: (rows: [Row], optimizerMilliseconds: Double)) -> String {
        let step = profile.rows.reduce(profile.optimizerMilliseconds) { $0 + $1.forwardMilliseconds + $1.backwardMilliseconds }
        var lines = ["layer                 kind                output            infer ms  forward ms  backward ms  share of step"]
        func line(_ name: String, _ kind: String, _ shape: String, _ i: Double, _ f: Double, _ b: Double) -> String {
            String(format: "%@ %@ %@ %9.2f  %10.2f  %11.2f  %12.1f%%", pad(name, 21), pad(kind, 19), pad(shape, 16), i, f, b, 100 * (f + b) / step)
        }
        for r in profile.rows {
            let shape = (1..<r.outputShape.rank).map { String(r.outputShape[$0]) }.joined(separator: "x")
            lines.append(line(r.name, r.kind, shape, r.inferMilliseconds, r.forwardMilliseconds, r.backwardMilliseconds))
        }
        lines.append(String(format: "%@ %43.2f  %37.1f%%", pad("optimizer step", 21), profile.optimizerMilliseconds, 100 * profile.optimizerMilliseconds / step))
        let infer = profile.rows.reduce(0) { $0 + $1.inferMilliseconds }
        lines.append(String(format: "total: inference %.2f ms, training step %.2f ms (medians per layer, summed)", infer, step))
        return lines.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
}
