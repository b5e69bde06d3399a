import Charts
import Dataset
import XCTest
@testable import Workbench

/// `workbench data preview`: the first image of each class beside augmented
/// variants drawn as training would draw them, seeded.
final class AugmentationPreviewTests: XCTestCase {
    /// Three classes of 8x8 images, each a distinct diagonal gradient so any transform shows.
    private func images() -> ImageSet {
        var pixels: [Float] = [], labels: [Int] = []
        for i in 0..<6 {
            labels.append(i % 3)
            for y in 0..<8 { for x in 0..<8 { pixels.append(Float((x + 2 * y + i) % 16) / 15) } }
        }
        return ImageSet(height: 8, width: 8, channels: 1, classNames: ["dress", "pullover", "shirt"], pixels: pixels, labels: labels)
    }

    func testTheSampleTakesEachClassInTurn() {
        XCTAssertEqual(AugmentationPreview.sample(images(), count: 4), [0, 1, 2, 3])
        XCTAssertEqual(AugmentationPreview.sample(images(), count: 10), [0, 1, 2, 3, 4, 5], "no more than there are")
    }

    func testVariantsAreTheOriginalWithoutAugmentationAndDifferWithItSeeded() {
        var plain = AugmentationPreview(images: images(), augmentation: Augmentation())
        (plain.variants, plain.columns, plain.rows) = (2, 8, 4)
        let grid = plain.render([0], seed: 1, mode: .ascii)
        let step = plain.columns + 2, label = "pullover".count + 2
        func thumbnail(_ g: Grid, _ v: Int) -> String {
            (1...plain.rows).map { y in String((0..<plain.columns).map { g[label + v * step + $0, y].character }) }.joined(separator: "\n")
        }
        XCTAssertEqual(thumbnail(grid, 1), thumbnail(grid, 0))
        XCTAssertEqual(thumbnail(grid, 2), thumbnail(grid, 0))
        XCTAssertTrue(grid.text.hasPrefix(String(repeating: " ", count: label) + "original"), grid.text)
        XCTAssertEqual(plain.settings, "no augmentation")

        var study = AugmentationPreview(images: images(), augmentation: .study)
        (study.variants, study.columns, study.rows) = (2, 8, 4)
        let augmented = study.render([0], seed: 1, mode: .ascii)
        XCTAssertEqual(thumbnail(augmented, 0), thumbnail(grid, 0), "the original is untouched")
        XCTAssertNotEqual(thumbnail(augmented, 1), thumbnail(augmented, 0))
        XCTAssertNotEqual(thumbnail(augmented, 1), thumbnail(augmented, 2), "each variant draws afresh")
        XCTAssertEqual(study.render([0], seed: 1, mode: .ascii), augmented, "the same seed, the same variants")
        XCTAssertNotEqual(study.render([0], seed: 2, mode: .ascii), augmented)
        XCTAssertEqual(study.settings, "rotation ±20°, width shift ±0.2, height shift ±0.2, horizontal flips, nearest fill")
    }

    func testHalfBlocksPrintInTheGrayRamp() {
        let text = ANSIText.render(AugmentationPreview(images: images(), augmentation: Augmentation()).render([0], seed: 1, mode: .halfBlocks))
        XCTAssertTrue(text.contains("\u{1B}[38;5;2") && text.contains("▀\u{1B}[0m"), text)
    }
}
