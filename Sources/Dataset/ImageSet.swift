/// Images scaled to [0, 1] in (N, H, W, C) order with their class labels.
public struct ImageSet: Sendable {
    public let height: Int, width: Int, channels: Int
    public let classNames: [String]
    public private(set) var pixels: [Float]
    public private(set) var labels: [Int]

    public init(height: Int, width: Int, channels: Int, classNames: [String], pixels: [Float], labels: [Int]) {
        precondition(pixels.count == labels.count * height * width * channels)
        self.height = height
        self.width = width
        self.channels = channels
        self.classNames = classNames
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }
    public var imageSize: Int { height * width * channels }

    public func image(_ i: Int) -> ArraySlice<Float> { pixels[i * imageSize..<(i + 1) * imageSize] }

    public func subset(_ indices: [Int]) -> ImageSet {
        var p: [Float] = []
        p.reserveCapacity(indices.count * imageSize)
        for i in indices { p.append(contentsOf: image(i)) }
        return ImageSet(height: height, width: width, channels: channels, classNames: classNames, pixels: p, labels: indices.map { labels[$0] })
    }

    public func countsPerClass() -> [Int] {
        var c = [Int](repeating: 0, count: classNames.count)
        for l in labels { c[l] += 1 }
        return c
    }

    /// FNV-1a (64 bit) over labels and pixel bit patterns: names the exact data a run saw.
    public func fingerprint(into hash: inout UInt64) {
        func mix(_ v: UInt64) {
            var x = v
            for _ in 0..<8 {
                hash = (hash ^ (x & 0xff)) &* 0x100_0000_01b3
                x >>= 8
            }
        }
        for l in labels { mix(UInt64(l)) }
        for p in pixels { mix(UInt64(p.bitPattern)) }
    }

    /// Resamples every image to (height, width, channels): zero-pads when only
    /// the border grows (28 -> 32 keeps Fashion-MNIST's pixels exact), otherwise
    /// resizes bilinearly; gray <-> RGB by replication / luma.
    public func converted(height h: Int, width w: Int, channels c: Int) -> ImageSet {
        if (h, w, c) == (height, width, channels) { return self }
        var out = [Float](repeating: 0, count: count * h * w * c)
        out.withUnsafeMutableBufferPointer { dst in
            pixels.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    ImageOps.convert(src.baseAddress! + i * imageSize, height: height, width: width, channels: channels,
                                     into: dst.baseAddress! + i * h * w * c, height: h, width: w, channels: c)
                }
            }
        }
        return ImageSet(height: h, width: w, channels: c, classNames: classNames, pixels: out, labels: labels)
    }
}
