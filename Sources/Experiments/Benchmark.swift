import Foundation
import NN

/// Steady-state speed of a network on random 32x32 data already in memory:
/// warm-up steps, then the median of timed steps, as the peer benchmark does.
public enum Benchmark {
    public struct Result: Codable, Sendable {
        public let preset: String
        public let batch: Int
        public let trainImagesPerSecond: Double
        public let inferImagesPerSecond: Double
        public let trainGFLOPs: Double
        public let inferGFLOPs: Double
        public let peakRSSMiB: Double

        enum CodingKeys: String, CodingKey {
            case preset, batch
            case trainImagesPerSecond = "train_images_per_second", inferImagesPerSecond = "infer_images_per_second"
            case trainGFLOPs = "train_gflops", inferGFLOPs = "infer_gflops", peakRSSMiB = "peak_rss_mib"
        }
    }

    /// GFLOP/s of a 2048^3 sgemm, median of 5: the ceiling the convolutions chase.
    public static func sgemmPeak(size n: Int = 2048) -> Double {
        let a = Tensor(shape: Shape(n, n)), b = Tensor(shape: Shape(n, n)), c = Tensor(shape: Shape(n, n))
        a.fill(0.5)
        b.fill(0.25)
        let seconds = median((0..<6).map { _ in
            time { GEMM.sgemm(m: n, n: n, k: n, a: a.pointer, b: b.pointer, c: c.pointer) }
        }.dropFirst())
        return 2 * Double(n * n * n) / seconds / 1e9
    }

    public static func measure(_ config: ExperimentConfig, batch: Int = 32, steps: Int = 7) throws -> Result {
        let c = config.input
        let network = try config.network.build(height: c.height, width: c.width, channels: c.channels, classes: 3, dropout: Float(config.dropout))
        let rng = RandomSource(seed: 1)
        Initializers.initialize(network.model, rng: rng)
        let trainer = Trainer(network: network, optimizer: config.optimizer.make())
        let source = RandomBatches(shape: network.inputShape.withBatch(batch), classes: network.classes, rng: rng)
        let trainStep = secondsPerStep(samples: steps) { _ = trainer.trainEpoch(source, rng: rng) }
        let inferStep = secondsPerStep(samples: steps) { _ = trainer.evaluate(source) }
        let flops = FLOPCount.forwardPerImage(network)
        return Result(preset: config.preset, batch: batch,
                      trainImagesPerSecond: Double(batch) / trainStep, inferImagesPerSecond: Double(batch) / inferStep,
                      trainGFLOPs: 3 * flops * Double(batch) / trainStep / 1e9, inferGFLOPs: flops * Double(batch) / inferStep / 1e9,
                      peakRSSMiB: peakRSSMiB())
    }

    /// 2 warm-up steps, then the median of `samples` samples, each timing as many
    /// steps as fill `minimumSampleSeconds` (one step for the big networks,
    /// hundreds for basic-cnn, whose single steps are scheduling noise). The
    /// peer scripts measure the same way.
    static func secondsPerStep(samples: Int, minimumSampleSeconds: Double = 0.2, _ step: () -> Void) -> Double {
        step()
        step()
        let repeats = max(1, Int((minimumSampleSeconds / time(step)).rounded(.up)))
        return median((0..<samples).map { _ in time { for _ in 0..<repeats { step() } } / Double(repeats) })
    }

    /// The process' peak resident set (Linux reports ru_maxrss in KiB).
    public static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// One batch of uniform noise with fixed labels, filled once.
private struct RandomBatches: BatchSource {
    let shape: Shape, classes: Int
    let pixels: [Float]

    init(shape: Shape, classes: Int, rng: RandomSource) {
        self.shape = shape
        self.classes = classes
        pixels = (0..<shape.count).map { _ in rng.nextUniform() }
    }

    var batchCount: Int { 1 }
    func batchSize(_ b: Int) -> Int { shape[0] }
    func fill(batch b: Int, into images: Tensor, rng: RandomSource) -> [Int] {
        pixels.withUnsafeBufferPointer { images.pointer.update(from: $0.baseAddress!, count: pixels.count) }
        return (0..<shape[0]).map { $0 % classes }
    }
}
