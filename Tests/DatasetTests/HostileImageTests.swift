import Foundation
import XCTest
@testable import Dataset

/// Image files and decoder arguments the image harness (fuzz/image) aims at:
/// sizes from headers are checked before anything is allocated or multiplied,
/// and no buffer is sized for other than what the decoders write.
final class HostileImageTests: XCTestCase {
    private func fixture(_ path: String) throws -> Data {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "folder", withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: folder.appendingPathComponent(path))
    }

    func testChannelCountsTheDecodersDoNotWriteAreRefusedNamingTheFile() throws {
        // libpng and the JPEG shim write 1 or 3 bytes per pixel; a buffer sized for 2 was overrun.
        for (name, format) in [("dress/gray.png", ImageDecoder.Format.png), ("dress/rgb.jpg", .jpeg)] {
            let bytes = try fixture(name)
            for channels in [0, 2, 4, -1] {
                XCTAssertThrowsError(try ImageDecoder.decode(bytes, format: format, channels: channels, file: name)) {
                    XCTAssertEqual(($0 as? DatasetError)?.file, name, "\($0)")
                    XCTAssertTrue("\($0)".contains("\(channels) channels"), "\($0)")
                }
            }
            XCTAssertEqual(try ImageDecoder.decode(bytes, format: format, channels: 3, file: name).2.count, 16 * 16 * 3)
        }
    }

    func testClaimedSizesAreMultipliedCheckedAndBounded() throws {
        XCTAssertEqual(try ImageDecoder.byteCount(width: 16, height: 8, channels: 3, file: "f.png"), 384)
        // 2^32 - 1 squared overflows Int: an error naming the file, not a trap.
        for (w, h) in [(Int(UInt32.max), Int(UInt32.max)), (Int.max, 2), (ImageDecoder.maximumPixels + 1, 1), (-1, 5)] {
            XCTAssertThrowsError(try ImageDecoder.byteCount(width: w, height: h, channels: 3, file: "f.png")) {
                XCTAssertEqual(($0 as? DatasetError)?.file, "f.png")
                XCTAssertTrue("\($0)".contains("larger than the \(ImageDecoder.maximumPixels) pixels allowed"), "\($0)")
            }
        }
    }

    func testAJPEGHeaderClaimingAHugeImageIsRefusedBeforeDecoding() throws {
        // rgb.jpg's SOF0 patched to claim 65000 x 65000 (4.2 G pixels): refused from the header, nothing allocated.
        var bytes = try fixture("dress/rgb.jpg")
        let sof = try XCTUnwrap((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        for offset in [5, 7] { bytes[sof + offset] = 0xFD; bytes[sof + offset + 1] = 0xE8 }
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, format: .jpeg, channels: 1, file: "huge.jpg")) {
            XCTAssertEqual(($0 as? DatasetError)?.file, "huge.jpg")
            XCTAssertTrue("\($0)".contains("65000x65000, larger than"), "\($0)")
        }
    }
}
