import Foundation

/// A read-only reader for the part of HDF5 that Keras weight files use: the
/// group tree (symbol-table groups as h5py writes by default, and compact
/// link-message groups), float datasets stored contiguously or compactly, and
/// string attributes (fixed-length, or variable-length in the global heap).
/// Written from the HDF5 File Format Specification 3.0. Every read is bounds
/// checked: a truncated or foreign file fails with the file and what is wrong.
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

    private let bytes: [UInt8]
    private let file: String
    private var offsetSize = 8, lengthSize = 8
    private var visited: Set<Int> = []

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
            r.skip(3)                                   // free-space, root symbol table, reserved
            r.skip(1)                                   // shared header message format version
            offsetSize = Int(try r.u8())
            lengthSize = Int(try r.u8())
            guard offsetSize == 8 || offsetSize == 4, lengthSize == 8 || lengthSize == 4 else {
                throw fail("offset size \(offsetSize) / length size \(lengthSize) not supported")
            }
            r.skip(1 + 4 + 4 + (version == 1 ? 4 : 0))  // reserved, group K values, flags, [indexed storage K]
            r.offsetSize = offsetSize; r.lengthSize = lengthSize
            r.skip(4 * offsetSize)                      // base, free-space, end-of-file, driver addresses
            _ = try r.offset()                          // root entry: link name offset
            root = try r.offset()
        case 2, 3:
            offsetSize = Int(try r.u8())
            lengthSize = Int(try r.u8())
            r.offsetSize = offsetSize; r.lengthSize = lengthSize
            r.skip(1 + 3 * offsetSize)                  // flags, base, extension, end-of-file addresses
            root = try r.offset()
        default:
            throw fail("superblock version \(version) is not supported")
        }
        try visit(objectAt: root, path: "")
    }

    // MARK: - Objects

    /// One object header's messages, as (type, body start, body length).
    private func messages(at address: Int) throws -> [(type: Int, start: Int, length: Int)] {
        var r = Reader(self, at: address)
        var found: [(Int, Int, Int)] = []
        if Array(try r.bytes(4)) == [0x4f, 0x48, 0x44, 0x52] {   // "OHDR": version 2 header
            guard try r.u8() == 2 else { throw fail("object header at \(address): unknown version") }
            let flags = try r.u8()
            if flags & 0x20 != 0 { r.skip(16) }                   // times
            if flags & 0x10 != 0 { r.skip(4) }                    // attribute storage phase change
            let chunkSize = try r.unsigned(1 << Int(flags & 3))
            var blocks = [(r.position, chunkSize)]
            while let (start, size) = blocks.popLast() {
                var m = Reader(self, at: start)
                while m.position + 4 <= start + size - 4 {
                    let type = Int(try m.u8()), length = Int(try m.u16()), messageFlags = try m.u8()
                    if messageFlags & 0x04 != 0 { m.skip(2) }
                    let body = m.position
                    m.skip(length)
                    if type == 0x10 {
                        var c = Reader(self, at: body)
                        let (at, size) = (try c.offset(), try c.length())
                        blocks.append((at + 4, size - 8))          // skip "OCHK", keep the checksum out
                    } else if type != 0 {
                        found.append((type, body, length))
                    }
                }
            }
            return found
        }
        r = Reader(self, at: address)
        guard try r.u8() == 1 else { throw fail("object header at \(address): unknown version") }
        r.skip(1)
        r.skip(2 + 4)                                             // message count, reference count
        let size = Int(try r.u32())
        var blocks = [(address + 16, size)]                       // the 12-byte prefix is padded to 16
        while let (start, size) = blocks.popLast() {
            var m = Reader(self, at: start)
            while m.position + 8 <= start + size {
                let type = Int(try m.u16()), length = Int(try m.u16())
                m.skip(4)                                         // flags, reserved
                let body = m.position
                m.skip(length)
                if type == 0x10 {
                    var c = Reader(self, at: body)
                    blocks.append((try c.offset(), try c.length()))
                } else if type != 0 {
                    found.append((type, body, length))
                }
            }
        }
        return found
    }

    private mutating func visit(objectAt address: Int, path: String) throws {
        guard visited.insert(address).inserted else { return }   // hard links may repeat objects
        let messages = try messages(at: address)
        var shape: [Int]?, type: ElementType?, layout: (address: Int, size: Int)?
        var attributes: [String: String] = [:]
        var children: [(String, Int)] = []
        for (kind, start, _) in messages {
            var r = Reader(self, at: start)
            switch kind {
            case 0x0001: shape = try dataspace(&r)
            case 0x0003: type = try elementType(&r)
            case 0x0008: layout = try dataLayout(&r, path: path)
            case 0x0011: children += try symbolTableLinks(btree: try r.offset(), heap: try r.offset())
            case 0x0006: if let link = try linkMessage(&r) { children.append(link) }
            case 0x0002: throw fail("group '\(path)' keeps its links in a fractal heap (dense storage), which is not supported")
            case 0x000C: if let (name, value) = try stringAttribute(&r) { attributes[name] = value }
            default: break
            }
        }
        if let shape, let layout {
            guard let type else { throw fail("dataset '\(path)' has no datatype") }
            datasets.append(Dataset(path: path, shape: shape, values: try floats(type, count: shape.reduce(1, *), at: layout, path: path)))
        } else {
            groups.append(Group(path: path, attributes: attributes))
            for (name, child) in children.sorted(by: { $0.0 < $1.0 }) {
                try visit(objectAt: child, path: path.isEmpty ? name : path + "/" + name)
            }
        }
    }

    // MARK: - Groups

    /// Links of an old-style group: a version 1 B-tree of symbol table nodes, names in a local heap.
    private func symbolTableLinks(btree: Int, heap: Int) throws -> [(String, Int)] {
        var h = Reader(self, at: heap)
        guard Array(try h.bytes(4)) == Array("HEAP".utf8) else { throw fail("no local heap at \(heap)") }
        h.skip(4)
        _ = try h.length(); _ = try h.length()
        let names = try h.offset()
        var links: [(String, Int)] = []
        var pending = [btree]
        while let node = pending.popLast() {
            var r = Reader(self, at: node)
            let tag = Array(try r.bytes(4))
            if tag == Array("SNOD".utf8) {
                r.skip(2)
                for _ in 0..<Int(try r.u16()) {
                    let nameOffset = try r.offset(), object = try r.offset()
                    r.skip(24)                                   // cache type, reserved, scratch pad
                    links.append((try cString(at: names + nameOffset), object))
                }
            } else if tag == Array("TREE".utf8) {
                guard try r.u8() == 0 else { throw fail("B-tree at \(node) is not a group node") }
                r.skip(1)
                let entries = Int(try r.u16())
                r.skip(2 * offsetSize)                           // siblings
                for _ in 0..<entries {
                    _ = try r.length()                           // key
                    pending.append(try r.offset())
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
        if flags & 0x04 != 0 { r.skip(8) }
        if flags & 0x10 != 0 { r.skip(1) }
        let nameLength = Int(try r.unsigned(1 << Int(flags & 3)))
        let name = String(decoding: try r.bytes(nameLength), as: UTF8.self)
        return linkType == 0 ? (name, try r.offset()) : nil
    }

    // MARK: - Datasets

    private enum ElementType {
        case float(size: Int, bigEndian: Bool)
        case fixedString(size: Int)
        case variableString
        case other(Int)
    }

    private func elementType(_ r: inout Reader) throws -> ElementType {
        let classAndVersion = try r.u8()
        let bits = Array(try r.bytes(3))
        let size = Int(try r.u32())
        switch classAndVersion & 0x0f {
        case 1: return .float(size: size, bigEndian: bits[0] & 1 != 0)
        case 3: return .fixedString(size: size)
        case 9: return bits[0] & 0x0f == 1 ? .variableString : .other(9)
        case let c: return .other(Int(c))
        }
    }

    private func dataspace(_ r: inout Reader) throws -> [Int] {
        let version = try r.u8(), rank = Int(try r.u8())
        r.skip(version == 1 ? 6 : 2)                             // flags and reserved (v1) or flags and type (v2)
        return try (0..<rank).map { _ in try r.length() }
    }

    private func dataLayout(_ r: inout Reader, path: String) throws -> (address: Int, size: Int) {
        let version = try r.u8()
        if version == 3 || version == 4 {
            switch try r.u8() {
            case 0: let size = Int(try r.u16()); return (r.position, size)
            case 1: return (try r.offset(), try r.length())
            case 2: throw fail("dataset '\(path)' is chunked (compressed or resizable), which is not supported")
            default: throw fail("dataset '\(path)' has an unknown storage layout")
            }
        }
        guard version == 1 || version == 2 else { throw fail("dataset '\(path)': data layout version \(version)") }
        let rank = Int(try r.u8()), layoutClass = try r.u8()
        r.skip(5)
        guard layoutClass != 2 else { throw fail("dataset '\(path)' is chunked, which is not supported") }
        let address = layoutClass == 1 ? try r.offset() : 0
        r.skip(4 * rank)
        if layoutClass == 0 { let size = Int(try r.u32()); return (r.position, size) }
        return (address, -1)
    }

    private func floats(_ type: ElementType, count: Int, at layout: (address: Int, size: Int), path: String) throws -> [Float] {
        guard case let .float(size, bigEndian) = type, size == 4 || size == 8, !bigEndian else {
            throw fail("dataset '\(path)' is not little-endian float32 or float64")
        }
        guard layout.size < 0 || layout.size >= count * size else { throw fail("dataset '\(path)' holds fewer bytes than its shape needs") }
        var r = Reader(self, at: layout.address)
        let raw = try r.bytes(count * size)
        return raw.withUnsafeBytes { p in
            size == 4 ? (0..<count).map { Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
                      : (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
        }
    }

    // MARK: - Attributes

    /// A scalar (or first element of an array) string attribute; others are skipped.
    private func stringAttribute(_ r: inout Reader) throws -> (String, String)? {
        let version = try r.u8()
        r.skip(1)
        let nameSize = Int(try r.u16()), typeSize = Int(try r.u16()), spaceSize = Int(try r.u16())
        if version >= 3 { r.skip(1) }
        func padded(_ n: Int) -> Int { version == 1 ? (n + 7) / 8 * 8 : n }
        let name = String(decoding: try r.bytes(nameSize).prefix { $0 != 0 }, as: UTF8.self)
        r.skip(padded(nameSize) - nameSize)
        let typeStart = r.position
        var t = Reader(self, at: typeStart)
        let type = try elementType(&t)
        r.skip(padded(typeSize))
        var s = Reader(self, at: r.position)
        let shape = try dataspace(&s)
        r.skip(padded(spaceSize))
        guard shape.reduce(1, *) >= 1 else { return nil }
        switch type {
        case let .fixedString(size):
            return (name, String(decoding: try r.bytes(size).prefix { $0 != 0 }, as: UTF8.self))
        case .variableString:
            r.skip(4)                                            // length
            let collection = try r.offset(), index = Int(try r.u32())
            return (name, try globalHeapString(collection: collection, index: index))
        default:
            return nil
        }
    }

    private func globalHeapString(collection: Int, index: Int) throws -> String {
        var r = Reader(self, at: collection)
        guard Array(try r.bytes(4)) == Array("GCOL".utf8) else { throw fail("no global heap at \(collection)") }
        r.skip(4)
        let end = collection + (try r.length())
        while r.position + 8 + lengthSize <= end {
            let object = Int(try r.u16())
            r.skip(6)
            let size = try r.length()
            if object == index { return String(decoding: try r.bytes(size), as: UTF8.self) }
            guard object != 0 else { break }
            r.skip((size + 7) / 8 * 8)
        }
        throw fail("global heap object \(index) not found")
    }

    private func cString(at address: Int) throws -> String {
        guard address >= 0, address < bytes.count else { throw fail("name at \(address) is past the end of the file") }
        let end = bytes[address...].firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[address..<end], as: UTF8.self)
    }

    private func fail(_ problem: String) -> FormatError { FormatError(file: file, problem: problem) }

    /// A bounds-checked little-endian cursor over the file.
    private struct Reader {
        let bytes: [UInt8], file: String
        var position: Int
        var offsetSize: Int, lengthSize: Int

        /// Offsets and lengths as wide as the superblock says (8 bytes until it has been read).
        init(_ f: HDF5File, at position: Int) {
            bytes = f.bytes
            file = f.file
            self.position = position
            offsetSize = f.offsetSize
            lengthSize = f.lengthSize
        }

        mutating func skip(_ n: Int) { position += n }

        mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, position >= 0, position + n <= bytes.count else {
                throw FormatError(file: file, problem: "truncated: needs bytes \(position)..<\(position + n) of \(bytes.count)")
            }
            defer { position += n }
            return bytes[position..<position + n]
        }

        mutating func unsigned(_ n: Int) throws -> Int {
            try bytes(n).reversed().reduce(0) { $0 << 8 | Int($1) }
        }

        mutating func u8() throws -> UInt8 { UInt8(try unsigned(1)) }
        mutating func u16() throws -> UInt16 { UInt16(try unsigned(2)) }
        mutating func u32() throws -> UInt32 { UInt32(try unsigned(4)) }
        mutating func offset() throws -> Int { try unsigned(offsetSize) }
        mutating func length() throws -> Int { try unsigned(lengthSize) }
    }
}
