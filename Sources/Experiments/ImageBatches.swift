import Dataset
import NN

/// Dataset's batch iterator seen as the trainer's batch source.
struct ImageBatches: BatchSource {
    let iterator: BatchIterator

    init(_ images: ImageSet, batchSize: Int, augmentation: Augmentation? = nil, shuffleWith rng: RandomSource?) {
        var r = rng
        iterator = BatchIterator(images, batchSize: batchSize, augmentation: augmentation, shuffleWith: &r)
    }

    var batchCount: Int { iterator.batchCount }
    func batchSize(_ b: Int) -> Int { iterator.indices(ofBatch: b).count }

    func fill(batch b: Int, into images: Tensor, rng: RandomSource) -> [Int] {
        var r = rng
        return iterator.fill(batch: b, into: images.pointer, using: &r)
    }
}
