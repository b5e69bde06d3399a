/// The real Fashion-MNIST from Debian's `dataset-fashion-mnist`, reduced to the
/// classes of a task. Class indices follow the alphabetical order Keras'
/// flow_from_directory would give.
public enum FashionMNIST {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// All ten Fashion-MNIST classes, by source label.
    public static let allClassNames = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]

    public enum Task: String, Sendable, Codable, CaseIterable {
        /// The study's three look-alike classes: dress, pullover, shirt.
        case study
        /// The other seven, none of the study's: the offline stand-in for
        /// ImageNet pre-training.
        case pretrain

        /// Source labels of our classes, in our (alphabetical) class order.
        public var sourceLabels: [UInt8] {
            let chosen = (0..<10).filter { [2, 3, 6].contains($0) == (self == .study) }
            return chosen.sorted { allClassNames[$0] < allClassNames[$1] }.map(UInt8.init)
        }

        public var classNames: [String] { sourceLabels.map { allClassNames[Int($0)] } }
    }

    /// The study's classes, the default.
    public static var classNames: [String] { Task.study.classNames }

    public enum Part: String { case train, test
        var prefix: String { self == .train ? "train" : "t10k" }
    }

    /// The task's classes of one official file pair, as 28x28x1 images in [0, 1],
    /// in file order.
    public static func load(_ part: Part, task: Task = .study, directory: String = defaultDirectory) throws -> ImageSet {
        let imagesPath = "\(directory)/\(part.prefix)-images-idx3-ubyte.gz"
        let labelsPath = "\(directory)/\(part.prefix)-labels-idx1-ubyte.gz"
        let images = try IDXFile.readImages(imagesPath)
        let labels = try IDXFile.readLabels(labelsPath)
        guard images.count == labels.count else {
            throw DatasetError(file: labelsPath, "holds \(labels.count) labels but \(imagesPath) holds \(images.count) images")
        }
        if let bad = labels.first(where: { $0 > 9 }) { throw DatasetError(file: labelsPath, "label \(bad) is outside Fashion-MNIST's 0-9") }
        let size = images.rows * images.cols
        var pixels: [Float] = [], ours: [Int] = []
        for (i, l) in labels.enumerated() {
            guard let cls = task.sourceLabels.firstIndex(of: l) else { continue }
            ours.append(cls)
            pixels.append(contentsOf: images.pixels[i * size..<(i + 1) * size].map { Float($0) / 255 })
        }
        return ImageSet(height: images.rows, width: images.cols, channels: 1, classNames: task.classNames, pixels: pixels, labels: ours)
    }
}
