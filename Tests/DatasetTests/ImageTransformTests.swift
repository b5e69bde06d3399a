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
    // MARK: shear, zoom and the fill modes, against Keras' semantics

    /// A 1 x 4 row abcd shifted along its columns: output column j samples input column j + shift.
    private func shifted(_ row: [Float], by shift: Double, _ mode: Augmentation.FillMode) -> [Float] {
        var out = [Float](repeating: -1, count: row.count)
        Augmentation(fillMode: mode).apply(Augmentation.Transform(columnShift: shift), row, height: 1, width: row.count, channels: 1, into: &out)
        return out
    }

    func testFillModesExtendTheImageAsKerasDrawsThem() {
        // Keras' documentation: nearest aaaa|abcd|dddd, constant kkkk|abcd|kkkk (k = cval 0), reflect dcba|abcd|dcba, wrap abcd|abcd|abcd.
        let (a, b, c, d): (Float, Float, Float, Float) = (0.1, 0.2, 0.4, 0.8)
        let row = [a, b, c, d]
        XCTAssertEqual(shifted(row, by: -2, .nearest), [a, a, a, b])
        XCTAssertEqual(shifted(row, by: -2, .constant), [0, 0, a, b])
        XCTAssertEqual(shifted(row, by: -2, .reflect), [b, a, a, b])
        XCTAssertEqual(shifted(row, by: -2, .wrap), [c, d, a, b])
        XCTAssertEqual(shifted(row, by: 3, .reflect), [d, d, c, b])
        XCTAssertEqual(shifted(row, by: 3, .wrap), [d, a, b, c])
        XCTAssertEqual(shifted(row, by: 3, .constant), [d, 0, 0, 0])
        // Half a pixel past the edge: reflect blends a with its mirror a, wrap blends d and a, constant gives the constant.
        XCTAssertEqual(shifted(row, by: -0.5, .reflect)[0], a, accuracy: 1e-6)
        XCTAssertEqual(shifted(row, by: -0.5, .wrap)[0], (a + d) / 2, accuracy: 1e-6)
        XCTAssertEqual(shifted(row, by: -0.5, .constant)[0], 0)
        XCTAssertEqual(shifted(row, by: -0.5, .constant)[1], (a + b) / 2, accuracy: 1e-6)
        // Periods: wrap repeats every width, reflect every two widths, however far the shift.
        XCTAssertEqual(shifted(row, by: 4_000_001, .wrap), shifted(row, by: 1, .wrap))
        XCTAssertEqual(shifted(row, by: -8_000_003, .reflect), shifted(row, by: -3, .reflect))
    }

    func testEveryFillModeMatchesANaiveReference() {
        let (h, w, c) = (5, 7, 2)
        var gen = SplitMix(state: 11)
        let image = (0..<h * w * c).map { _ in Float.random(in: 0...1, using: &gen) }
        for mode in Augmentation.FillMode.allCases {
            let aug = Augmentation(rotationRange: 40, widthShiftRange: 0.3, heightShiftRange: 0.3, shearRange: 30, zoomRange: 0.3, horizontalFlip: true, fillMode: mode)
            for _ in 0..<40 {
                let t = aug.draw(height: h, width: w, using: &gen)
                var out = [Float](repeating: -1, count: image.count)
                aug.apply(t, image, height: h, width: w, channels: c, into: &out)
                let expected = KerasReference.transform(image, height: h, width: w, channels: c, t, mode)
                for (i, (x, y)) in zip(out, expected).enumerated() {
                    XCTAssertEqual(x, y, accuracy: 1e-4, "\(mode) \(t) value \(i)")
                }
            }
        }
    }

    func testShearAndZoomDrawWithinKerasRanges() {
        var gen = SplitMix(state: 3)
        let aug = Augmentation(heightShiftRange: 0.25, shearRange: 15, zoomRange: 0.3)
        let draws = (0..<2000).map { _ in aug.draw(height: 8, width: 8, using: &gen) }
        let shears = draws.map { $0.shear * 180 / .pi }, zooms = draws.flatMap { [$0.rowZoom, $0.columnZoom] }
        XCTAssertLessThanOrEqual(shears.map(abs).max()!, 15)
        XCTAssertGreaterThan(shears.max()!, 14.5, "degrees, the whole range")
        XCTAssertLessThan(shears.min()!, -14.5)
        XCTAssertTrue(zooms.allSatisfy { (0.7...1.3).contains($0) })
        XCTAssertGreaterThan(zooms.max()!, 1.29)
        XCTAssertLessThan(zooms.min()!, 0.71)
        XCTAssertTrue(draws.allSatisfy { $0.rowZoom != $0.columnZoom }, "one factor per axis")
        XCTAssertTrue(draws.allSatisfy { abs($0.rowShift) <= 2 }, "a fraction of the 8 rows")
        XCTAssertTrue(draws.allSatisfy { $0.rotation == 0 && $0.columnShift == 0 && !$0.flip })
    }

    func testTheFillModeDoesNotMakeAnIdentityAugmentationChange() {
        XCTAssertTrue(Augmentation(fillMode: .wrap).isIdentity)
        XCTAssertFalse(Augmentation(zoomRange: 0.1, fillMode: .wrap).isIdentity)
        var rng = SplitMix(state: 1)
        var out = [Float](repeating: -1, count: 16)
        for mode in Augmentation.FillMode.allCases {
            Augmentation(fillMode: mode).apply(ramp, height: 4, width: 4, channels: 1, into: &out, using: &rng)
            XCTAssertEqual(out, ramp, "\(mode)")
        }
    }
}

