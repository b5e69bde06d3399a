import Foundation

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian
/// header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__":
/// {string: string}}, then the raw little-endian data. We write and read F32 only.
/// The reader validates everything before it touches the data.
public enum Safetensors {
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String, problem: String
        public var description: String { "\(file): not a valid safetensors file: \(problem)" }
    }

    /// Bytes of a file holding `tensors` in the given order, plus `metadata`.
    public static func encode(_ tensors: [(String, Tensor)], metadata: [String: String]) throws -> Data {
        var header: [String: Any] = ["__metadata__": metadata]
        var offset = 0
        for (name, t) in tensors {
            header[name] = ["dtype": "F32", "shape": t.shape.dims, "data_offsets": [offset, offset + t.count * 4]]
            offset += t.count * 4
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned (allowed by the spec).
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, t) in tensors {
            out.append(UnsafeBufferPointer(start: t.pointer, count: t.count))  // x86 and arm64 are little-endian
        }
        return out
    }

    public static func decode(_ data: Data, file: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ p: String) -> FormatError { FormatError(file: file, problem: p) }
        guard data.count >= 8 else { throw fail("only \(data.count) bytes, shorter than the 8-byte header length") }
        let n = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
        guard n <= 100_000_000, n <= UInt64(data.count - 8) else { throw fail("header length \(n) exceeds the file (\(data.count) bytes)") }
        let headerBytes = data.subdata(in: 8..<8 + Int(n))
        guard let json = try? JSONSerialization.jsonObject(with: headerBytes), let header = json as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        // JSONSerialization keeps one of two equal keys silently: which tensor a name means must not depend on the reader.
        guard colonsOutsideStrings(headerBytes) == keyCount(json) else { throw fail("header repeats a key") }
        let dataStart = 8 + Int(n), dataLength = data.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: Shape, begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let e = value as? [String: Any], let dtype = e["dtype"] as? String, let shapeValue = e["shape"], let offsetsValue = e["data_offsets"]
            else { throw fail("entry '\(name)' lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw fail("tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            guard let shape = integers(shapeValue), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("tensor '\(name)' has shape \(shapeValue): a shape is a list of non-negative integers")
            }
            guard let offsets = integers(offsetsValue), offsets.count == 2 else {
                throw fail("tensor '\(name)' has data_offsets \(offsetsValue): they are two integers [begin, end]")
            }
            let (b, end) = (offsets[0], offsets[1])
            guard b >= 0, b <= end, end <= dataLength else { throw fail("tensor '\(name)' offsets [\(b), \(end)] lie outside the \(dataLength) data bytes") }
            guard let count = Shape.checkedCount(shape), case let (bytes, false) = count.multipliedReportingOverflow(by: 4) else {
                throw fail("tensor '\(name)' has shape \(shape), whose element count overflows")
            }
            guard end - b == bytes else { throw fail("tensor '\(name)' of shape \(shape) needs \(bytes) bytes but its offsets span \(end - b)") }
            entries.append((name, Shape(shape), b, end))
        }
        // The spec requires the tensors to cover the data exactly, without holes or overlap.
        var cursor = 0
        for e in entries.sorted(by: { $0.begin < $1.begin }) {
            guard e.begin == cursor else { throw fail("tensor '\(e.name)' starts at \(e.begin), expected \(cursor) (overlap or hole)") }
            cursor = e.end
        }
        guard cursor == dataLength else { throw fail("\(dataLength - cursor) trailing bytes belong to no tensor") }
        var tensors: [String: Tensor] = [:]
        data.withUnsafeBytes { raw in
            for e in entries {
                let t = Tensor(shape: e.shape)
                memcpy(t.pointer, raw.baseAddress! + dataStart + e.begin, e.end - e.begin)
                tensors[e.name] = t
            }
        }
        return (tensors, metadata)
    }

    /// A JSON list of integers, as written: no booleans (which bridge to 0 and 1),
    /// no fractions or exponents (1.0, 1e2), nothing outside Int.
    private static func integers(_ value: Any) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var out: [Int] = []
        for v in list {
            guard let n = v as? NSNumber, !(v is NSDecimalNumber), !["c", "d", "f"].contains(String(cString: n.objCType)),
                  let i = Int(exactly: n) else { return nil }
            out.append(i)
        }
        return out
    }

    /// Every key of a JSON document is followed by one colon, and no other colon
    /// stands outside a string.
    private static func colonsOutsideStrings(_ json: Data) -> Int {
        var colons = 0, inString = false, escaped = false
        for b in json {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: ":") {
                colons += 1
            }
        }
        return colons
    }

    /// Keys of all objects in a parsed document (each distinct key once per object).
    private static func keyCount(_ value: Any) -> Int {
        if let d = value as? [String: Any] { return d.count + d.values.reduce(0) { $0 + keyCount($1) } }
        if let a = value as? [Any] { return a.reduce(0) { $0 + keyCount($1) } }
        return 0
    }
}
