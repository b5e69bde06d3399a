/// The real Fashion-MNIST from Debian's `dataset-fashion-mnist`, reduced to the
/// study's three look-alike classes. Class indices follow the alphabetical order
/// Keras' flow_from_directory would give: dress, pullover, shirt.
public enum FashionMNIST {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    public static let classNames = ["dress", "pullover", "shirt"]
    /// Fashion-MNIST label of each of our classes: Dress 3, Pullover 2, Shirt 6.
    public static let sourceLabels: [UInt8] = [3, 2, 6]
    /// All ten Fashion-MNIST classes, by source label.
    public static let allClassNames = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]

    public enum Part: String { case train, test
        var prefix: String { self == .train ? "train" : "t10k" }
    }

    /// The three classes of one official file pair, as 28x28x1 images in [0, 1],
    /// in file order.
    public static func load(_ part: Part, directory: String = defaultDirectory) throws -> ImageSet {
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
            guard let cls = sourceLabels.firstIndex(of: l) else { continue }
            ours.append(cls)
            pixels.append(contentsOf: images.pixels[i * size..<(i + 1) * size].map { Float($0) / 255 })
        }
        return ImageSet(height: images.rows, width: images.cols, channels: 1, classNames: classNames, pixels: pixels, labels: ours)
    }
}
