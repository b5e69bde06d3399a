import Charts
import Dataset
import NN

/// Training images beside augmented variants of them, as training would draw
/// them (the config's augmentation, seeded by its seed): `workbench data preview`
/// prints it, and a UI view can place the same grid.
struct AugmentationPreview {
    let images: ImageSet
    let augmentation: Augmentation
    var variants = 5
    /// Cells per thumbnail: a column per pixel column and a row per two pixel rows, resampled.
    var columns = 16, rows = 8

    init(images: ImageSet, augmentation: Augmentation) {
        self.images = images
        self.augmentation = augmentation
    }

    /// The first training image of each class in turn, `count` of them.
    static func sample(_ set: ImageSet, count: Int) -> [Int] {
        var picked: [Int] = [], used = Set<Int>()
        while picked.count < min(count, set.count) {
            let before = picked.count
            for c in set.classNames.indices where picked.count < count {
                if let i = set.labels.indices.first(where: { set.labels[$0] == c && !used.contains($0) }) {
                    picked.append(i)
                    used.insert(i)
                }
            }
            if picked.count == before { break }
        }
        return picked
    }

    /// One band per image: its class name, then the original and `variants` augmented copies side by side.
    func render(_ indices: [Int], seed: UInt64, mode: Thumbnail.Mode) -> Grid {
        let label = (images.classNames.map(\.count).max() ?? 0) + 2, gap = 2
        let width = label + (1 + variants) * (columns + gap)
        var grid = Grid(width: width, height: 1 + indices.count * (rows + 1))
        grid.put("original", x: label, y: 0, style: .label)
        for v in stride(from: 1, through: variants, by: 1) { grid.put("variant \(v)", x: label + v * (columns + gap), y: 0, style: .label) }
        var rng = RandomSource(seed: seed)
        let (h, w, c) = (images.height, images.width, images.channels)
        var out = [Float](repeating: 0, count: images.imageSize)
        for (k, i) in indices.enumerated() {
            let top = 1 + k * (rows + 1)
            grid.put(images.classNames[images.labels[i]], x: 0, y: top + rows / 2, style: .label)
            let source = Array(images.image(i))
            grid.place(Thumbnail(height: h, width: w, channels: c, pixels: source).render(columns: columns, rows: rows, mode: mode), x: label, y: top)
            for v in 0..<variants {
                source.withUnsafeBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        augmentation.apply(src.baseAddress!, height: h, width: w, channels: c, into: dst.baseAddress!, using: &rng)
                    }
                }
                grid.place(Thumbnail(height: h, width: w, channels: c, pixels: out).render(columns: columns, rows: rows, mode: mode),
                           x: label + (v + 1) * (columns + gap), y: top)
            }
        }
        return grid
    }

    /// The settings in words, as the preview's caption.
    var settings: String { Self.describe(augmentation) }

    static func describe(_ a: Augmentation) -> String {
        guard !a.isIdentity else { return "no augmentation" }
        var parts: [String] = []
        if a.rotationRange > 0 { parts.append("rotation ±\(fmt(a.rotationRange))°") }
        if a.widthShiftRange > 0 { parts.append("width shift ±\(fmt(a.widthShiftRange))") }
        if a.heightShiftRange > 0 { parts.append("height shift ±\(fmt(a.heightShiftRange))") }
        if a.shearRange > 0 { parts.append("shear ±\(fmt(a.shearRange))°") }
        if a.zoomRange > 0 { parts.append("zoom ±\(fmt(a.zoomRange))") }
        if a.horizontalFlip { parts.append("horizontal flips") }
        return parts.joined(separator: ", ") + ", \(a.fillMode.rawValue) fill"
    }

    private static func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
