/// How much of Fashion-MNIST a run uses.
public enum Profile: String, Sendable, Codable, CaseIterable {
    /// The study's size: 1000 images per class sampled (with the run's seed) from
    /// the training file; 20 % of them held back as the test set.
    case report
    /// All 18000 training images of the three classes; the 3000 official test images.
    case full
    /// 100 per class, for smoke tests and the UI's quick start.
    case tiny

    var imagesPerClass: Int? {
        switch self {
        case .report: return 1000
        case .tiny: return 100
        case .full: return nil
        }
    }
}
