import Dataset
import Foundation
import NN

/// One run of a config: prepares the data, builds and initialises the network,
/// trains epoch by epoch (checkpoint and metrics at each epoch end), then
/// evaluates on the test set. Runs on the caller's thread; commands arrive
/// through `mailbox` and take effect between batches.
public final class TrainingRun {
    public private(set) var manifest: RunManifest
    public let record: RunRecord
    public let mailbox = Mailbox()
    public let data: PreparedData
    let trainer: Trainer
    private var position: Checkpoint.Position
    /// Early stopping and lr decay, rebuilt from the metrics on resume.
    private var policy: EpochPolicy
    /// The folder's writer lock, held from init until `run` or `reevaluate`
    /// returns (either takes it again if called once more).
    private var lock: RunLock?
    /// Ends `run` after this epoch with the run unfinished (state `stopped`,
    /// resumable), the reason logged: how a search trains a trial rung by rung.
    public var stopAfter: (epoch: Int, reason: String)?

    /// A new run `runIndex` (1-based) of `config` under `root`. The network is
    /// built and the weights file checked before the run folder is made, so a
    /// config they refuse leaves nothing behind. `name` replaces the preset in
    /// the folder's name (a search's trials are named after their trial).
    public convenience init(config: ExperimentConfig, root: String, runIndex: Int = 1, name: String? = nil) throws {
        try config.requireWeightsFile()
        let trainingSeed = config.seed &+ UInt64(runIndex - 1)
        var manifest = RunManifest(config: config, runIndex: runIndex, trainingSeed: trainingSeed, dataFingerprint: "", blasThreads: GEMM.threadCount,
                                   machine: .current)
        let data = try TrainingRun.prepareData(manifest)
        manifest.dataFingerprint = data.fingerprint
        let network = try config.buildNetwork(classes: data.classNames.count)
        // Initialising and loading weights set values only: freezing before them is freezing after, and a bad layer name is refused before the folder exists.
        let frozen = try config.freezeLayers(of: network)
        let record = try RunRecord.create(root: root, preset: name ?? (runIndex == 1 ? config.preset : "\(config.preset)-run\(runIndex)"))
        let lock = try RunLock.acquire(record.directory, for: .training)
        let trainer = Trainer(network: network, optimizer: config.optimizer.make())
        self.init(manifest: manifest, record: record, data: data, trainer: trainer,
                  position: .init(epochsCompleted: 0, learningRate: Float(config.optimizer.lr), dropout: Float(config.dropout)), lock: lock)
        Initializers.initialize(trainer.network.model, rng: RandomSource(seed: trainingSeed))
        try record.writeConfig(ConfigLoader.encodeManifest(manifest))
        try record.logEvent("created seed=\(trainingSeed) data=\(data.fingerprint) threads=\(manifest.blasThreads)")
        if !data.skippedFiles.isEmpty {
            try record.logEvent("data: skipped \(data.skippedFiles.count) file(s) that are not images or do not decode (`workbench data info` names them)")
        }
        if let weights = config.weights {
            let (loaded, kept) = try Checkpoint.loadWeights(weights, into: trainer.network)
            let adapted = loaded.filter { $0.contains("(") }
            try record.logEvent("weights: \(loaded.count) tensors from \(weights)" + (adapted.isEmpty ? "" : " (" + adapted.joined(separator: ", ") + ")")
                            + (kept.isEmpty ? "" : "; kept as initialised: " + kept.joined(separator: ", ")))
        }
        if config.freeze != nil { try record.logEvent("frozen: " + frozen.joined(separator: ", ")) }
    }

    /// Re-opens `directory` to train on from its last checkpoint (or its start, if
    /// none was written). `epochs` re-plans the run to that many (Keras'
    /// `initial_epoch`: config.yaml records the new count, events.log the change).
    /// A finished run is refused unless extended, as is a folder another process writes.
    public convenience init(resuming directory: String, epochs: Int? = nil) throws {
        try self.init(reopening: directory, lock: try RunLock.acquire(Self.runFolder(directory), for: .training))
        let planned = manifest.config.epochs, done = position.epochsCompleted
        let summary = try? RunRecord.readSummary(directory)
        if let epochs, epochs != planned {
            guard epochs >= max(done, 1) else {
                throw IOFailure(path: directory, "has completed \(done) epochs: --epochs \(epochs) would undo some; a run can be extended, not shortened below that")
            }
            if let stopped = summary?.earlyStoppedAfterEpoch {
                throw IOFailure(path: directory, "early stopping ended it after epoch \(stopped), and its rule would end it again: it cannot be extended (start a new run with more patience)")
            }
            manifest.config.epochs = epochs
            try record.writeConfig(ConfigLoader.encodeManifest(manifest))
            try record.logEvent("epochs \(planned) -> \(epochs) (re-planned on resume after epoch \(done))")
        } else if summary?.state == .done {
            throw IOFailure(path: directory, "is finished (\(done) of \(planned) epochs): nothing to resume; --epochs N with N above \(done) extends it")
        }
    }

