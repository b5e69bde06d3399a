import Foundation
import Dataset
import NN

/// `workbench lr-find`: the range test on a config's network from its initial
/// weights (seeded as run 1 of the config would be), on its training split with
/// its augmentation and optimizer, the weights put back afterwards. Writes
/// lr_find.csv and lr_find.json into a folder of its own.
public struct LearningRateFinder {
    public var config: ExperimentConfig
    public var minimum = 1e-7, maximum = 10.0
    public var steps = 100

    public init(config: ExperimentConfig) { self.config = config }

    /// What lr_find.json records.
    public struct Result: Codable, Sendable {
        public let preset: String, seed: UInt64
        public let minimumLR: Double, maximumLR: Double, steps: Int, stepsRun: Int
        public let stoppedEarly: String?
        /// The steepest descent of the smoothed loss; the lowest smoothed loss's rate, and a tenth of it.
        public let suggestedLR: Double?, minimumLossLR: Double?, minimumLossLROverTen: Double?

        enum CodingKeys: String, CodingKey {
            case preset, seed, steps, minimumLR = "min_lr", maximumLR = "max_lr", stepsRun = "steps_run", stoppedEarly = "stopped_early"
            case suggestedLR = "suggested_lr", minimumLossLR = "minimum_loss_lr", minimumLossLROverTen = "minimum_loss_lr_over_10"
        }
    }

    /// Builds the network and data, sweeps (`progress` after each step; `observe` sees each point
    /// and may end the test, see `LearningRateSweep.run`), and puts the weights back.
    public func sweep(progress: (_ step: Int, _ lr: Double, _ loss: Double) -> Void = { _, _, _ in },
                      observe: (LearningRateSweep.Point) -> Bool = { _ in true }) throws -> LearningRateSweep {
        guard minimum > 0, maximum > minimum, minimum.isFinite, maximum.isFinite else {
            throw ConfigError(file: "lr-find", key: "", "--min and --max must be positive and finite with --min below --max (got \(minimum), \(maximum))")
        }
        guard (2...100_000).contains(steps) else { throw ConfigError(file: "lr-find", key: "", "--batches must be in 2...100000 (got \(steps))") }
        try config.requireWeightsFile()
        let manifest = RunManifest(config: config, runIndex: 1, trainingSeed: config.seed, dataFingerprint: "", blasThreads: GEMM.threadCount)
        let data = try TrainingRun.prepareData(manifest)
        let network = try config.buildNetwork(classes: data.classNames.count)
        _ = try config.freezeLayers(of: network)
        Initializers.initialize(network.model, rng: RandomSource(seed: config.seed))
        if let weights = config.weights { _ = try Checkpoint.loadWeights(weights, into: network) }
        let trainer = Trainer(network: network, optimizer: config.optimizer.make())
        return Self.sweep(trainer, data.train, config: config, minimum: minimum, maximum: maximum, steps: steps, progress: progress, observe: observe)
    }

    /// The sweep on `trainer`'s network, whose parameters (weights and batch-norm
    /// statistics) are as they were when it returns.
    static func sweep(_ trainer: Trainer, _ images: ImageSet, config: ExperimentConfig, minimum: Double, maximum: Double, steps: Int,
                      progress: (Int, Double, Double) -> Void, observe: (LearningRateSweep.Point) -> Bool = { _ in true }) -> LearningRateSweep {
        let parameters = trainer.network.model.parameters
        let saved = parameters.map(\.value.values)
        defer { for (p, v) in zip(parameters, saved) { v.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: v.count) } } }
        var epoch = 0, batches: ImageBatches?, next = 0, step = 0
        var rng = RandomSource(seed: config.seed)   // replaced each epoch
        return LearningRateSweep.run(minimum: minimum, maximum: maximum, steps: steps) { lr in
            // As many epochs as the steps need, each shuffled afresh, as training would.
            if batches == nil || next == batches!.batchCount {
                epoch += 1
                rng = RandomSource(seed: config.seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
                batches = ImageBatches(images, batchSize: config.batchSize, augmentation: config.augmentation?.augmentation, shuffleWith: rng.fork())
                next = 0
            }
            trainer.optimizer.learningRate = Float(lr)
            let loss = Double(trainer.trainStep(batches!, batch: next, rng: rng).loss)
            next += 1
            step += 1
            progress(step, lr, loss)
            return loss
        } observe: { observe($0) }
    }

    /// Writes lr_find.csv and lr_find.json into a new folder under `root`; returns it and the result.
    public func record(_ sweep: LearningRateSweep, root: String) throws -> (directory: String, result: Result) {
        let folder = try RunRecord.create(root: root, preset: "\(config.preset)").directory
        let low = sweep.minimum
        let result = Result(preset: config.preset, seed: config.seed, minimumLR: minimum, maximumLR: maximum, steps: steps, stepsRun: sweep.points.count,
                            stoppedEarly: sweep.stoppedEarly, suggestedLR: sweep.steepest(plannedSteps: steps)?.learningRate, minimumLossLR: low?.learningRate,
                            minimumLossLROverTen: low.map { $0.learningRate / 10 })
        try AtomicFile.write(sweep.csv, to: folder + "/lr_find.csv")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(result), as: UTF8.self) + "\n", to: folder + "/lr_find.json")
        try AtomicFile.write(try ConfigLoader.encode(config), to: folder + "/config.yaml")
        return (folder, result)
    }
}
