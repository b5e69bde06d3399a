import Foundation
import XCTest
@testable import Experiments

/// `workbench runs`' table: what each format says of a tuned, a finished and a half-begun run.
final class RunTableTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// A finished run whose lr was set live in epoch 1, and one stopped before its first epoch ended (no summary).
    private func tunedAndUnfinished() throws -> (tuned: TrainingRun, unfinished: TrainingRun) {
        let tuned = try TrainingRun(config: TinyRun.config(), root: root)
        try tuned.run { if case .batch(1, let b, _, _) = $0, b.batch == 2 { tuned.mailbox.send(.setLearningRate(0.0002)) } }
        let unfinished = try TrainingRun(config: TinyRun.config(), root: root)
        try unfinished.run { if case .batch(1, let b, _, _) = $0, b.batch == 1 { unfinished.mailbox.send(.stop) } }
        return (tuned, unfinished)
    }

    func testCSVHasAHeaderTheTunedSettingsAndNumbersThatReadBackExactly() throws {
        let (tuned, unfinished) = try tunedAndUnfinished()
        let summary = try RunRecord.readSummary(tuned.record.directory)
        let csv = try CSV(parsing: RunTable(RunListing.scan(root).runs).rendered(.csv), path: "runs.csv", expected: RunTable.columns.map(\.name))
        let rows = Dictionary(uniqueKeysWithValues: csv.rows.map { row in
            (row.fields[0], Dictionary(uniqueKeysWithValues: zip(csv.header, row.fields)))
        })
        let t = try XCTUnwrap(rows[tuned.record.id]), u = try XCTUnwrap(rows[unfinished.record.id])
        XCTAssertEqual(t["lr"], "0.0002", "the rate as the run was left, not the one it started with")
        XCTAssertEqual(t["lr_start"], "0.001")
        XCTAssertEqual(t["tuned_live"], "true")
        XCTAssertEqual(t["epochs_done"], "2")
        XCTAssertEqual(t["epochs_planned"], "2")
        XCTAssertEqual(t["state"], "done")
        XCTAssertEqual(t["test_accuracy"].flatMap(Double.init), summary.testAccuracy, "unformatted: the exact recorded value")
        XCTAssertEqual(t["test_wilson95_low"].flatMap(Double.init), summary.testAccuracyInterval?.low)
        XCTAssertEqual(t["best_val_accuracy"].flatMap(Double.init), summary.bestValidationAccuracy)
        XCTAssertEqual(u["tuned_live"], "false")
        XCTAssertEqual(u["test_accuracy"], "", "missing is empty, which pandas reads as NaN")
        XCTAssertEqual(u["best_val_epoch"], "")
        XCTAssertEqual(u["state"], "stopped")
    }

    func testJSONGivesNumbersAndNullsUnderTheCSVColumnNames() throws {
        let (tuned, unfinished) = try tunedAndUnfinished()
        let text = RunTable(RunListing.scan(root).runs).rendered(.json)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(objects.map { $0["id"] as? String }, [unfinished.record.id, tuned.record.id], "newest first")
        XCTAssertEqual(Set(objects[0].keys), Set(RunTable.columns.map(\.name)))
        XCTAssertTrue(objects[0]["test_accuracy"] is NSNull)
        XCTAssertEqual(objects[1]["lr"] as? Double, 0.0002)
        XCTAssertEqual(objects[1]["tuned_live"] as? Bool, true)
        XCTAssertEqual(objects[1]["directory"] as? String, tuned.record.directory)
        XCTAssertEqual(RunTable([]).rendered(.json), "[]\n")
    }

    func testTextTableIsAlignedMarksLiveValuesAndNeverPrintsControlCharacters() throws {
        let (tuned, _) = try tunedAndUnfinished()
        // A folder renamed by hand to carry a terminal escape sequence.
        let hostile = root + "/evil-\u{1b}[2J-run"
        try FileManager.default.copyItem(atPath: tuned.record.directory, toPath: hostile)
        let text = RunTable(RunListing.scan(root).runs).rendered(.text)
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, text)
        XCTAssertTrue(text.contains("evil-?[2J-run"), text)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 1 + 3 + 1, "header, three runs, the footnote on live values")
        let stateColumn = try XCTUnwrap(lines[0].range(of: "state")).lowerBound.utf16Offset(in: lines[0])
        for line in lines[1...3] {
            let word = line.utf16.dropFirst(stateColumn).prefix { $0 != 0x20 }
            XCTAssertTrue(["done", "stopped"].contains(String(decoding: Array(word), as: UTF16.self)), "column not aligned: \(line)")
        }
        XCTAssertTrue(lines[1...3].contains { $0.contains(" 0.0002* ") }, text)
        XCTAssertTrue(lines[4].hasPrefix("* set live during training"), lines[4])
    }

    func testMarkdownIsATableWithItsRule() throws {
        _ = try tunedAndUnfinished()
        let lines = RunTable(RunListing.scan(root).runs).rendered(.markdown).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("| run | preset | opt | lr |"), "\(lines[0])")
        XCTAssertEqual(lines[1], "|---|---|---|---|---|---|---|---|---|---|---|")
        XCTAssertEqual(lines[2].filter { $0 == "|" }.count, 12)
        XCTAssertEqual(RunTable.clock(3725), "1:02:05")
        XCTAssertEqual(RunTable.clock(65.4), "1:05")
    }
}
