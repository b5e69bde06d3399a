import Foundation

/// Keras' flow_from_directory layout: one sub-folder per class (sorted by
/// name, which gives the class index), images inside. Files that are not PNG
/// or JPEG, or do not decode cleanly (corrupt, truncated, too large), are
/// skipped and reported with the reason, so one bad file does not stop a run
/// and none is trained on padded with gray.
public enum ImageFolder {
    public struct Loaded {
        public let images: ImageSet
        /// "path" for files that are not images, "path: reason" for images that failed to decode.
        public let skipped: [String]
    }

    /// One PNG or JPEG as a training image of this size: decoded to `channels`,
    /// scaled to [0, 1], padded (an even margin) or resized (bilinear) to height x width.
    public static func decodeImage(_ bytes: Data, file: String, height: Int, width: Int, channels: Int) throws -> [Float] {
        guard let format = ImageDecoder.format(of: bytes) else { throw DatasetError(file: file, "is neither a PNG nor a JPEG file") }
        let (w, h, raw) = try ImageDecoder.decode(bytes, format: format, channels: channels, file: file)
        let scaled = raw.map { Float($0) / 255 }
        var resized = [Float](repeating: 0, count: height * width * channels)
        scaled.withUnsafeBufferPointer { src in
            resized.withUnsafeMutableBufferPointer { dst in
                ImageOps.convert(src.baseAddress!, height: h, width: w, channels: channels,
                                 into: dst.baseAddress!, height: height, width: width, channels: channels)
            }
        }
        return resized
    }

    public static func load(_ root: String, height: Int, width: Int, channels: Int) throws -> Loaded {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw DatasetError(file: root, "is not a folder")
        }
        let classes = try fm.contentsOfDirectory(atPath: root).filter { name in
            var d: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: "\(root)/\(name)", isDirectory: &d) && d.boolValue
        }.sorted()
        guard classes.count >= 2 else {
            throw DatasetError(file: root, "needs at least two class sub-folders (found \(classes.count)); layout: \(root)/<class>/<image>.png")
        }
        var pixels: [Float] = [], labels: [Int] = [], skipped: [String] = []
        for (label, name) in classes.enumerated() {
            let folder = "\(root)/\(name)"
            var found = 0, failed: [String] = []
            for file in try fm.contentsOfDirectory(atPath: folder).sorted() where !file.hasPrefix(".") {
                let path = "\(folder)/\(file)"
                guard let bytes = fm.contents(atPath: path) else { skipped.append(path); continue }
                guard ImageDecoder.format(of: bytes) != nil else { skipped.append(path); continue }
                do {
                    pixels += try decodeImage(bytes, file: path, height: height, width: width, channels: channels)
                } catch {
                    failed.append("\(error)")
                    continue
                }
                labels.append(label)
                found += 1
            }
            skipped += failed
            guard found > 0 else {
                throw DatasetError(file: folder, "class folder holds no PNG or JPEG image" + (failed.isEmpty ? "" : " that decodes (\(failed.joined(separator: "; ")))"))
            }
        }
        return Loaded(images: ImageSet(height: height, width: width, channels: channels, classNames: classes, pixels: pixels, labels: labels),
                      skipped: skipped)
    }
}

extension PreparedData {
    /// A folder of class sub-folders: 20 % held back as the test set (stratified),
    /// the rest split by `scheme`.
    public static func imageFolder<G: RandomNumberGenerator>(_ root: String, scheme: SplitScheme, swapHalves: Bool,
                                                             height: Int, width: Int, channels: Int, using rng: inout G) throws -> PreparedData {
        let loaded = try ImageFolder.load(root, height: height, width: width, channels: channels)
        let all = loaded.images
        let (rest, held) = StratifiedSplit.split(labels: all.labels, classes: all.classNames.count, fraction: 0.8, using: &rng)
        return try split(all.subset(rest), test: all.subset(held), scheme: scheme, swapHalves: swapHalves, source: root,
                         skipped: loaded.skipped, height: height, width: width, channels: channels, using: &rng).checked(origin: root)
    }
}