    /// Takes the weights and optimizer state of `donor`'s checkpoint, at the same
    /// epoch as this run's (population-based training's exploit step); the run's
    /// own metrics stay, events.log records where its weights came from.
    public func adoptCheckpoint(of donor: String, reason: String) throws {
        let path = donor + "/checkpoint.safetensors"
        let donorPosition = try Checkpoint.load(path, into: trainer)
        guard donorPosition.epochsCompleted == position.epochsCompleted else {
            throw IOFailure(path: path, "holds epoch \(donorPosition.epochsCompleted), this run \(position.epochsCompleted): weights are copied between runs at the same epoch only")
        }
        position = donorPosition
        trainer.optimizer.learningRate = position.learningRate
        for d in trainer.network.dropoutLayers { d.rate = position.dropout }
        try Checkpoint.save(trainer, position: position, seed: manifest.trainingSeed, to: record.checkpointPath)
        try record.logEvent("weights and optimizer state of \((donor as NSString).lastPathComponent) at epoch \(position.epochsCompleted) (lr \(position.learningRate), dropout \(position.dropout)): \(reason)")
    }

    /// How this process computes differently from the one that created the run
    /// (another instruction set or OpenBLAS core), or nil.
    public var machineChange: String? { manifest.machine?.differences(to: .current) }

    /// Re-opens `directory` to test its checkpoint; refuses a run that has none.
    public static func forEvaluation(_ directory: String) throws -> TrainingRun {
        let lock = try RunLock.acquire(runFolder(directory), for: .evaluating)
        try requireCheckpoint(directory)
        return try TrainingRun(reopening: directory, lock: lock)
    }

    private static func requireCheckpoint(_ directory: String) throws {
        guard FileManager.default.fileExists(atPath: directory + "/checkpoint.safetensors") else {
            throw IOFailure(path: directory, "has no checkpoint: it stopped before its first epoch ended, so there are no trained weights to evaluate (`workbench train --resume \(directory)` trains it)")
        }
    }

    /// `directory` if it is a run folder (it has a config.yaml), before anything is written into it.
    private static func runFolder(_ directory: String) throws -> String {
        guard FileManager.default.fileExists(atPath: directory + "/config.yaml") else {
            throw IOFailure(path: directory, "is not a run folder (no config.yaml)")
        }
        return directory
    }

    /// `directory` at its last checkpoint, or at its start if none was written.
    private convenience init(reopening directory: String, lock: RunLock) throws {
        let manifest = try ConfigLoader.loadManifest(directory + "/config.yaml")
        let data = try TrainingRun.prepareData(manifest)
        guard data.fingerprint == manifest.dataFingerprint else {
            throw IOFailure(path: directory + "/config.yaml", "data fingerprint \(manifest.dataFingerprint) no longer matches the data (\(data.fingerprint)): the data files changed")
        }
        let checkpoint = directory + "/checkpoint.safetensors"
        AtomicFile.removeStaleTemporaries(in: directory)
        let probe = try manifest.config.buildNetwork(classes: data.classNames.count)
        let optimizer = manifest.config.optimizer.make()
        var position = Checkpoint.Position(epochsCompleted: 0, learningRate: Float(manifest.config.optimizer.lr), dropout: Float(manifest.config.dropout))
        let trainer = Trainer(network: probe, optimizer: optimizer)
        if try Checkpoint.isPresent(checkpoint) {
            position = try Checkpoint.load(checkpoint, into: trainer)
            try Checkpoint.validate(position, path: checkpoint, epochs: manifest.config.epochs)
        } else {
            Initializers.initialize(probe.model, rng: RandomSource(seed: manifest.trainingSeed))
            if let weights = manifest.config.weights {
                try manifest.config.requireWeightsFile()
                _ = try Checkpoint.loadWeights(weights, into: probe)
            }
        }
        _ = try manifest.config.freezeLayers(of: probe)
        let record = try RunRecord.reopen(directory, keepingEpochs: position.epochsCompleted)
        self.init(manifest: manifest, record: record, data: data, trainer: trainer, position: position, lock: lock)
    }

