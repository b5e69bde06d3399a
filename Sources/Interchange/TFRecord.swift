import Foundation

/// TFRecord framing, the container of TensorBoard's event files: per record,
/// its length (uint64), the masked CRC-32C of those 8 bytes, the data, and the
/// masked CRC-32C of the data, all little-endian.
enum TFRecord {
    static func frame(_ data: Data) -> Data {
        var out = Data(capacity: data.count + 16)
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Data($0) }
        out.append(length)
        withUnsafeBytes(of: CRC32C.masked(CRC32C.checksum(length)).littleEndian) { out.append(contentsOf: $0) }
        out.append(data)
        withUnsafeBytes(of: CRC32C.masked(CRC32C.checksum(data)).littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    struct Corrupt: Error, CustomStringConvertible {
        let offset: Int, problem: String
        var description: String { "record at byte \(offset): \(problem)" }
    }

    /// The records of a file's bytes, each checked against its CRCs.
    static func records(_ bytes: Data) throws -> [Data] {
        let b = [UInt8](bytes)
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) } }
        var out: [Data] = [], at = 0
        while at < b.count {
            guard b.count - at >= 16 else { throw Corrupt(offset: at, problem: "\(b.count - at) bytes left, a record needs at least 16") }
            let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * $1) }
            guard CRC32C.masked(CRC32C.checksum(b[at..<(at + 8)])) == u32(at + 8) else { throw Corrupt(offset: at, problem: "the length's CRC does not match") }
            guard length <= UInt64(b.count - at - 16) else { throw Corrupt(offset: at, problem: "claims \(length) bytes, more than the file holds") }
            let start = at + 12, end = start + Int(length)
            guard CRC32C.masked(CRC32C.checksum(b[start..<end])) == u32(end) else { throw Corrupt(offset: at, problem: "the data's CRC does not match") }
            out.append(Data(b[start..<end]))
            at = end + 4
        }
        return out
    }
}
