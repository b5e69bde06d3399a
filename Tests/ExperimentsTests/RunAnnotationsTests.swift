import Foundation
import XCTest
@testable import Experiments

/// Name, tags and note of a run: their own file, validated, safe while the run trains.
final class RunAnnotationsTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// Every file of the folder but the annotations, by name.
    private func writerFiles(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name != RunAnnotations.fileName {
            files[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return files
    }

    func testAnnotationsLiveInTheirOwnFileAndEveryViewShowsThem() throws {
        let dir = try TinyRun.finished(root: root)
        let before = try writerFiles(dir)
        try RunAnnotations.update(dir) { try $0.setName("  first try  ") }
        try RunAnnotations.update(dir) { try $0.addTags(["sweep", "baseline", "sweep"]) }
        try RunAnnotations.update(dir) { try $0.setNote("lr too high?\n\ttry 1e-4") }
        XCTAssertEqual(try writerFiles(dir), before, "no file the training writer owns is touched")

        let listing = try RunListing.load(dir)
        XCTAssertEqual(listing.annotations.name, "first try", "surrounding white space dropped")
        XCTAssertEqual(listing.annotations.tags, ["baseline", "sweep"], "sorted, each once")
        XCTAssertEqual(listing.annotations.note, "lr too high?\n\ttry 1e-4")
        XCTAssertTrue(listing.filterText.contains("baseline") && listing.filterText.contains("first try"), listing.filterText)
        let csv = try CSV(parsing: RunTable([listing]).rendered(.csv), path: "runs.csv")
        XCTAssertEqual(Array(csv.rows[0].fields[1...3]), ["first try", "baseline sweep", "lr too high?\n\ttry 1e-4"])
        XCTAssertTrue(RunTable([listing]).rendered(.text).contains("first try  baseline,sweep"))

        try RunAnnotations.update(dir) { $0.removeTags(["sweep"]); try $0.setName("") }
        let after = try RunAnnotations.read(dir)
        XCTAssertEqual(after.tags, ["baseline"])
        XCTAssertNil(after.name, "an empty name clears it")
    }

    func testAnnotatingWhileTheRunTrainsLeavesItsRecordByteIdentical() throws {
        let plain = try TrainingRun(config: TinyRun.config(epochs: 3), root: root)
        try plain.run { _ in }
        let annotated = try TrainingRun(config: TinyRun.config(epochs: 3), root: root)
        var holder: RunLock.Holder?
        try annotated.run { event in
            guard case .epochEnded(let r) = event, r.epoch == 1 else { return }
            holder = RunLock.holder(of: annotated.record.directory)
            do { try RunAnnotations.update(annotated.record.directory) { try $0.addTags(["mid-training"]) } } catch { XCTFail("\(error)") }
        }
        XCTAssertEqual(holder?.pid, getpid(), "the annotation was made while the training held the run's lock")
        XCTAssertEqual(try TinyRun.read(annotated.record.metricsPath), try TinyRun.read(plain.record.metricsPath))
        XCTAssertEqual(try RunRecord.readSummary(annotated.record.directory).state, .done)
        XCTAssertEqual(try RunAnnotations.read(annotated.record.directory).tags, ["mid-training"])
    }

    func testTwoAnnotatorsAtOnceLoseNothing() throws {
        let dir = try TinyRun.finished(root: root)
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            for k in 0..<10 {
                do { try RunAnnotations.update(dir) { try $0.addTags(["t\(side)-\(k)"]) } } catch { XCTFail("\(error)") }
            }
        }
        XCTAssertEqual(try RunAnnotations.read(dir).tags.count, 20)
    }

    func testNamesTagsAndNotesAreValidatedAndARefusalChangesNothing() throws {
        let dir = try TinyRun.finished(root: root)
        try RunAnnotations.update(dir) { try $0.setName("kept") }
        let refused: [(String, (inout RunAnnotations) throws -> Void)] = [
            ("control character U+1B", { try $0.setName("red \u{1b}[31m") }),
            ("U+202E", { try $0.setName("bidi \u{202e}evil") }),
            ("at most 80", { try $0.setName(String(repeating: "n", count: 81)) }),
            ("a comma", { try $0.addTags(["a,b"]) }),
            ("white space", { try $0.addTags(["two words"]) }),
            ("cannot be empty", { try $0.addTags([""]) }),
            ("33 characters long; at most 32", { try $0.addTags([String(repeating: "t", count: 33)]) }),
            ("at most 32 tags", { try $0.addTags((0..<33).map { "t\($0)" }) }),
            ("U+7", { try $0.setNote("bell \u{07}") }),
            ("at most 4000", { try $0.setNote(String(repeating: "x", count: 4001)) }),
        ]
        for (problem, change) in refused {
            XCTAssertThrowsError(try RunAnnotations.update(dir, change)) { XCTAssertTrue("\($0)".contains(problem), "\($0) (expected \(problem))") }
        }
        let a = try RunAnnotations.read(dir)
        XCTAssertEqual(a.name, "kept")
        XCTAssertTrue(a.tags.isEmpty)
        XCTAssertNil(a.note)
        XCTAssertThrowsError(try RunAnnotations.update(root) { try $0.setName("x") }) { XCTAssertTrue("\($0)".contains("not a run folder"), "\($0)") }
    }

    func testAHandEditedFileIsCheckedAndTheRunStillListed() throws {
        let dir = try TinyRun.finished(root: root)
        let path = dir + "/" + RunAnnotations.fileName
        for (text, problem) in [("{\"name\": \"\\u001b[2J\"}", "control character U+1B"), ("{\"nmae\": \"x\"}", "unknown key"),
                                ("[1, 2]", "not an annotations file"), (String(repeating: " ", count: 70_000) + "{}", "larger than")] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (runs, problems) = RunListing.scan(root)
            XCTAssertEqual(runs.count, 1, "a bad annotations file does not hide the run")
            XCTAssertTrue(runs[0].annotations.isEmpty)
            XCTAssertEqual(problems.count, 1)
            XCTAssertTrue(problems[0].hasPrefix(path + ": ") && problems[0].contains(problem), "\(problems) (expected \(problem))")
        }
    }
}
