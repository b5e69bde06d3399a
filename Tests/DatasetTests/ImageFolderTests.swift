import Foundation
import XCTest
@testable import Dataset

/// Class folders of PNG/JPEG files (Fixtures/, made by scripts/reference/make_image_fixtures.py).
final class ImageFolderTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!.path
    }

    func testLoadsPNGAndJPEGConvertsAndSkipsNonImages() throws {
        let loaded = try ImageFolder.load(fixture("folder"), height: 16, width: 16, channels: 1)
        XCTAssertEqual(loaded.images.classNames, ["dress", "shirt"])
        XCTAssertEqual(loaded.images.countsPerClass(), [3, 3])
        XCTAssertEqual(loaded.skipped.map { ($0 as NSString).lastPathComponent }, ["notes.txt"])
        // gray.png (sorted first) is a 0..255 ramp along each row: exact after decoding.
        let first = Array(loaded.images.image(0))
        XCTAssertEqual(first[0], 0)
        XCTAssertEqual(first[15], 1)
        XCTAssertEqual(first[16 + 7], Float(UInt8((255.0 * 7 / 15).rounded())) / 255, accuracy: 1e-6)
        // rgb.jpg converted to gray: the same ramp within JPEG's loss.
        let jpeg = Array(loaded.images.image(1))
        for (a, b) in zip(jpeg, first) { XCTAssertEqual(a, b, accuracy: 0.04) }
        // small-rgb.png (12x8) is resized to 16x16 and stays a left-to-right ramp.
        let resized = Array(loaded.images.image(2).prefix(16))
        XCTAssertEqual(resized, resized.sorted())
    }

    func testCorruptImagesAreSkippedAndNamedWithTheReason() {
        // Each fixture's class b holds only its corrupt file: skipped, so b has no image left.
        for (folder, file) in [("corrupt", "cut.png"), ("corrupt-jpeg", "cut.jpg")] {
            XCTAssertThrowsError(try ImageFolder.load(fixture(folder), height: 8, width: 8, channels: 1)) {
                XCTAssertTrue("\($0)".contains("/b: class folder holds no PNG or JPEG image that decodes") && "\($0)".contains(file + ": corrupt"), "\($0)")
            }
        }
    }

    func testAJPEGThatLibjpegOnlyWarnsAboutIsSkippedNotPadded() throws {
        // cut-in-scan.jpg ends inside its scan data: libjpeg warns "Premature end of JPEG file" and would pad it with gray.
        let loaded = try ImageFolder.load(fixture("truncated-jpeg"), height: 8, width: 8, channels: 1)
        XCTAssertEqual(loaded.images.countsPerClass(), [1, 1])
        XCTAssertEqual(loaded.skipped.count, 1)
        XCTAssertTrue(loaded.skipped[0].contains("b/cut-in-scan.jpg: corrupt JPEG (Premature end of JPEG file)"), loaded.skipped[0])
    }

    func testEmptyClassFolderAndMissingFolder() throws {
        let root = NSTemporaryDirectory() + "/folder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture("folder") + "/dress/gray.png", toPath: root + "/a/x.png")
        defer { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertThrowsError(try ImageFolder.load(root, height: 8, width: 8, channels: 1)) {
            XCTAssertTrue("\($0)".contains(root + "/b") && "\($0)".contains("no PNG or JPEG"), "\($0)")
        }
        XCTAssertThrowsError(try ImageFolder.load(root + "/nope", height: 8, width: 8, channels: 1)) {
            XCTAssertTrue("\($0)".contains("is not a folder"), "\($0)")
        }
    }

    func testAnImageTooLargeToBeReasonableIsRefused() throws {
        // A valid PNG header claiming 100000 x 100000 pixels: refused before decoding.
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = Data("IHDR".utf8)
        for v in [UInt32(100_000), UInt32(100_000)] { withUnsafeBytes(of: v.bigEndian) { ihdr.append(contentsOf: $0) } }
        ihdr.append(contentsOf: [8, 0, 0, 0, 0])
        func chunk(_ body: Data) {
            withUnsafeBytes(of: UInt32(body.count - 4).bigEndian) { png.append(contentsOf: $0) }
            png.append(body)
            withUnsafeBytes(of: crc32(body).bigEndian) { png.append(contentsOf: $0) }
        }
        chunk(ihdr)
        chunk(Data("IDAT".utf8) + Data([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]))   // libpng reads up to the first IDAT
        XCTAssertThrowsError(try ImageDecoder.decode(png, format: .png, channels: 1, file: "huge.png")) {
            XCTAssertTrue("\($0)".contains("huge.png") && "\($0)".contains("larger than"), "\($0)")
        }
    }

    private func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}
