import CZlib

/// A gzip file open for reading through zlib, read as far as its header says:
/// a file's header is checked before its payload is read, so a small file
/// claiming a huge payload costs what it holds, not what it claims. A file that
/// is not gzip is refused rather than passed through (zlib would read it as
/// plain bytes); a truncated stream is refused with zlib's own message.
final class GzipFile {
    static let maximumBytes = 1 << 30
    private static let chunk = 1 << 20

    let path: String
    private let gz: gzFile

    init(_ path: String) throws {
        self.path = path
        guard let probe = fopen(path, "rb") else { throw DatasetError(file: path, "cannot open (\(String(cString: strerror(errno))))") }
        let b0 = fgetc(probe), b1 = fgetc(probe)
        fclose(probe)
        guard b0 == 0x1f, b1 == 0x8b else { throw DatasetError(file: path, "not a gzip file (no 1f 8b magic); expected an IDX .gz file") }
        guard let gz = gzopen(path, "rb") else { throw DatasetError(file: path, "cannot open with zlib") }
        self.gz = gz
    }

    deinit { gzclose(gz) }

    /// The next `count` bytes, or fewer where the stream ends; grows with what
    /// is read, never allocating `count` up front.
    func read(_ count: Int) throws -> [UInt8] {
        guard count <= Self.maximumBytes else { throw DatasetError(file: path, "would decompress to more than 1 GiB; not a Fashion-MNIST file") }
        var out: [UInt8] = []
        while out.count < count {
            let want = min(Self.chunk, count - out.count), before = out.count
            out.append(contentsOf: repeatElement(0, count: want))
            let n = out.withUnsafeMutableBytes { gzread(gz, $0.baseAddress! + before, UInt32(want)) }
            if n < 0 {
                var code: Int32 = 0
                throw DatasetError(file: path, "corrupt gzip data (\(String(cString: gzerror(gz, &code))))")
            }
            out.removeLast(want - Int(n))
            if n == 0 { break }
        }
        return out
    }

    /// Whether the stream ends here; at the end, also checks the stream's
    /// trailer (gzread returns 0 both at a clean end and when the stream stops early).
    func atEnd() throws -> Bool {
        guard try read(1).isEmpty else { return false }
        var code: Int32 = 0
        let message = String(cString: gzerror(gz, &code))
        if code != Z_OK && code != Z_STREAM_END { throw DatasetError(file: path, "truncated or corrupt gzip stream (\(message))") }
        return true
    }
}

#if canImport(Glibc)
import Glibc
#endif
