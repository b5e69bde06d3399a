import Foundation
import XCTest
@testable import NN

/// Safetensors headers written by an attacker: every one is a FormatError naming
/// the file, never an overflow trap, a huge allocation or a silently chosen reading.
final class HostileSafetensorsTests: XCTestCase {
    /// A file of `json` as its header and `data` as its data bytes.
    private func file(_ json: String, data: [UInt8] = []) -> Data {
        var out = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        return out + Data(json.utf8) + Data(data)
    }

    private func entry(_ shape: String, _ offsets: String = "[0, 4]") -> String {
        #"{"w": {"dtype": "F32", "shape": \#(shape), "data_offsets": \#(offsets)}}"#
    }

    private func refuse(_ data: Data, mentions: String, line: UInt = #line) {
        XCTAssertThrowsError(try Safetensors.decode(data, file: "evil.safetensors"), line: line) { error in
            XCTAssertTrue(error is Safetensors.FormatError, "\(error)", line: line)
            XCTAssertTrue("\(error)".hasPrefix("evil.safetensors: ") && "\(error)".contains(mentions), "\(error)", line: line)
        }
    }

    func testElementCountsThatOverflowAreRefused() {
        // [2^61] elements of 4 bytes is 2^63 bytes; [2^32, 2^32] is 2^64 elements. Both trapped before.
        refuse(file(entry("[2305843009213693952]"), data: [0, 0, 0, 0]), mentions: "element count overflows")
        refuse(file(entry("[4294967296, 4294967296]"), data: [0, 0, 0, 0]), mentions: "element count overflows")
        // Zero elements, but Shape.count multiplies in order: 2^62 * 2^62 traps before the 0.
        refuse(file(entry("[4611686018427387904, 4611686018427387904, 0]", "[0, 0]")), mentions: "element count overflows")
        refuse(file(entry("[0, 4611686018427387904, 4611686018427387904]", "[0, 0]")), mentions: "element count overflows")
        refuse(file(entry("[9223372036854775807, 9223372036854775807]"), data: [0, 0, 0, 0]), mentions: "element count overflows")
    }

    func testLargeButCountableShapesMustMatchTheirBytes() throws {
        // 2^40 elements: countable, but not what 4 bytes hold; nothing is allocated for it.
        refuse(file(entry("[1099511627776]"), data: [0, 0, 0, 0]), mentions: "needs 4398046511104 bytes but its offsets span 4")
        let empty = try Safetensors.decode(file(entry("[0, 1099511627776]", "[0, 0]")), file: "ok")
        XCTAssertEqual(empty.tensors["w"]?.shape, Shape(0, 1_099_511_627_776))
        XCTAssertEqual(empty.tensors["w"]?.count, 0)
    }

    func testDimensionsAndOffsetsMustBeIntegersAsWritten() {
        for shape in ["[1.5]", "[1.0]", "[1e0]", "[true]", "[\"1\"]", "[null]", "[1e30]", "[18446744073709551616]", "[9223372036854775808]", "[-1]", "1", "{}"] {
            refuse(file(entry(shape), data: [0, 0, 0, 0]), mentions: "a shape is a list of non-negative integers")
        }
        for offsets in ["[0, 4.0]", "[false, 4]", "[0]", "[0, 4, 8]", "[0, 1e20]", "\"0-4\""] {
            refuse(file(entry("[1]", offsets), data: [0, 0, 0, 0]), mentions: "they are two integers")
        }
        refuse(file(entry("[1]", "[-4, 0]"), data: [0, 0, 0, 0]), mentions: "lie outside")
        refuse(file(entry("[1]", "[0, 9223372036854775807]"), data: [0, 0, 0, 0]), mentions: "lie outside")
    }

    func testRepeatedKeysAreRefusedAtAnyLevel() throws {
        // Readers disagree on which of two equal keys wins; so the file means nothing.
        let two = #"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#
        refuse(file(two, data: [UInt8](repeating: 0, count: 8)), mentions: "repeats a key")
        let escaped = #"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "\u0077": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#
        refuse(file(escaped, data: [UInt8](repeating: 0, count: 8)), mentions: "repeats a key")
        let inner = #"{"w": {"dtype": "F32", "shape": [2], "shape": [1], "data_offsets": [0, 4]}}"#
        refuse(file(inner, data: [0, 0, 0, 0]), mentions: "repeats a key")
        // Colons and quotes inside strings are not keys.
        let tricky = #"{"__metadata__": {"a:b": "c:\"d\":", "e\\": ":"}, "x:y": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        let ok = try Safetensors.decode(file(tricky, data: [0, 0, 0, 0]), file: "ok")
        XCTAssertEqual(ok.metadata, ["a:b": "c:\"d\":", "e\\": ":"])
        XCTAssertEqual(ok.tensors["x:y"]?.values, [0])
    }

    func testHeaderLengthAndEntryKindsAreChecked() {
        var huge = Data()
        withUnsafeBytes(of: UInt64.max.littleEndian) { huge.append(contentsOf: $0) }
        refuse(huge + Data("{}".utf8), mentions: "exceeds the file")
        refuse(file(#"{"w": 5}"#), mentions: "lacks dtype, shape or data_offsets")
        refuse(file(#"{"w": [1, 2]}"#), mentions: "lacks dtype, shape or data_offsets")
        refuse(file(#"{"__metadata__": {"a": 1}}"#), mentions: "__metadata__ must map strings to strings")
        refuse(file(String(repeating: "[", count: 100_000)), mentions: "not a JSON object")
    }

    /// The class, not the instances: every mutation of a valid file decodes or is refused.
    func testEveryMutationOfAValidFileDecodesOrIsRefused() throws {
        let valid = try Safetensors.encode([("a.kernel", Tensor(shape: Shape(2, 3), values: [1, 2, 3, 4, 5, 6])),
                                            ("b", Tensor(shape: Shape(1), values: [7]))], metadata: ["k": "v"])
        let replacements = Array("0123456789-.e[]{}\",:9".utf8) + [0, 0xff]
        var refused = 0
        for i in 0..<valid.count {
            for r in replacements {
                var d = valid
                d[i] = r
                do { _ = try Safetensors.decode(d, file: "m") } catch is Safetensors.FormatError { refused += 1 }
            }
        }
        let rng = RandomSource(seed: 12)
        for _ in 0..<2000 {
            var d = valid
            let cut = Int(rng.next() % UInt64(d.count + 1))
            d = d.prefix(cut) + Data((0..<Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            do { _ = try Safetensors.decode(d, file: "m") } catch is Safetensors.FormatError { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 0)
    }
}
