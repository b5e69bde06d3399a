/// The IDX format of (Fashion-)MNIST: big-endian magic 0x00000803 + (count,
/// rows, cols) for images, 0x00000801 + count for labels, then unsigned bytes.
public enum IDXFile {
    public struct Images {
        public let count: Int, rows: Int, cols: Int
        public let pixels: [UInt8]   // (count, rows, cols)
    }

    public static func readImages(_ path: String) throws -> Images {
        let bytes = try GzipFile.read(path)
        try expect(bytes, magic: 0x0803, headerWords: 4, path: path)
        let (count, rows, cols) = (word(bytes, 1), word(bytes, 2), word(bytes, 3))
        guard rows > 0, cols > 0, rows <= 4096, cols <= 4096 else { throw DatasetError(file: path, "implausible image size \(rows)x\(cols)") }
        let expected = 16 + count * rows * cols
        guard bytes.count == expected else {
            throw DatasetError(file: path, "header promises \(count) images of \(rows)x\(cols) (\(expected) bytes) but the file holds \(bytes.count)")
        }
        return Images(count: count, rows: rows, cols: cols, pixels: Array(bytes[16...]))
    }

    public static func readLabels(_ path: String) throws -> [UInt8] {
        let bytes = try GzipFile.read(path)
        try expect(bytes, magic: 0x0801, headerWords: 2, path: path)
        let count = word(bytes, 1)
        guard bytes.count == 8 + count else {
            throw DatasetError(file: path, "header promises \(count) labels but the file holds \(bytes.count - 8)")
        }
        return Array(bytes[8...])
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
