import XCTest
@testable import Charts

/// Thumbnails in both modes and the EMA smoothing, on images and series whose
/// right answer can be worked out by hand.
final class ThumbnailTests: XCTestCase {
    func testHalfBlocksPutTheUpperPixelInFrontAndTheLowerBehind() {
        // A diagonal: pixel (i, i) white, the rest black; 4x4 pixels in 4x2 cells.
        var pixels = [Float](repeating: 0, count: 16)
        for i in 0..<4 { pixels[i * 4 + i] = 1 }
        let grid = Thumbnail(height: 4, width: 4, channels: 1, pixels: pixels).render(columns: 4, rows: 2, mode: .halfBlocks)
        XCTAssertEqual(grid.text, "▀▀▀▀\n▀▀▀▀")
        XCTAssertEqual(grid[0, 0].style, .grays(top: 23, bottom: 0))
        XCTAssertEqual(grid[1, 0].style, .grays(top: 0, bottom: 23))
        XCTAssertEqual(grid[2, 0].style, .grays(top: 0, bottom: 0))
        XCTAssertEqual(grid[2, 1].style, .grays(top: 23, bottom: 0))
        XCTAssertEqual(grid[3, 1].style, .grays(top: 0, bottom: 23))
    }

    func testAsciiRampFromDarkToBright() {
        // Two identical rows of ten rising grays: one cell each, the ten ramp characters.
        let row = (0..<10).map { Float($0) / 10 + 0.05 }
        let grid = Thumbnail(height: 2, width: 10, channels: 1, pixels: row + row).render(columns: 10, rows: 1, mode: .ascii)
        XCTAssertEqual(grid.text, " .:-=+*#%@")
    }

    func testDownsamplingAveragesWholeAndPartialPixels() {
        // Left half black, right half white, 32x32 -> 12x6 cells (a factor of 2.67).
        let pixels = (0..<32 * 32).map { Float($0 % 32 >= 16 ? 1 : 0) }
        let grid = Thumbnail(height: 32, width: 32, channels: 1, pixels: pixels).render(columns: 12, rows: 6, mode: .ascii)
        for line in grid.text.split(separator: "\n") { XCTAssertEqual(line, "      @@@@@@") }
        // A cell straddling an edge averages: white from x = 12, 4 cells of 8 pixels.
        let shifted = (0..<32 * 32).map { Float($0 % 32 >= 12 ? 1 : 0) }
        let coarse = Thumbnail(height: 32, width: 32, channels: 1, pixels: shifted).render(columns: 4, rows: 1, mode: .halfBlocks)
        XCTAssertEqual(coarse[0, 0].style, .grays(top: 0, bottom: 0))
        XCTAssertEqual(coarse[1, 0].style, .grays(top: 12, bottom: 12), "half of the second cell is white")
        XCTAssertEqual(coarse[2, 0].style, .grays(top: 23, bottom: 23))
    }

    func testColourImagesBecomeLuma() {
        let red = Thumbnail(height: 1, width: 1, channels: 3, pixels: [1, 0, 0])
        XCTAssertEqual(red.pixels, [0.299])
    }

    func testSmoothingIsTensorBoardsDebiasedEMA() {
        let s = Smoothing.ema([(1, 1), (2, 0), (3, 0)], weight: 0.5)
        // m1 = 0.5 -> 0.5 / 0.5; m2 = 0.25 -> 0.25 / 0.75; m3 = 0.125 -> 0.125 / 0.875.
        XCTAssertEqual(s.map(\.y), [1, 1.0 / 3, 1.0 / 7], accuracy: 1e-12)
        XCTAssertEqual(s.map(\.x), [1, 2, 3])
        XCTAssertEqual(Smoothing.ema([(1, 0.7), (2, 0.7), (3, 0.7)]).map(\.y), [0.7, 0.7, 0.7], accuracy: 1e-12, "a constant stays put: no pull to zero")
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, _ message: String = "", line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, message, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, message, line: line) }
}
