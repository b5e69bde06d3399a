import Foundation

/// The CSV files of a run (metrics, timings, predictions), written and read
/// per RFC 4180: a field holding a comma, a double quote or a line break is
/// quoted, its quotes doubled. Lines end in LF when written; CRLF is read too.
/// Reading checks every row against the header and names file and line.
public struct CSV: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        /// The line the row starts on, 1-based (the header is line 1).
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]

    /// One record, quoted where RFC 4180 requires it.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }

    /// A whole file: the header, then the rows, each line ending in LF.
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { line($0) + "\n" }.joined()
    }

    /// Parses `text`; `path` names the file in errors. When `expected` is given
    /// the header must be exactly that. Every row must have as many fields as
    /// the header. Empty lines are ignored.
    public init(parsing text: String, path: String, expected: [String]? = nil) throws {
        var records = try Self.records(text, path: path)
        guard !records.isEmpty else { throw IOFailure(path: path, "is empty; expected a header line" + (expected.map { " '\(Self.line($0))'" } ?? "")) }
        let first = records.removeFirst()
        if let expected, first.fields != expected {
            throw IOFailure(path: path, "unexpected header '\(Self.line(first.fields))', expected '\(Self.line(expected))'")
        }
        for r in records where r.fields.count != first.fields.count {
            throw IOFailure(path: path, "line \(r.line) has \(r.fields.count) field(s), the header \(first.fields.count) (\(Self.line(first.fields)))")
        }
        header = first.fields
        rows = records
    }

    /// An error about one field of `row`, naming file, line and column.
    public static func problem(_ path: String, _ row: Row, column: Int, of header: [String], _ what: String) -> IOFailure {
        IOFailure(path: path, "line \(row.line): field '\(header[column])' is '\(row.fields[column])', \(what)")
    }

    private static func records(_ text: String, path: String) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = [], field = ""
        var line = 1, start = 1
        var quoted = false, wasQuoted = false, inRecord = false
        var chars = Array(text.unicodeScalars)[...]
        func endField() {
            fields.append(field)
            (field, wasQuoted) = ("", false)
        }
        func endRecord() {
            endField()
            rows.append(Row(line: start, fields: fields))
            (fields, inRecord) = ([], false)
        }
        while let c = chars.popFirst() {
            if !inRecord {
                if c == "\n" || (c == "\r" && chars.first == "\n") {
                    if c == "\r" { chars.removeFirst() }
                    line += 1
                    continue
                }
                (inRecord, start) = (true, line)
            }
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        chars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                endField()
            case "\n", "\r":
                if c == "\r" {
                    guard chars.first == "\n" else { throw IOFailure(path: path, "line \(line): a carriage return outside quotes") }
                    chars.removeFirst()
                }
                endRecord()
                line += 1
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw IOFailure(path: path, "line \(line): a double quote inside an unquoted field (RFC 4180 quotes the whole field)") }
                (quoted, wasQuoted) = (true, true)
            default:
                guard !wasQuoted else { throw IOFailure(path: path, "line \(line): text after a field's closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw IOFailure(path: path, "line \(start): a quoted field is not closed before the end of the file") }
        if inRecord { endRecord() }
        return rows
    }
}
