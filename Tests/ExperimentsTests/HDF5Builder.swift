import Foundation
@testable import Experiments

/// Writes small HDF5 files by hand, so that a test can state an attack byte by
/// byte: superblock version 0 with 8-byte offsets and lengths, version 1 object
/// headers, groups as link messages. Objects are appended in order and named
/// by their address; build children before their parents.
struct HDF5Builder {
    typealias Message = (type: Int, body: [UInt8])

    private(set) var bytes: [UInt8]
    static let undefined = [UInt8](repeating: 0xff, count: 8)

    init() {
        bytes = HDF5File.signature + [0, 0, 0, 0, 0, 8, 8, 0] + le16(4) + le16(16) + le32(0)
            + le64(0) + Self.undefined + le64(0) + Self.undefined   // base, free space, end of file (set by `file`), driver
            + le64(0) + le64(0) + le32(0) + le32(0) + [UInt8](repeating: 0, count: 16)   // root entry: name, address (set by `file`), cache
    }

    /// Where the next append lands.
    var next: Int { bytes.count }

    @discardableResult
    mutating func append(_ b: [UInt8]) -> Int {
        defer { bytes += b }
        return bytes.count
    }

    /// A version 1 object header holding `messages`.
    mutating func object(_ messages: [Message]) -> Int {
        let body = messages.flatMap(Self.message)
        return append([1, 0] + le16(messages.count) + le32(1) + le32(body.count) + [0, 0, 0, 0] + body)
    }

    /// The file with a last object of `messages` as its root group.
    mutating func file(rootWith messages: [Message]) -> Data {
        let root = object(messages)
        return file(root: root)
    }

    /// The file with `root` as its root group.
    func file(root: Int) -> Data {
        var b = bytes
        b.replaceSubrange(40..<48, with: le64(b.count))
        b.replaceSubrange(64..<72, with: le64(root))
        return Data(b)
    }

    static func message(_ m: Message) -> [UInt8] {
        let padded = m.body + [UInt8](repeating: 0, count: (8 - m.body.count % 8) % 8)
        return le16(m.type) + le16(padded.count) + [0, 0, 0, 0] + padded
    }

    // MARK: Messages

    static func link(_ name: String, to address: Int) -> Message {
        (0x06, [1, 0, UInt8(name.utf8.count)] + Array(name.utf8) + le64(address))
    }

    static func dataspace(_ dims: [UInt64]) -> Message { (0x01, space(dims)) }

    static let float32: Message = (0x03, [0x11, 0x20, 0x1f, 0x00] + le32(4) + le16(0) + le16(32) + [23, 8, 0, 23] + le32(127))

    static func compact(_ values: [Float]) -> Message {
        (0x08, [3, 0] + le16(4 * values.count) + values.flatMap { le32(Int($0.bitPattern)) })
    }

    static func contiguous(at address: Int, size: Int) -> Message { (0x08, [3, 1] + le64(address) + le64(size)) }

    static func continuation(at address: Int, length: Int) -> Message { (0x10, le64(address) + le64(length)) }

    static func symbolTable(btree: Int, heap: Int) -> Message { (0x11, le64(btree) + le64(heap)) }

    /// A fixed-length string attribute (version 1 message: each part padded to 8 bytes).
    static func attribute(_ name: String, _ value: String, dims: [UInt64]? = nil) -> Message {
        func pad(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (8 - b.count % 8) % 8) }
        let nameBytes = Array(name.utf8) + [0], type: [UInt8] = [0x13, 0, 0, 0] + le32(value.utf8.count)
        let shape = dims.map(space) ?? [1, 0, 0, 0, 0, 0, 0, 0]
        return (0x0C, [1, 0] + le16(nameBytes.count) + le16(type.count) + le16(shape.count)
                    + pad(nameBytes) + pad(type) + pad(shape) + Array(value.utf8))
    }

    private static func space(_ dims: [UInt64]) -> [UInt8] { [1, UInt8(dims.count), 0, 0, 0, 0, 0, 0] + dims.flatMap(le64) }
}

func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xff) } }
func le64(_ v: Int) -> [UInt8] { le64(UInt64(v)) }
func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(v >> (8 * UInt64($0)) & 0xff) } }
