import XCTest
@testable import Dataset

final class ImageTransformTests: XCTestCase {
    private let ramp: [Float] = (0..<16).map { Float($0) / 15 }   // 4x4, value grows along rows and columns

    func testPaddingKeepsPixelsExact() {
        let set = ImageSet(height: 4, width: 4, channels: 1, classNames: ["a"], pixels: ramp, labels: [0])
        let padded = set.converted(height: 8, width: 8, channels: 1)
        XCTAssertEqual(padded.pixels[2 * 8 + 2], ramp[0])
        XCTAssertEqual(padded.pixels[5 * 8 + 5], ramp[15])
        XCTAssertEqual(padded.pixels[0], 0)
        XCTAssertEqual(padded.pixels.reduce(0, +), ramp.reduce(0, +), accuracy: 1e-5)
    }

    func testGrayToRGBReplicatesAndBack() {
        let set = ImageSet(height: 4, width: 4, channels: 1, classNames: ["a"], pixels: ramp, labels: [0])
        let rgb = set.converted(height: 4, width: 4, channels: 3)
        XCTAssertEqual(Array(rgb.pixels[15..<18]), [ramp[5], ramp[5], ramp[5]])
        let back = rgb.converted(height: 4, width: 4, channels: 1)
        for (a, b) in zip(back.pixels, ramp) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testZeroAugmentationIsIdentityAndFlipMirrors() {
        var rng = SplitMix(state: 1)
        var out = [Float](repeating: -1, count: 16)
        Augmentation().apply(ramp, height: 4, width: 4, channels: 1, into: &out, using: &rng)
        XCTAssertEqual(out, ramp)
        // With flips only, every result is the image or its mirror, and both occur.
        var seen = Set<[Float]>()
        for _ in 0..<20 {
            Augmentation(horizontalFlip: true).apply(ramp, height: 4, width: 4, channels: 1, into: &out, using: &rng)
            seen.insert(out)
        }
        let mirror: [Float] = (0..<16).map { (i: Int) -> Float in ramp[(i / 4) * 4 + 3 - i % 4] }
        XCTAssertEqual(seen, [ramp, mirror])
    }

    func testShiftMovesContentAndFillsNearest() {
        // A pure width shift of +1 pixel (range >= 1 means pixels in Keras): output col j samples input col j + ty.
        var rng = SplitMix(state: 2)
        var out = [Float](repeating: 0, count: 16)
        let aug = Augmentation(widthShiftRange: 1)
        aug.apply(ramp, height: 4, width: 4, channels: 1, into: &out, using: &rng)
        // ty is uniform in [-1, 1]: each output row stays monotone and within the input row's range.
        for r in 0..<4 {
            let row = Array(out[r * 4..<r * 4 + 4])
            XCTAssertEqual(row, row.sorted())
            XCTAssertGreaterThanOrEqual(row.min()!, ramp[r * 4] - 1e-6)
            XCTAssertLessThanOrEqual(row.max()!, ramp[r * 4 + 3] + 1e-6)
        }
    }

    func testBatchesCoverEveryImageOnceWithAPartialLastBatch() {
        let set = ImageSet(height: 1, width: 1, channels: 1, classNames: ["a"], pixels: (0..<10).map(Float.init), labels: [Int](repeating: 0, count: 10))
        var rng: SplitMix? = SplitMix(state: 5)
        let it = BatchIterator(set, batchSize: 4, shuffleWith: &rng)
        XCTAssertEqual(it.batchCount, 3)
        var seen: [Float] = []
        var gen = SplitMix(state: 0)
        var buffer = [Float](repeating: 0, count: 4)
        for b in 0..<3 {
            let labels = it.fill(batch: b, into: &buffer, using: &gen)
            seen += buffer.prefix(labels.count)
        }
        XCTAssertEqual(seen.sorted(), (0..<10).map(Float.init))
        XCTAssertNotEqual(seen, (0..<10).map(Float.init), "shuffled")
    }
}