/// Keras' apply_affine_transform written out plainly: 3x3 matrices multiplied
/// as in Keras, and the image padded by the fill mode's picture (blocks of the
/// row and its mirror, or of the row again) before a plain bilinear sample.
private enum KerasReference {
    typealias Matrix = [[Double]]

    static func multiply(_ l: Matrix, _ r: Matrix) -> Matrix {
        (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + l[i][$1] * r[$1][j] } } }
    }

    /// Index `i` (any integer) of an extended side of `n` pixels: block k = floor(i / n) holds the side, or its mirror when k is odd (reflect).
    static func extended(_ i: Int, _ n: Int, _ mode: Augmentation.FillMode) -> Int {
        let k = Int((Double(i) / Double(n)).rounded(.down)), within = i - k * n
        switch mode {
        case .nearest, .constant: return min(max(i, 0), n - 1)
        case .wrap: return within
        case .reflect: return k % 2 == 0 ? within : n - 1 - within
        }
    }

    static func transform(_ x: [Float], height h: Int, width w: Int, channels c: Int, _ t: Augmentation.Transform, _ mode: Augmentation.FillMode) -> [Float] {
        let rotation: Matrix = [[cos(t.rotation), -sin(t.rotation), 0], [sin(t.rotation), cos(t.rotation), 0], [0, 0, 1]]
        let shift: Matrix = [[1, 0, t.rowShift], [0, 1, t.columnShift], [0, 0, 1]]
        let shear: Matrix = [[1, -sin(t.shear), 0], [0, cos(t.shear), 0], [0, 0, 1]]
        let zoom: Matrix = [[t.rowZoom, 0, 0], [0, t.columnZoom, 0], [0, 0, 1]]
        let (ox, oy) = (Double(h) / 2 - 0.5, Double(w) / 2 - 0.5)
        let offset: Matrix = [[1, 0, ox], [0, 1, oy], [0, 0, 1]], reset: Matrix = [[1, 0, -ox], [0, 1, -oy], [0, 0, 1]]
        let m = multiply(multiply(offset, multiply(multiply(multiply(rotation, shift), shear), zoom)), reset)
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<h {
            for col in 0..<w {
                let ir = m[0][0] * Double(r) + m[0][1] * Double(col) + m[0][2]
                let ic = m[1][0] * Double(r) + m[1][1] * Double(col) + m[1][2]
                let outCol = t.flip ? w - 1 - col : col
                for ch in 0..<c {
                    var v: Double = 0
                    if mode != .constant || (ir >= 0 && ir <= Double(h - 1) && ic >= 0 && ic <= Double(w - 1)) {
                        let r0 = Int(ir.rounded(.down)), c0 = Int(ic.rounded(.down))
                        let dr = ir - Double(r0), dc = ic - Double(c0)
                        func p(_ rr: Int, _ cc: Int) -> Double { Double(x[(extended(rr, h, mode) * w + extended(cc, w, mode)) * c + ch]) }
                        v = (1 - dr) * ((1 - dc) * p(r0, c0) + dc * p(r0, c0 + 1)) + dr * ((1 - dc) * p(r0 + 1, c0) + dc * p(r0 + 1, c0 + 1))
                    }
                    out[(r * w + outCol) * c + ch] = Float(v)
                }
            }
        }
        return out
    }
}
