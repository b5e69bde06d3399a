/// `summary.json`: what a finished (or stopped) run achieved.
public struct RunSummary: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable { case training, stopped, done, failed, diverged }

    public struct PerClass: Codable, Equatable, Sendable {
        public let name: String
        public let precision: Double, recall: Double, f1: Double, support: Int
    }

    public var runID: String
    public var preset: String
    public var seed: UInt64
    public var dataFingerprint: String
    public var state: State
    public var epochsCompleted: Int
    public var epochsPlanned: Int
    public var finalValidationAccuracy: Double?
    public var bestValidationAccuracy: Double?
    public var bestValidationEpoch: Int?
    public var testAccuracy: Double?
    /// Wilson 95 % interval of the test accuracy.
    public var testAccuracyInterval: Interval?
    public var testConfusion: ConfusionMatrix?
    public var testPerClass: [PerClass]?
    public var trainImagesPerSecond: Double?
    /// Set when early stopping ended the run: after which epoch, and whose weights it kept.
    public var earlyStoppedAfterEpoch: Int? = nil
    public var restoredBestEpoch: Int? = nil
    /// Set when a non-finite loss ended the run (Keras' TerminateOnNaN): the
    /// epoch, and the training batch (nil: the validation pass after it).
    public var divergedEpoch: Int? = nil
    public var divergedBatch: Int? = nil

    /// Where the loss turned non-finite, in words.
    public var divergence: String? {
        divergedEpoch.map { e in divergedBatch.map { "non-finite training loss at epoch \(e), batch \($0)" } ?? "non-finite validation loss after epoch \(e)" }
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", preset, seed, state
        case dataFingerprint = "data_fingerprint"
        case epochsCompleted = "epochs_completed", epochsPlanned = "epochs_planned"
        case finalValidationAccuracy = "final_val_accuracy", bestValidationAccuracy = "best_val_accuracy"
        case bestValidationEpoch = "best_val_epoch", testAccuracy = "test_accuracy"
        case testAccuracyInterval = "test_accuracy_wilson95", testConfusion = "test_confusion"
        case testPerClass = "test_per_class", trainImagesPerSecond = "train_images_per_second"
        case earlyStoppedAfterEpoch = "early_stopped_after_epoch", restoredBestEpoch = "restored_best_epoch"
        case divergedEpoch = "diverged_epoch", divergedBatch = "diverged_batch"
    }

    mutating func setTest(_ m: ConfusionMatrix) {
        testAccuracy = m.accuracy
        testAccuracyInterval = Statistics.wilson(successes: m.correct, trials: m.total)
        testConfusion = m
        testPerClass = m.classNames.indices.map {
            PerClass(name: m.classNames[$0], precision: m.precision($0), recall: m.recall($0), f1: m.f1($0), support: m.counts[$0].reduce(0, +))
        }
    }
}
