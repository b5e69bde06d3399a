import Foundation
import NN

/// A read-only reader for the part of HDF5 that Keras weight files use: the
/// group tree (symbol-table groups as h5py writes by default, and compact
/// link-message groups as it writes with `libver="latest"`), float datasets
/// stored contiguously or compactly, and string attributes (fixed-length, or
/// variable-length in the global heap). Soft and external links are skipped.
/// Written from the HDF5 File Format Specification 3.0.
///
/// The file is hostile until proven otherwise: every read is bounds checked,
/// addresses and sizes are at most the file's size (so sums of a few of them
/// cannot overflow), element counts use checked arithmetic, every structure is
/// parsed at most once (a cycle is an error, not a hang), the bytes of the
/// headers and nodes walked and of the datasets read may not add up to more
/// than the file holds (overlapping structures cannot multiply the work), and
/// groups nest at most `maximumDepth` deep.
public struct HDF5File {
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String, problem: String
        public var description: String { "\(file): not a readable HDF5 weights file: \(problem)" }
    }

    /// A dataset of floats, with its path from the root ("a/b/kernel:0").
    public struct Dataset {
        public let path: String
        public let shape: [Int]
        public let values: [Float]
    }

    /// A group's path and its string attributes (Keras 3 names layers this way).
    public struct Group {
        public let path: String
        public let attributes: [String: String]
    }

    public private(set) var datasets: [Dataset] = []
    public private(set) var groups: [Group] = []

    /// Keras files nest four or five levels (layers/<name>/vars/<i>, nested models a few more).
    public static let maximumDepth = 64
    /// Keras names are short; this bounds the scan for a name's terminating zero.
    static let maximumNameLength = 4096

    private let bytes: [UInt8]
    private let file: String
    private var offsetSize = 8, lengthSize = 8
    /// Objects reached so far: hard links may reach one twice, which is not a cycle.
    private var visitedObjects: Set<Int> = []
    /// Continuation blocks, B-tree and symbol nodes, heaps: each parsed once.
    private var visitedStructures: Set<Int> = []
    private var structureBytes = 0, datasetBytes = 0
    private var globalHeaps: [Int: [Int: Range<Int>]] = [:]

    public static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]

    public init(data: Data, file: String) throws {
        bytes = [UInt8](data)
        self.file = file
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.signature else { throw fail("no HDF5 signature at the start") }
        var r = Reader(self, at: 8)
        let version = try r.u8()
        let root: Int
        switch version {
        case 0, 1:
            try r.skip(3)                                   // free-space, root symbol table, reserved
            try r.skip(1)                                   // shared header message format version
            try readSizes(&r)
            try r.skip(1 + 4 + 4 + (version == 1 ? 4 : 0))  // reserved, group K values, flags, [indexed storage K]
            try r.skip(4 * offsetSize)                      // base, free-space, end-of-file, driver addresses
            try r.skip(offsetSize)                          // root entry: link name offset
            root = try r.address()
        case 2, 3:
            try readSizes(&r)
            try r.skip(1 + 3 * offsetSize)                  // flags, base, extension, end-of-file addresses
            root = try r.address()
        default:
            throw fail("superblock version \(version) is not supported")
        }
        try visit(objectAt: root, path: "", depth: 0)
    }

    private mutating func readSizes(_ r: inout Reader) throws {
        offsetSize = Int(try r.u8())
        lengthSize = Int(try r.u8())
        guard offsetSize == 8 || offsetSize == 4, lengthSize == 8 || lengthSize == 4 else {
            throw fail("offset size \(offsetSize) / length size \(lengthSize) not supported")
        }
        r.offsetSize = offsetSize
        r.lengthSize = lengthSize
    }

    /// Counts a structure's bytes (and address) as walked; valid files never overlap them.
    private mutating func claim(_ address: Int, bytes count: Int, _ what: String) throws {
        guard visitedStructures.insert(address).inserted else { throw fail("\(what) at \(address) is reached twice (a cycle)") }
        structureBytes += count
        guard structureBytes <= bytes.count else {
            throw fail("\(what) at \(address): headers and nodes claim more than the file's \(bytes.count) bytes (they overlap)")
        }
    }

    // MARK: - Objects

    private typealias Message = (type: Int, start: Int, length: Int)

    /// One object header's messages, following continuation blocks.
    private mutating func messages(at address: Int) throws -> [Message] {
        var r = Reader(self, at: address)
        var found: [Message] = []
        if Array(try r.bytes(4)) == Array("OHDR".utf8) {          // version 2 header
            guard try r.u8() == 2 else { throw fail("object header at \(address): unknown version") }
            let flags = try r.u8()
            if flags & 0x20 != 0 { try r.skip(16) }               // times
            if flags & 0x10 != 0 { try r.skip(4) }                // attribute storage phase change
            let chunkSize = try r.size(width: 1 << Int(flags & 3))
            // Each message: type (1), size (2), flags (1), creation order (2) if the header tracks it.
            let prefix = flags & 0x04 != 0 ? 6 : 4
            try claim(address, bytes: r.position - address + chunkSize + 4, "object header")
            var blocks = [(r.position, chunkSize)]                 // the checksum follows the messages
            while let (start, size) = blocks.popLast() {
                var m = Reader(self, at: start)
                while m.position + prefix <= start + size {
                    let type = Int(try m.u8()), length = Int(try m.u16())
                    try m.skip(prefix - 3)
                    let body = m.position
                    try m.skip(length)
                    if type == 0x10 {
                        var c = Reader(self, at: body)
                        let (at, size) = (try c.address(), try c.size())
                        var s = Reader(self, at: at)
                        guard size >= 8, Array(try s.bytes(4)) == Array("OCHK".utf8) else {
                            throw fail("object header at \(address): continuation at \(at) is not an OCHK block")
                        }
                        try claim(at, bytes: size, "object header continuation")
                        blocks.append((at + 4, size - 8))          // "OCHK", messages, checksum
                    } else if type != 0 {
                        found.append((type, body, length))
                    }
                }
            }
            return found
        }
        r = Reader(self, at: address)
        guard try r.u8() == 1 else { throw fail("object header at \(address): unknown version") }
        try r.skip(1 + 2 + 4)                                     // reserved, message count, reference count
        let size = try r.size(width: 4)
        try claim(address, bytes: 16 + size, "object header")
        var blocks = [(address + 16, size)]                       // the 12-byte prefix is padded to 16
        while let (start, size) = blocks.popLast() {
            var m = Reader(self, at: start)
            while m.position + 8 <= start + size {
                let type = Int(try m.u16()), length = Int(try m.u16())
                try m.skip(4)                                     // flags, reserved
                let body = m.position
                try m.skip(length)
                if type == 0x10 {
                    var c = Reader(self, at: body)
                    let (at, size) = (try c.address(), try c.size())
                    try claim(at, bytes: size, "object header continuation")
                    blocks.append((at, size))
                } else if type != 0 {
                    found.append((type, body, length))
                }
            }
        }
        return found
    }

    private mutating func visit(objectAt address: Int, path: String, depth: Int) throws {
        guard depth <= Self.maximumDepth else { throw fail("'\(path)' is nested more than \(Self.maximumDepth) groups deep") }
        guard visitedObjects.insert(address).inserted else { return }
        let messages = try messages(at: address)
        var shape: [Int]?, type: ElementType?, layout: Layout?
        var attributes: [String: String] = [:]
        var children: [(String, Int)] = []
        for (kind, start, _) in messages {
            var r = Reader(self, at: start)
            switch kind {
            case 0x0001: shape = try dataspace(&r, path: path)
            case 0x0003: type = try elementType(&r)
            case 0x0008: layout = try dataLayout(&r, path: path)
            case 0x0011: children += try symbolTableLinks(btree: try r.address(), heap: try r.address())
            case 0x0006: if let link = try linkMessage(&r) { children.append(link) }
            case 0x0002: try requireCompactLinks(&r, path: path)
            case 0x000C: if let (name, value) = try stringAttribute(&r, path: path) { attributes[name] = value }
            default: break
            }
        }
        if let shape, let layout {
            guard let type else { throw fail("dataset '\(path)' has no datatype") }
            datasets.append(Dataset(path: path, shape: shape, values: try floats(type, shape: shape, at: layout, path: path)))
        } else {
            groups.append(Group(path: path, attributes: attributes))
            for (name, child) in children.sorted(by: { $0.0 < $1.0 }) {
                try visit(objectAt: child, path: path.isEmpty ? name : path + "/" + name, depth: depth + 1)
            }
        }
    }

    // MARK: - Groups

    /// Links of an old-style group: a version 1 B-tree of symbol table nodes, names in a local heap.
    private mutating func symbolTableLinks(btree: Int, heap: Int) throws -> [(String, Int)] {
        var h = Reader(self, at: heap)
        guard Array(try h.bytes(4)) == Array("HEAP".utf8) else { throw fail("no local heap at \(heap)") }
        try h.skip(4)                                            // version, reserved
        let namesSize = try h.size()
        try h.skip(lengthSize)                                   // free list head (may be undefined)
        let names = try h.address()
        var links: [(String, Int)] = []
        var pending = [btree]
        while let node = pending.popLast() {
            var r = Reader(self, at: node)
            let tag = Array(try r.bytes(4))
            if tag == Array("SNOD".utf8) {
                try r.skip(2)
                let count = Int(try r.u16())
                try claim(node, bytes: 8 + count * (2 * offsetSize + 24), "symbol table node")
                for _ in 0..<count {
                    let nameOffset = try r.size(width: offsetSize), object = try r.optionalAddress()
                    let cacheType = try r.u32()
                    try r.skip(4 + 16)                           // reserved, scratch pad
                    guard cacheType != 2 else { continue }       // a soft link: its target is reached by its own name
                    guard let object, nameOffset < namesSize else { throw fail("symbol table node at \(node) has a broken entry") }
                    links.append((try cString(at: names + nameOffset, before: names + namesSize), object))
                }
            } else if tag == Array("TREE".utf8) {
                guard try r.u8() == 0 else { throw fail("B-tree at \(node) is not a group node") }
                try r.skip(1)                                    // level
                let entries = Int(try r.u16())
                try claim(node, bytes: 8 + 2 * offsetSize + entries * (lengthSize + offsetSize) + lengthSize, "B-tree node")
                try r.skip(2 * offsetSize)                       // siblings
                for _ in 0..<entries {
                    try r.skip(lengthSize)                       // key
                    pending.append(try r.address())
                }
            } else {
                throw fail("expected a B-tree or symbol table node at \(node)")
            }
        }
        return links
    }

    /// A hard link of a new-style compact group; soft and external links are skipped.
    private func linkMessage(_ r: inout Reader) throws -> (String, Int)? {
        guard try r.u8() == 1 else { throw fail("unknown link message version") }
        let flags = try r.u8()
        let linkType = flags & 0x08 != 0 ? try r.u8() : 0
        if flags & 0x04 != 0 { try r.skip(8) }                   // creation order
        if flags & 0x10 != 0 { try r.skip(1) }                   // name character set
        let nameLength = try r.size(width: 1 << Int(flags & 3))
        let name = String(decoding: try r.bytes(nameLength), as: UTF8.self)
        return linkType == 0 ? (name, try r.address()) : nil
    }

    /// A new-style group's link info: compact groups (at most 8 links by default)
    /// keep them as link messages in the header and have no fractal heap.
    private func requireCompactLinks(_ r: inout Reader, path: String) throws {
        guard try r.u8() == 0 else { throw fail("group '\(path)': unknown link info version") }
        if try r.u8() & 0x01 != 0 { try r.skip(8) }             // maximum creation index
        guard try r.optionalAddress() == nil else {
            throw fail("group '\(path)' keeps its links in a fractal heap (dense storage, more than 8 links with libver=\"latest\"), which is not supported")
        }
    }

    // MARK: - Datasets

    private enum ElementType {
        case float(size: Int, bigEndian: Bool)
        case fixedString(size: Int)
        case variableString
        case other(Int)
    }

    /// Where a dataset's values are: `size` nil when the layout does not say.
    private typealias Layout = (address: Int?, size: Int?)

    private func elementType(_ r: inout Reader) throws -> ElementType {
        let classAndVersion = try r.u8()
        let bits = Array(try r.bytes(3))
        let size = try r.size(width: 4)
        switch classAndVersion & 0x0f {
        case 1: return .float(size: size, bigEndian: bits[0] & 1 != 0)
        case 3: return .fixedString(size: size)
        case 9: return bits[0] & 0x0f == 1 ? .variableString : .other(9)
        case let c: return .other(Int(c))
        }
    }

    /// The dimensions, checked so that their element count cannot overflow.
    private func dataspace(_ r: inout Reader, path: String) throws -> [Int] {
        let version = try r.u8(), rank = Int(try r.u8())
        guard version == 1 || version == 2, rank <= 32 else { throw fail("'\(path)': dataspace version \(version) of rank \(rank)") }
        try r.skip(1)                                            // flags
        if version == 2, try r.u8() == 2 { return [0] }          // a null dataspace holds no elements
        if version == 1 { try r.skip(5) }                        // reserved
        let dims = try (0..<rank).map { _ in try r.unsigned(lengthSize) }
        guard Shape.checkedCount(dims) != nil else { throw fail("'\(path)': dataspace \(dims) has more elements than can be counted") }
        return dims
    }

    private func dataLayout(_ r: inout Reader, path: String) throws -> Layout {
        let version = try r.u8()
        if version == 3 || version == 4 {
            switch try r.u8() {
            case 0: let size = Int(try r.u16()); return (r.position, size)
            case 1: return (try r.optionalAddress(), try r.size())   // undefined while nothing was written
            case 2: throw fail("dataset '\(path)' is chunked (compressed or resizable), which is not supported")
            default: throw fail("dataset '\(path)' has an unknown storage layout")
            }
        }
        guard version == 1 || version == 2 else { throw fail("dataset '\(path)': data layout version \(version)") }
        let rank = Int(try r.u8()), layoutClass = try r.u8()
        try r.skip(5)
        guard layoutClass != 2 else { throw fail("dataset '\(path)' is chunked, which is not supported") }
        let address = layoutClass == 1 ? try r.address() : 0
        try r.skip(4 * rank)
        if layoutClass == 0 { let size = try r.size(width: 4); return (r.position, size) }
        return (address, nil)
    }

    private mutating func floats(_ type: ElementType, shape: [Int], at layout: Layout, path: String) throws -> [Float] {
        guard case let .float(size, bigEndian) = type, size == 4 || size == 8, !bigEndian else {
            throw fail("dataset '\(path)' is not little-endian float32 or float64")
        }
        let count = shape.reduce(1, *)                           // checked by dataspace
        guard case let (needed, false) = count.multipliedReportingOverflow(by: size), needed <= bytes.count - datasetBytes else {
            throw fail("dataset '\(path)' of shape \(shape) needs more bytes than the file holds besides the datasets before it")
        }
        datasetBytes += needed
        guard layout.size.map({ $0 >= needed }) ?? true else { throw fail("dataset '\(path)' holds fewer bytes than its shape needs") }
        guard count > 0 else { return [] }
        guard let address = layout.address else { throw fail("dataset '\(path)' of shape \(shape) has no storage") }
        var r = Reader(self, at: address)
        let raw = try r.bytes(needed)
        return raw.withUnsafeBytes { p in
            size == 4 ? (0..<count).map { Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
                      : (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
        }
    }

    // MARK: - Attributes

    /// A scalar (or first element of an array) string attribute; others are skipped.
    private mutating func stringAttribute(_ r: inout Reader, path: String) throws -> (String, String)? {
        let version = try r.u8()
        guard (1...3).contains(version) else { throw fail("'\(path)': attribute message version \(version)") }
        try r.skip(1)
        let nameSize = Int(try r.u16()), typeSize = Int(try r.u16()), spaceSize = Int(try r.u16())
        if version == 3 { try r.skip(1) }                        // name character set
        func padded(_ n: Int) -> Int { version == 1 ? (n + 7) / 8 * 8 : n }
        let name = String(decoding: try r.bytes(nameSize).prefix { $0 != 0 }, as: UTF8.self)
        try r.skip(padded(nameSize) - nameSize)
        var t = Reader(self, at: r.position)
        let type = try elementType(&t)
        try r.skip(padded(typeSize))
        var s = Reader(self, at: r.position)
        let shape = try dataspace(&s, path: path + "@" + name)
        try r.skip(padded(spaceSize))
        guard shape.reduce(1, *) >= 1 else { return nil }
        switch type {
        case let .fixedString(size):
            return (name, String(decoding: try r.bytes(size).prefix { $0 != 0 }, as: UTF8.self))
        case .variableString:
            try r.skip(4)                                        // length
            let collection = try r.address(), index = Int(try r.u32())
            return (name, try globalHeapString(collection: collection, index: index))
        default:
            return nil
        }
    }

    private mutating func globalHeapString(collection: Int, index: Int) throws -> String {
        if globalHeaps[collection] == nil { globalHeaps[collection] = try globalHeapObjects(collection) }
        guard let range = globalHeaps[collection]?[index] else { throw fail("global heap object \(index) not found") }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A global heap collection's objects by index, read once.
    private mutating func globalHeapObjects(_ collection: Int) throws -> [Int: Range<Int>] {
        var r = Reader(self, at: collection)
        guard Array(try r.bytes(4)) == Array("GCOL".utf8) else { throw fail("no global heap at \(collection)") }
        try r.skip(4)
        let size = try r.size()
        try claim(collection, bytes: size, "global heap")
        let end = collection + size
        var objects: [Int: Range<Int>] = [:]
        while r.position + 8 + lengthSize <= end {
            let object = Int(try r.u16())
            try r.skip(6)                                        // reference count, reserved
            let size = try r.size()
            guard object != 0 else { break }                     // free space
            let start = r.position
            try r.skip(size)
            objects[object] = start..<start + size
            try r.skip((8 - size % 8) % 8)                    // objects are 8-byte aligned
        }
        return objects
    }

    /// The zero-terminated name at `address`, which must end before `limit`.
    private func cString(at address: Int, before limit: Int) throws -> String {
        let limit = min(limit, bytes.count, address + Self.maximumNameLength)
        guard address >= 0, address < limit, let end = bytes[address..<limit].firstIndex(of: 0) else {
            throw fail("no name of at most \(Self.maximumNameLength) bytes at \(address)")
        }
        return String(decoding: bytes[address..<end], as: UTF8.self)
    }

    private func fail(_ problem: String) -> FormatError { FormatError(file: file, problem: problem) }

    /// A bounds-checked little-endian cursor over the file: it never leaves the file.
    private struct Reader {
        let bytes: [UInt8], file: String
        private(set) var position: Int
        var offsetSize: Int, lengthSize: Int

        /// Offsets and lengths as wide as the superblock says (8 bytes until it has been read).
        init(_ f: HDF5File, at position: Int) {
            bytes = f.bytes
            file = f.file
            self.position = position
            offsetSize = f.offsetSize
            lengthSize = f.lengthSize
        }

        private func truncated(_ n: Int) -> FormatError {
            FormatError(file: file, problem: "truncated: needs \(n) bytes at \(position) of \(bytes.count)")
        }

        mutating func skip(_ n: Int) throws {
            guard n >= 0, position >= 0, position <= bytes.count, n <= bytes.count - position else { throw truncated(n) }
            position += n
        }

        mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
            let start = position
            try skip(n)
            return bytes[start..<position]
        }

        /// An unsigned little-endian integer of `n` <= 8 bytes, as an Int (larger values are refused).
        mutating func unsigned(_ n: Int) throws -> Int {
            let raw = try bytes(n).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard let v = Int(exactly: raw) else { throw FormatError(file: file, problem: "value \(raw) at \(position - n) is out of range") }
            return v
        }

        /// A byte count that must fit in the file.
        mutating func size(width: Int? = nil) throws -> Int {
            let v = try unsigned(width ?? lengthSize)
            guard v <= bytes.count else { throw FormatError(file: file, problem: "truncated or damaged: size \(v) at \(position - (width ?? lengthSize)) exceeds the file's \(bytes.count) bytes") }
            return v
        }

        /// An address inside the file, or nil for HDF5's undefined address (all bits set).
        mutating func optionalAddress() throws -> Int? {
            let field = try bytes(offsetSize)
            if field.allSatisfy({ $0 == 0xff }) { return nil }
            let v = field.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard v < UInt64(bytes.count) else { throw FormatError(file: file, problem: "truncated or damaged: address \(v) at \(position - offsetSize) lies outside the file's \(bytes.count) bytes") }
            return Int(v)
        }

        mutating func address() throws -> Int {
            guard let a = try optionalAddress() else { throw FormatError(file: file, problem: "undefined address at \(position - offsetSize)") }
            return a
        }

        mutating func u8() throws -> UInt8 { UInt8(try unsigned(1)) }
        mutating func u16() throws -> UInt16 { UInt16(try unsigned(2)) }
        mutating func u32() throws -> UInt32 { UInt32(try unsigned(4)) }
    }
}
