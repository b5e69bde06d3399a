/// Seeded mini-batches over an image set, as Keras' fit(shuffle=True) gives
/// them: a new permutation each epoch, the last batch smaller when the count
/// does not divide. Augmentation, if any, is applied on the fly per image.
public struct BatchIterator {
    public let images: ImageSet
    public let batchSize: Int
    public let augmentation: Augmentation?
    private let order: [Int]

    /// `shuffleWith` nil keeps file order (validation, test).
    public init<G: RandomNumberGenerator>(_ images: ImageSet, batchSize: Int, augmentation: Augmentation? = nil, shuffleWith rng: inout G?) {
        self.images = images
        self.batchSize = batchSize
        self.augmentation = augmentation?.isIdentity == true ? nil : augmentation
        if rng != nil {
            var order = Array(0..<images.count)
            order.shuffle(using: &rng!)
            self.order = order
        } else {
            order = Array(0..<images.count)
        }
    }

    public var batchCount: Int { (images.count + batchSize - 1) / batchSize }

    /// Dataset indices of batch `b`, in batch order.
    public func indices(ofBatch b: Int) -> ArraySlice<Int> {
        order[b * batchSize..<min((b + 1) * batchSize, order.count)]
    }

    /// Writes batch `b`'s images (n, H, W, C) into `pixels` and returns its labels.
    public func fill<G: RandomNumberGenerator>(batch b: Int, into pixels: UnsafeMutablePointer<Float>, using rng: inout G) -> [Int] {
        let idx = indices(ofBatch: b), size = images.imageSize
        images.pixels.withUnsafeBufferPointer { src in
            for (k, i) in idx.enumerated() {
                let from = src.baseAddress! + i * size, to = pixels + k * size
                if let aug = augmentation {
                    aug.apply(from, height: images.height, width: images.width, channels: images.channels, into: to, using: &rng)
                } else {
                    to.update(from: from, count: size)
                }
            }
        }
        return idx.map { images.labels[$0] }
    }
}
