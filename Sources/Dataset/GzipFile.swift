import CZlib

/// Reads a whole gzip file through zlib. A file that is not gzip is refused
/// rather than passed through (zlib would read it as plain bytes); a truncated
/// stream is refused with zlib's own message.
enum GzipFile {
    static let maximumBytes = 1 << 30

    static func read(_ path: String) throws -> [UInt8] {
        guard let probe = fopen(path, "rb") else { throw DatasetError(file: path, "cannot open (\(String(cString: strerror(errno))))") }
        let b0 = fgetc(probe), b1 = fgetc(probe)
        fclose(probe)
        guard b0 == 0x1f, b1 == 0x8b else { throw DatasetError(file: path, "not a gzip file (no 1f 8b magic); expected an IDX .gz file") }
        guard let gz = gzopen(path, "rb") else { throw DatasetError(file: path, "cannot open with zlib") }
        defer { gzclose(gz) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(gz, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                throw DatasetError(file: path, "corrupt gzip data (\(String(cString: gzerror(gz, &code))))")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
            guard out.count <= maximumBytes else { throw DatasetError(file: path, "decompresses to more than 1 GiB; not a Fashion-MNIST file") }
        }
        // gzread returns 0 both at a clean end and when the stream stops early.
        var code: Int32 = 0
        let message = String(cString: gzerror(gz, &code))
        if code != Z_OK && code != Z_STREAM_END { throw DatasetError(file: path, "truncated or corrupt gzip stream (\(message))") }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
