import Dataset

/// The images of one split a model got wrong, with what it believed:
/// most confidently wrong first (the probability given to the wrong class),
/// ties by image index, so the order is stable between epochs.
public struct Misclassifications: Sendable {
    public struct Item: Sendable, Equatable {
        /// Position in `images`.
        public let index: Int
        public let label: Int, predicted: Int
        public let probabilities: [Float]

        public var confidence: Float { probabilities[predicted] }

        /// The `k` most probable classes, most probable first.
        public func top(_ k: Int) -> [(index: Int, probability: Float)] {
            Array(probabilities.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
                .prefix(k).map { ($0.offset, $0.element) })
        }
    }

    /// "validation" or "test".
    public let split: String
    /// The epoch whose weights made the predictions.
    public let epoch: Int
    public let images: ImageSet
    public let items: [Item]

    public var classNames: [String] { images.classNames }

    /// `probabilities[i]` is the model's output for `images` image i.
    public init(split: String, epoch: Int, images: ImageSet, probabilities: [[Float]]) {
        precondition(probabilities.count == images.count)
        self.split = split
        self.epoch = epoch
        self.images = images
        let predictions = probabilities.argmaxes
        items = probabilities.indices.compactMap { i in
            predictions[i] == images.labels[i] ? nil : Item(index: i, label: images.labels[i], predicted: predictions[i], probabilities: probabilities[i])
        }.sorted { $0.confidence > $1.confidence || ($0.confidence == $1.confidence && $0.index < $1.index) }
    }

    /// The items with true class `label` and predicted class `predicted` (nil: any).
    public func filtered(label: Int?, predicted: Int?) -> [Item] {
        items.filter { (label == nil || $0.label == label) && (predicted == nil || $0.predicted == predicted) }
    }
}

extension Misclassifications {
    /// A finished run's test errors, from its predictions.csv and its test
    /// images (prepared again from the recorded config, checked against the
    /// recorded data fingerprint and labels).
    public static func recorded(_ run: RunListing) throws -> Misclassifications {
        let predictions = try Predictions.read(run.directory)
        let data = try TrainingRun.prepareData(run.manifest)
        let path = run.directory + "/predictions.csv"
        guard data.fingerprint == run.manifest.dataFingerprint else {
            throw IOFailure(path: run.directory + "/config.yaml", "the data changed since the run (fingerprint \(data.fingerprint), recorded \(run.manifest.dataFingerprint))")
        }
        guard predictions.labels == data.test.labels else {
            throw IOFailure(path: path, "its \(predictions.labels.count) true labels do not match the run's \(data.test.count) test images")
        }
        return Misclassifications(split: "test", epoch: run.epochsCompleted, images: data.test, probabilities: predictions.probabilities)
    }
}
