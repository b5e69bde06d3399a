import Foundation
import XCTest
@testable import Experiments
import NN

/// HDF5 files built to crash or hang a reader: cycles in object headers and
/// B-trees, deep nesting, dimensions and sizes that overflow, structures that
/// overlap to multiply the work, Keras variables with impossible names. Each
/// is a FormatError naming the file, in bounded time and memory.
final class HostileHDF5Tests: XCTestCase {
    typealias B = HDF5Builder

    private func refuse(_ data: Data, mentions: String, line: UInt = #line) {
        XCTAssertThrowsError(try HDF5File(data: data, file: "evil.h5"), line: line) { error in
            XCTAssertTrue(error is HDF5File.FormatError, "\(error)", line: line)
            XCTAssertTrue("\(error)".hasPrefix("evil.h5: not a readable HDF5 weights file: ") && "\(error)".contains(mentions), "\(error)", line: line)
        }
    }

    /// A group "g" named "x" holding the dataset "d" = [1.5, -2].
    private func wellFormed() -> Data {
        var b = B()
        let d = b.object([B.dataspace([2]), B.float32, B.compact([1.5, -2])])
        let g = b.object([B.attribute("name", "x"), B.link("d", to: d)])
        return b.file(rootWith: [B.link("g", to: g)])
    }

    func testTheBuilderWritesFilesTheReaderReads() throws {
        let h5 = try HDF5File(data: wellFormed(), file: "ok.h5")
        XCTAssertEqual(h5.datasets.map(\.path), ["g/d"])
        XCTAssertEqual(h5.datasets.first?.values, [1.5, -2])
        XCTAssertEqual(h5.groups.first { $0.path == "g" }?.attributes, ["name": "x"])
    }

    func testAContinuationBackToItsOwnBlockIsACycle() {
        // Version 1 header: the continuation points at the header's own message block.
        var b = B()
        let root = b.next
        _ = b.object([B.continuation(at: root + 16, length: 24)])
        refuse(b.file(root: root), mentions: "object header continuation at \(root + 16) is reached twice (a cycle)")
        // A continuation block that continues into itself.
        b = B()
        let block = b.next
        b.append(B.message(B.continuation(at: block, length: 24)))
        refuse(b.file(rootWith: [B.continuation(at: block, length: 24)]), mentions: "continuation at \(block) is reached twice (a cycle)")
    }

    func testAVersion2ContinuationLoopIsACycle() {
        // Superblock 2, root "OHDR" at 48 whose continuation leads to an "OCHK" block continuing into itself.
        let continuation: (Int) -> [UInt8] = { at in [0x10] + le16(16) + [0] + le64(at) + le64(28) }
        let superblock = HDF5File.signature + [2, 8, 8, 0] + le64(0) + B.undefined + le64(107) + le64(48) + le32(0)
        let ohdr = Array("OHDR".utf8) + [2, 0, 20] + continuation(79) + le32(0)
        let ochk = Array("OCHK".utf8) + continuation(79) + le32(0)
        XCTAssertEqual([superblock.count, superblock.count + ohdr.count], [48, 79])
        refuse(Data(superblock + ohdr + ochk), mentions: "object header continuation at 79 is reached twice (a cycle)")
    }

    func testABTreeNodeThatIsItsOwnChildIsACycle() {
        for loopLength in [1, 2] {
            var b = B()
            let heap = b.append(Array("HEAP".utf8) + [0, 0, 0, 0] + le64(8) + B.undefined + le64(b.next + 32) + le64(0))
            let first = b.next, nodeSize = 4 + 4 + 16 + 24
            for i in 0..<loopLength {   // node i's child is node i + 1, the last node's child the first
                let child = i == loopLength - 1 ? first : first + (i + 1) * nodeSize
                b.append(Array("TREE".utf8) + [0, 0] + le16(1) + B.undefined + B.undefined + le64(0) + le64(child) + le64(0))
            }
            refuse(b.file(rootWith: [B.symbolTable(btree: first, heap: heap)]), mentions: "B-tree node at \(first) is reached twice (a cycle)")
        }
    }

    func testDeepNestingIsRefusedPastTheBoundAndReadUpToIt() throws {
        func chain(_ depth: Int) -> Data {
            var b = B()
            var inner = b.object([])
            for _ in 0..<depth { inner = b.object([B.link("g", to: inner)]) }
            return b.file(root: inner)
        }
        // 20,000 nested groups overflowed the stack of the recursive walk.
        refuse(chain(20_000), mentions: "is nested more than 64 groups deep")
        refuse(chain(HDF5File.maximumDepth + 1), mentions: "is nested more than 64 groups deep")
        XCTAssertEqual(try HDF5File(data: chain(HDF5File.maximumDepth), file: "ok.h5").groups.count, HDF5File.maximumDepth + 1)
    }

    func testAHardLinkBackToAnAncestorIsReadOnce() throws {
        var b = B()
        let root = b.next
        _ = b.object([B.link("again", to: root)])
        XCTAssertEqual(try HDF5File(data: b.file(root: root), file: "ok.h5").groups.map(\.path), [""])
    }

