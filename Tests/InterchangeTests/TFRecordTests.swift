import Foundation
import XCTest
@testable import Interchange

final class TFRecordTests: XCTestCase {
    /// RFC 3720 (iSCSI) B.4's CRC-32C examples and the usual check value.
    func testCRC32CMatchesThePublishedVectors() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }), 0x113F_DB5C)
        XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
    }

    func testTheMaskRotatesAndOffsetsAsTensorFlowDoes() {
        XCTAssertEqual(CRC32C.masked(0), 0xA282_EAD8)
        XCTAssertEqual(CRC32C.masked(1), 0xA284_EAD8)   // 1 rotated right by 15 is 1 << 17
        XCTAssertEqual(CRC32C.masked(0x8000), 0xA282_EAD9)
    }

    func testARecordIsLengthCRCDataCRCAndReadsBack() throws {
        let payload = Data("brain.Event:2".utf8)
        let framed = TFRecord.frame(payload)
        XCTAssertEqual(framed.count, 8 + 4 + payload.count + 4)
        XCTAssertEqual(Array(framed.prefix(8)), [13, 0, 0, 0, 0, 0, 0, 0], "uint64 little-endian length")
        let lengthCRC = framed[8..<12].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        XCTAssertEqual(lengthCRC, CRC32C.masked(CRC32C.checksum(framed.prefix(8))))
        XCTAssertEqual(framed[12..<(12 + payload.count)], payload)

        let two = framed + TFRecord.frame(Data([1, 2, 3]))
        XCTAssertEqual(try TFRecord.records(two), [payload, Data([1, 2, 3])])
        var flipped = two
        flipped[14] ^= 1
        XCTAssertThrowsError(try TFRecord.records(flipped)) { XCTAssertTrue("\($0)".contains("data's CRC"), "\($0)") }
        XCTAssertThrowsError(try TFRecord.records(two.dropLast(2))) { XCTAssertTrue("\($0)".contains("byte \(framed.count)"), "\($0)") }
        var long = two
        long[0] = 200
        XCTAssertThrowsError(try TFRecord.records(long)) { XCTAssertTrue("\($0)".contains("length's CRC"), "\($0)") }
    }
}