    private init(manifest: RunManifest, record: RunRecord, data: PreparedData, trainer: Trainer, position: Checkpoint.Position, lock: RunLock) {
        self.lock = lock
        self.manifest = manifest
        self.record = record
        self.data = data
        self.trainer = trainer
        self.position = position
        policy = EpochPolicy(stopping: manifest.config.earlyStopping, decay: manifest.config.lrDecay)
        for row in record.metrics where row.phase == "val" {
            _ = policy.epochEnded(row.epoch, validationLoss: row.loss, validationAccuracy: row.accuracy, learningRate: Float(row.lr))
        }
        trainer.optimizer.learningRate = position.learningRate
        for d in trainer.network.dropoutLayers { d.rate = position.dropout }
    }

    /// The data a run of `m` trains and tests on, prepared as its first epoch saw it.
    public static func prepareData(_ m: RunManifest) throws -> PreparedData {
        let c = m.config
        let rng = RandomSource(seed: c.seed)
        var r = rng
        if let folder = c.data.folder {
            return try PreparedData.imageFolder(folder, scheme: c.split, swapHalves: m.swapsHalves,
                                                height: c.input.height, width: c.input.width, channels: c.input.channels, using: &r)
        }
        return try PreparedData.fashionMNIST(directory: c.data.fashionMNISTDirectory ?? FashionMNIST.defaultDirectory, task: c.data.task,
                                             profile: c.data.profile, scheme: c.split, swapHalves: m.swapsHalves,
                                             height: c.input.height, width: c.input.width, channels: c.input.channels, using: &r)
    }

    /// Trains the remaining epochs and, when all are done, tests. Returns the summary
    /// (state `stopped` if a stop command ended it early).
    @discardableResult
    public func run(observer: (RunEvent) -> Void = { _ in }) throws -> RunSummary {
        let held = try lock ?? RunLock.acquire(record.directory, for: .training)
        lock = nil
        return try withExtendedLifetime(held) { try train(observer: observer) }
    }

