/// The IDX format of (Fashion-)MNIST: big-endian magic 0x00000803 + (count,
/// rows, cols) for images, 0x00000801 + count for labels, then unsigned bytes.
/// The header is read and checked first; the payload is read only as far as it says.
public enum IDXFile {
    public struct Images {
        public let count: Int, rows: Int, cols: Int
        public let pixels: [UInt8]   // (count, rows, cols)
    }

    public static func readImages(_ path: String) throws -> Images {
        let file = try GzipFile(path)
        let header = try file.read(16)
        try expect(header, magic: 0x0803, headerWords: 4, path: path)
        let (count, rows, cols) = (word(header, 1), word(header, 2), word(header, 3))
        guard rows > 0, cols > 0, rows <= 4096, cols <= 4096 else { throw DatasetError(file: path, "implausible image size \(rows)x\(cols)") }
        let promised = "\(count) images of \(rows)x\(cols)"
        let pixels = try payload(file, header: header, bytes: [count, rows, cols], promised: promised)
        return Images(count: count, rows: rows, cols: cols, pixels: pixels)
    }

    public static func readLabels(_ path: String) throws -> [UInt8] {
        let file = try GzipFile(path)
        let header = try file.read(8)
        try expect(header, magic: 0x0801, headerWords: 2, path: path)
        let count = word(header, 1)
        return try payload(file, header: header, bytes: [count], promised: "\(count) labels")
    }

    /// The bytes after the header: exactly the product of `bytes`, checked before it is read.
    private static func payload(_ file: GzipFile, header: [UInt8], bytes factors: [Int], promised: String) throws -> [UInt8] {
        var size = 1
        for f in factors {
            let (p, overflow) = size.multipliedReportingOverflow(by: f)
            guard !overflow, p <= GzipFile.maximumBytes - header.count else {
                throw DatasetError(file: file.path, "header promises \(promised): more than 1 GiB, not a Fashion-MNIST file")
            }
            size = p
        }
        let payload = try file.read(size)
        let ended = try file.atEnd()
        let expected = "header promises \(promised) (\(header.count + size) bytes)"
        guard payload.count == size else { throw DatasetError(file: file.path, "\(expected) but the file holds \(header.count + payload.count)") }
        guard ended else { throw DatasetError(file: file.path, "\(expected) but the file goes on past them") }
        return payload
    }

    private static func expect(_ bytes: [UInt8], magic: Int, headerWords: Int, path: String) throws {
        guard bytes.count >= 4 else { throw DatasetError(file: path, "only \(bytes.count) bytes: shorter than an IDX header") }
        let found = word(bytes, 0)
        guard found == magic else {
            throw DatasetError(file: path, "wrong IDX magic number 0x\(String(found, radix: 16)) (expected 0x\(String(magic, radix: 16)))")
        }
        guard bytes.count >= headerWords * 4 else { throw DatasetError(file: path, "only \(bytes.count) bytes: shorter than an IDX header") }
    }

    private static func word(_ b: [UInt8], _ i: Int) -> Int {
        (Int(b[4 * i]) << 24) | (Int(b[4 * i + 1]) << 16) | (Int(b[4 * i + 2]) << 8) | Int(b[4 * i + 3])
    }
}