    func testDimensionsThatOverflowAreRefused() {
        // Fuzzed dataspace dimensions overflowed the element count of datasets and of attributes.
        for dims: [UInt64] in [[1 << 62, 1 << 62], [1 << 32, 1 << 32], [1 << 62, 1 << 62, 0], [UInt64(Int.max), 2]] {
            var b = B()
            let d = b.object([B.dataspace(dims), B.float32, B.contiguous(at: 0, size: 0)])
            refuse(b.file(rootWith: [B.link("d", to: d)]), mentions: "has more elements than can be counted")
            b = B()
            refuse(b.file(rootWith: [B.attribute("name", "x", dims: dims)]), mentions: "has more elements than can be counted")
        }
        var b = B()
        let d = b.object([B.dataspace([1 << 63]), B.float32, B.contiguous(at: 0, size: 0)])
        refuse(b.file(rootWith: [B.link("d", to: d)]), mentions: "is out of range")
    }

    func testSizesAndAddressesOutsideTheFileAreRefusedBeforeAnyAllocation() {
        // 2^40 floats are countable, but 4 TiB is not in a file of a few hundred bytes.
        var b = B()
        var d = b.object([B.dataspace([1 << 40]), B.float32, B.contiguous(at: 0, size: 0)])
        refuse(b.file(rootWith: [B.link("d", to: d)]), mentions: "needs more bytes than the file holds")
        b = B()
        d = b.object([B.dataspace([4]), B.float32, B.contiguous(at: 1 << 40, size: 16)])
        refuse(b.file(rootWith: [B.link("d", to: d)]), mentions: "address 1099511627776 at")
        b = B()
        refuse(b.file(rootWith: [B.link("d", to: Int.max)]), mentions: "lies outside the file")
        b = B()
        refuse(b.file(rootWith: [B.continuation(at: 96, length: 1 << 50)]), mentions: "size 1125899906842624 at")
    }

    func testDatasetsSharingTheirDataCannotMultiplyIt() {
        // One 4 KiB block read by 50 datasets would be 200 KiB from an 11 KiB file (and 50 GiB from a 100 MiB one).
        var b = B()
        let data = b.append([UInt8](repeating: 0, count: 4096))
        let links = (0..<50).map { i in B.link("d\(i)", to: b.object([B.dataspace([1024]), B.float32, B.contiguous(at: data, size: 4096)])) }
        refuse(b.file(rootWith: links), mentions: "needs more bytes than the file holds besides the datasets before it")
    }

    func testKerasVariablesNamedOutsideTheLayerAreRefused() throws {
        let network = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0)
        func keras(_ variable: String, layer: String = "predictions") -> Data {
            var b = B()
            let d = b.object([B.dataspace([3]), B.float32, B.compact([1, 2, 3])])
            let vars = b.object([B.attribute("name", layer), B.link(variable, to: d)])
            let dense = b.object([B.link("vars", to: vars)])
            let layers = b.object([B.link("dense", to: dense)])
            return b.file(rootWith: [B.link("layers", to: layers)])
        }
        // "-1" indexed the layer's parameters out of range.
        for name in ["-1", "2", "01", "+1", "x", "9223372036854775807"] {
            XCTAssertThrowsError(try KerasWeights.tensors(keras(name), file: "evil.h5", for: network), name) {
                XCTAssertEqual("\($0)", "evil.h5: not a readable HDF5 weights file: dataset 'layers/dense/vars/\(name)' is no variable of layer 'predictions', which has 2 here (vars 0 to 1)")
            }
        }
        XCTAssertEqual(try KerasWeights.tensors(keras("1"), file: "ok.h5", for: network)["predictions.bias"]?.values, [1, 2, 3])
        XCTAssertEqual(try KerasWeights.tensors(keras("-1", layer: "not_ours"), file: "ok.h5", for: network).count, 0)
    }

    /// The class, not the instances: every mutation of real Keras files is read or refused.
    func testEveryMutationOfTheFixturesIsReadOrRefused() throws {
        let network = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0)
        let patterns: [[UInt8]] = [B.undefined, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], le64(1 << 62), le64(1 << 31), le64(96), [0, 0, 0, 0]]
        var parsed = 0, refused = 0
        for name in ["basic_cnn_8x8.weights.h5", "basic_cnn_8x8_rgb_keras2.h5", "basic_cnn_8x8_latest.weights.h5", "basic_cnn_8x8_softlink.weights.h5"] {
            let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
            let original = [UInt8](try Data(contentsOf: url))
            func attempt(_ bytes: [UInt8]) {
                do {
                    _ = try KerasWeights.tensors(Data(bytes), file: name, for: network)
                    parsed += 1
                } catch is HDF5File.FormatError {
                    refused += 1
                } catch {
                    XCTFail("\(name): \(error) is not a FormatError")
                }
            }
            // Every header field of the first 4 KiB (where the structures are), overwritten with hostile values.
            for at in stride(from: 0, to: min(original.count, 4096), by: 4) {
                for p in patterns {
                    var bytes = original
                    bytes.replaceSubrange(at..<min(at + p.count, bytes.count), with: p.prefix(bytes.count - at))
                    attempt(bytes)
                }
            }
            let rng = RandomSource(seed: 3)
            for _ in 0..<500 {
                var bytes = original
                for _ in 0..<4 { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                attempt(Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1)))))
            }
        }
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertGreaterThan(refused, 0)
    }
}
