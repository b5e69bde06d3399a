import XCTest
@testable import Experiments

/// RFC 4180 quoting on write, the same rules on read, and rows checked by file and line.
final class CSVTests: XCTestCase {
    private func refused(_ text: String, expected: [String]? = nil, mentions: [String], line: UInt = #line) {
        XCTAssertThrowsError(try CSV(parsing: text, path: "t.csv", expected: expected), line: line) { e in
            for m in ["t.csv"] + mentions { XCTAssertTrue("\(e)".contains(m), "'\(e)' lacks '\(m)'", line: line) }
        }
    }

    func testFieldsWithCommasQuotesAndLineBreaksRoundTrip() throws {
        let hostile = ["a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", " padded ", "\"", ",", "plain"]
        let text = CSV.text(header: ["x", "y"], rows: hostile.map { [$0, "1"] })
        XCTAssertTrue(text.hasPrefix("x,y\n\"a,b\",1\n\"say \"\"hi\"\"\",1\n\"two\nlines\",1\n"), text)
        let csv = try CSV(parsing: text, path: "t.csv", expected: ["x", "y"])
        XCTAssertEqual(csv.rows.map { $0.fields[0] }, hostile)
        // A row starts on the line after the quoted line breaks before it.
        XCTAssertEqual(csv.rows.map(\.line), [2, 3, 4, 6, 8, 9, 10, 11, 12])
        XCTAssertEqual(try CSV(parsing: "a,b\r\n1,2\r\n", path: "t.csv").rows, [CSV.Row(line: 2, fields: ["1", "2"])])
        XCTAssertEqual(CSV.line(["plain", "0.5"]), "plain,0.5", "numbers and plain names stay unquoted: old files stay byte-identical")
    }

    func testMalformedFilesAreRefusedNamingFileAndLine() {
        refused("a,b,c\n1,2,3\n1,2\n", mentions: ["line 3", "2 field(s)", "header 3"])
        refused("a,b\n1,2,3\n", mentions: ["line 2", "3 field(s)"])
        refused("a,b\n\"open,2\n", mentions: ["line 2", "not closed"])
        refused("a,b\n1,x\"y\n", mentions: ["line 2", "double quote inside an unquoted field"])
        refused("a,b\n\"x\"y,2\n", mentions: ["line 2", "after a field's closing quote"])
        refused("a,b\n1\r2,3\n", mentions: ["line 2", "carriage return"])
        refused("", expected: ["a"], mentions: ["empty"])
        refused("b\n", expected: ["a"], mentions: ["unexpected header 'b'"])
    }

    func testPredictionsWithHostileClassNamesAreQuotedAndReadBack() throws {
        let root = NSTemporaryDirectory() + "/csv-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let record = try RunRecord.create(root: root, preset: "p")
        let names = ["a,b", "say \"hi\"", "two\nlines"]
        try record.writePredictions(labels: [0, 1, 2, 2], probabilities: [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.1, 0.3], [0, 0, 1]], classNames: names, to: record.predictionsPath)
        let p = try Predictions.read(record.directory)
        XCTAssertEqual(p.labels, [0, 1, 2, 2])
        XCTAssertEqual(p.predicted, [0, 1, 0, 2])
        XCTAssertEqual(p.probabilities[1], [0.1, 0.8, 0.1])
    }

    func testAMalformedPredictionsRowIsNamedByLine() throws {
        let dir = NSTemporaryDirectory() + "/csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (body, mention) in [("0,a,b,0.5,0.5\n1,a,c,0.5,0.5\n", "line 3"), ("0,a,b,0.5,x\n", "line 2"), ("0,a,b,0.5\n", "line 2"), ("5,a,b,0.5,0.5\n", "line 2")] {
            try AtomicFile.write("index,true,predicted,p_a,p_b\n" + body, to: dir + "/predictions.csv")
            XCTAssertThrowsError(try Predictions.read(dir), body) { XCTAssertTrue("\($0)".contains("predictions.csv: \(mention)"), "\($0)") }
        }
    }
}