    private func train(observer: (RunEvent) -> Void) throws -> RunSummary {
        let c = manifest.config
        var summary = baseSummary()
        observer(.started(runID: record.id, trainImages: data.train.count, validationImages: data.validation.count,
                          testImages: data.test.count, fromEpoch: position.epochsCompleted, epochs: c.epochs))
        if position.epochsCompleted > 0 {
            try record.logEvent("resumed at epoch \(position.epochsCompleted) (lr \(position.learningRate), dropout \(position.dropout), as its checkpoint holds)")
            if let change = machineChange {
                try record.logEvent("resumed on other code: \(change); from here on the metrics are not bit-identical to an uninterrupted run")
            }
        }
        var stopRequested = false
        while position.epochsCompleted < c.epochs {
            let epoch = position.epochsCompleted + 1
            // Each epoch's randomness derives from (seed, epoch) alone, so a resumed
            // run draws exactly what an uninterrupted one would have.
            let rng = RandomSource(seed: manifest.trainingSeed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            let batches = ImageBatches(data.train, batchSize: c.batchSize, augmentation: c.augmentation?.augmentation, shuffleWith: rng.fork())
            // Time spent paused is not training: it is left out of the epoch's seconds and images/s.
            let start = Date()
            var failure: Error?, divergedAtBatch: Int?
            var pausedSeconds = 0.0, batchesDone = 0
            let result = trainer.trainEpoch(batches, rng: rng, shouldContinue: {
                guard failure == nil, divergedAtBatch == nil else { return false }
                var commands = mailbox.take(), paused = false
                while true {
                    for command in commands {
                        switch command {
                        case .pause: paused = true
                        case .resume: paused = false
                        case .stop: stopRequested = true
                        case .setLearningRate, .setDropout: break
                        }
                        do { try apply(command, at: (epoch, batchesDone + 1, batches.batchCount), observer: observer) } catch {
                            failure = error
                            return false
                        }
                    }
                    guard paused, !stopRequested else { return !stopRequested }
                    let since = Date()
                    commands = mailbox.waitForCommands()
                    pausedSeconds += Date().timeIntervalSince(since)
                }
            }, onBatch: { event in
                // Keras' TerminateOnNaN: the running mean turns non-finite with the first non-finite batch loss.
                if !event.loss.isFinite { divergedAtBatch = event.batch }
                batchesDone = event.batch
                let elapsed = Date().timeIntervalSince(start) - pausedSeconds
                observer(.batch(epoch: epoch, event, imagesPerSecond: Double(event.images) / max(elapsed, 1e-9), elapsed: elapsed))
            })
            if let failure { throw failure }
            if let batch = divergedAtBatch { return try diverged(summary, epoch: epoch, batch: batch, observer: observer) }
            guard let train = result else {
                try record.logEvent("stopped during epoch \(epoch); checkpoint holds epoch \(position.epochsCompleted), resume redoes epoch \(epoch)")
                summary.state = .stopped
                try record.writeSummary(summary)
                observer(.finished(summary))
                return summary
            }
            let seconds = Date().timeIntervalSince(start) - pausedSeconds
            let validation = trainer.evaluate(ImageBatches(data.validation, batchSize: c.batchSize, shuffleWith: nil))
            // Weights the last step made non-finite show in the validation loss; they are not saved either.
            if !validation.loss.isFinite { return try diverged(summary, epoch: epoch, batch: nil, observer: observer) }
            let confusion = ConfusionMatrix(classNames: data.classNames, labels: validation.labels, predictions: validation.probabilities.argmaxes)
            let lr = trainer.optimizer.learningRate, dropout = currentDropout
            record.appendMetrics(epoch: epoch, phase: "train", loss: train.loss, accuracy: train.accuracy, lr: lr, dropout: dropout)
            record.appendMetrics(epoch: epoch, phase: "val", loss: validation.loss, accuracy: validation.accuracy, lr: lr, dropout: dropout)
            record.appendTiming(epoch: epoch, seconds: seconds, imagesPerSecond: Double(data.train.count) / seconds)
            // Metrics first, then the checkpoint: a kill in between leaves rows the
            // checkpoint lacks, which resume drops and redoes.
            try record.flushMetrics()
            let decision = policy.epochEnded(epoch, validationLoss: Double(validation.loss), validationAccuracy: Double(validation.accuracy), learningRate: lr)
            if let next = decision.learningRate {
                trainer.optimizer.learningRate = next
                let change = RunChange(epoch: epoch, text: "lr \(lr) -> \(next) (\(decision.reasons.joined(separator: "; ")))")
                try record.logEvent(change.logText)
                observer(.changed(change))
            }
            position = .init(epochsCompleted: epoch, learningRate: trainer.optimizer.learningRate, dropout: dropout)
            try Checkpoint.save(trainer, position: position, seed: manifest.trainingSeed, to: record.checkpointPath)
            if decision.improved, c.earlyStopping?.restoreBestWeights == true {
                try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: record.checkpointPath)), to: record.bestCheckpointPath)
            }
            summary = baseSummary()
            if decision.stop {
                summary.earlyStoppedAfterEpoch = epoch
                try record.logEvent("epoch \(epoch) \(decision.reasons.joined(separator: "; "))")
                if c.earlyStopping?.restoreBestWeights == true, let best = policy.bestEpoch {
                    // Keras' restore_best_weights: the model keeps the best epoch's weights,
                    // and so does the checkpoint that `evaluate` reads.
                    _ = try Checkpoint.load(record.bestCheckpointPath, into: trainer)
                    try Checkpoint.save(trainer, position: position, seed: manifest.trainingSeed, to: record.checkpointPath)
                    summary.restoredBestEpoch = best
                    try record.logEvent("restored the weights of epoch \(best)")
                }
            }
            try record.writeSummary(summary)
            observer(.epochEnded(EpochResult(epoch: epoch, epochs: c.epochs, trainLoss: train.loss, trainAccuracy: train.accuracy,
                                             validationLoss: validation.loss, validationAccuracy: validation.accuracy,
                                             validationConfusion: confusion,
                                             validationErrors: Misclassifications(split: "validation", epoch: epoch, images: data.validation, probabilities: validation.probabilities),
                                             seconds: seconds, imagesPerSecond: Double(data.train.count) / seconds)))
            if decision.stop { break }
            if let stopAfter, stopAfter.epoch == epoch, epoch < c.epochs {
                try record.logEvent("stopped after epoch \(epoch): \(stopAfter.reason)")
                summary.state = .stopped
                try record.writeSummary(summary)
                observer(.finished(summary))
                return summary
            }
        }
        let (test, errors) = try evaluateTest(writingTo: record.predictionsPath)
        observer(.tested(test, errors))
        summary.setTest(test)
        summary.state = .done
        try record.writeSummary(summary)
        try record.logEvent("done test_accuracy=\(String(format: "%.4f", test.accuracy))")
        observer(.finished(summary))
        return summary
    }

    /// Ends the run at a non-finite loss: the checkpoint keeps the last good epoch.
    private func diverged(_ summary: RunSummary, epoch: Int, batch: Int?, observer: (RunEvent) -> Void) throws -> RunSummary {
        var s = summary
        s.state = .diverged
        (s.divergedEpoch, s.divergedBatch) = (epoch, batch)
        try record.logEvent("diverged: \(s.divergence ?? ""); checkpoint holds epoch \(position.epochsCompleted), the diverged weights are not saved")
        try record.writeSummary(s)
        observer(.finished(s))
        return s
    }

    /// The checkpoint's test predictions, written beside the run's own predictions.csv
    /// (never over it) as predictions-evaluate-<time>.csv, and noted in events.log.
    /// Returns the test confusion matrix and the file written.
    public func reevaluate(date: Date = Date()) throws -> (ConfusionMatrix, path: String) {
        let held = try lock ?? RunLock.acquire(record.directory, for: .evaluating)
        lock = nil
        return try withExtendedLifetime(held) {
            try Self.requireCheckpoint(record.directory)
            let path = record.evaluationPredictionsPath(date)
            let (test, _) = try evaluateTest(writingTo: path)
            try record.logEvent("evaluated the checkpoint of epoch \(position.epochsCompleted): test_accuracy=\(String(format: "%.4f", test.accuracy)), predictions in \((path as NSString).lastPathComponent)")
            return (test, path)
        }
    }

    /// Test-set predictions from the current weights, written to `path`.
    private func evaluateTest(writingTo path: String) throws -> (ConfusionMatrix, Misclassifications) {
        let test = trainer.evaluate(ImageBatches(data.test, batchSize: manifest.config.batchSize, shuffleWith: nil))
        try record.writePredictions(labels: test.labels, probabilities: test.probabilities, classNames: data.classNames, to: path)
        return (ConfusionMatrix(classNames: data.classNames, labels: test.labels, predictions: test.probabilities.argmaxes),
                Misclassifications(split: "test", epoch: position.epochsCompleted, images: data.test, probabilities: test.probabilities))
    }

    private var currentDropout: Float { trainer.network.dropoutLayers.first?.rate ?? Float(manifest.config.dropout) }

    /// Applies `command` before batch `at.batch` of `at.batches` of `at.epoch`, and records it there.
    private func apply(_ command: SessionCommand, at: (epoch: Int, batch: Int, batches: Int), observer: (RunEvent) -> Void) throws {
        let text: String
        switch command {
        case .pause: text = "paused"
        case .resume: text = "resumed"
        case .stop: text = "stop requested"
        case .setLearningRate(let lr):
            text = "lr \(trainer.optimizer.learningRate) -> \(lr)"
            trainer.optimizer.learningRate = lr
        case .setDropout(let rate) where trainer.network.dropoutLayers.isEmpty:
            // Recorded as a change it would claim a rate no batch ran at.
            text = "dropout \(rate) ignored: the network has no dropout layer"
        case .setDropout(let rate):
            text = "dropout \(currentDropout) -> \(rate)"
            for d in trainer.network.dropoutLayers { d.rate = rate }
        }
        let change = RunChange(epoch: at.epoch, batch: at.batch, batches: at.batches, text: text)
        try record.logEvent(change.logText)
        observer(.changed(change))
    }

    /// The summary as the metrics so far make it.
    private func baseSummary() -> RunSummary {
        let val = record.metrics.filter { $0.phase == "val" }.map { ($0.epoch, $0.accuracy) }
        let best = val.max { $0.1 < $1.1 }
        return RunSummary(runID: record.id, preset: manifest.config.preset, seed: manifest.trainingSeed,
                          dataFingerprint: manifest.dataFingerprint, state: .training, epochsCompleted: position.epochsCompleted,
                          epochsPlanned: manifest.config.epochs, finalValidationAccuracy: val.last?.1,
                          bestValidationAccuracy: best?.1, bestValidationEpoch: best?.0, trainImagesPerSecond: record.meanImagesPerSecond)
    }
}
