import NN

/// What a training run reports, in order: the observer (CLI progress bar,
/// TUI session) decides what to show; the run itself has already recorded it.
public enum RunEvent: Sendable {
    case started(runID: String, trainImages: Int, validationImages: Int, testImages: Int, fromEpoch: Int, epochs: Int)
    case batch(epoch: Int, BatchEvent, imagesPerSecond: Double, elapsed: Double)
    case epochEnded(EpochResult)
    case changed(RunChange)
    /// The test set was evaluated (after the last epoch, or by `evaluate`).
    case tested(ConfusionMatrix, Misclassifications)
    case finished(RunSummary)
}

public struct EpochResult: Sendable {
    public let epoch: Int, epochs: Int
    public let trainLoss: Float, trainAccuracy: Float
    public let validationLoss: Float, validationAccuracy: Float
    public let validationConfusion: ConfusionMatrix
    public let validationErrors: Misclassifications
    public let seconds: Double, imagesPerSecond: Double
}
