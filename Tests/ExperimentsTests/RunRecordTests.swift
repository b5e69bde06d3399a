import XCTest
@testable import Experiments

/// A run's files under hostile conditions: hand-edited CSV, a full disk, hostile names.
final class RunRecordTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func testAHandEditedRowWithAMissingFieldIsRefusedNamingFileAndLine() throws {
        let run = try TinyRun.stoppedAfterFirstEpoch(root: root)
        let dir = run.record.directory
        for (file, mention) in [("metrics.csv", "line 3"), ("timings.csv", "line 2")] {
            let path = dir + "/" + file
            let good = try TinyRun.read(path)
            var lines = good.split(separator: "\n").map(String.init)
            lines[lines.count - 1] = lines[lines.count - 1].split(separator: ",").dropLast().joined(separator: ",")
            try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
            for attempt in [{ _ = try RunListing.load(dir) }, { _ = try TrainingRun(resuming: dir) }] {
                XCTAssertThrowsError(try attempt(), file) { XCTAssertTrue("\($0)".contains("\(path): \(mention)"), "\($0)") }
            }
            try AtomicFile.write(good, to: path)
        }
        XCTAssertEqual(try TrainingRun(resuming: dir).run().state, .done, "the restored files resume")
    }

    func testAFullDiskWhileLoggingStopsTheRunWithAnErrorAndKeepsTheRecord() throws {
        let run = try TrainingRun(config: TinyRun.config(epochs: 3), root: root)
        let events = run.record.directory + "/events.log"
        let logged = try TinyRun.read(events)
        XCTAssertThrowsError(try run.run { event in
            // After epoch 1 the disk fills up (/dev/full refuses every write with ENOSPC);
            // the lr change of epoch 2 must be logged, so the run cannot go on.
            guard case .epochEnded(let r) = event, r.epoch == 1 else { return }
            try? FileManager.default.removeItem(atPath: events)
            try? FileManager.default.createSymbolicLink(atPath: events, withDestinationPath: "/dev/full")
            run.mailbox.send(.setLearningRate(0.0005))
        }) { XCTAssertTrue("\($0)".contains("events.log") && "\($0)".contains("No space left on device"), "\($0)") }
        XCTAssertEqual(try TinyRun.read(run.record.metricsPath).split(separator: "\n").count, 1 + 2, "epoch 1's rows stay")
        XCTAssertEqual(try RunRecord.readSummary(run.record.directory).epochsCompleted, 1)
        try FileManager.default.removeItem(atPath: events)
        try AtomicFile.write(logged, to: events)
        let resumed = try TrainingRun(resuming: run.record.directory)
        XCTAssertEqual(try resumed.run().state, .done)
    }

    func testHostileNamesStayOneFolderInsideTheRoot() throws {
        let hostile = ["../../../tmp/x", "/etc/passwd", "..", ".", "", ".hidden", "a/../../b", "tab\tnew\nline", "semi;rm -rf ~", String(repeating: "long", count: 100), "ü/é"]
        for name in hostile {
            let record = try RunRecord.create(root: root, preset: name)
            XCTAssertEqual((record.directory as NSString).deletingLastPathComponent, root, name)
            let folder = record.id
            XCTAssertFalse(folder.contains("/") || folder.hasPrefix(".") || folder.count > 130, folder)
            XCTAssertTrue(FileManager.default.fileExists(atPath: record.directory), name)
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: root)
        XCTAssertEqual(entries.count, hostile.count, "each name its own folder, all inside the root: \(entries)")
        for name in ["..", "../x", "/abs"] {
            let f = FiveByTwoRecord.folder(root: root, name, "b")
            XCTAssertEqual((f as NSString).deletingLastPathComponent, root, name)
            XCTAssertEqual((FiveByTwoRecord.path(root: root, name, "b") as NSString).deletingLastPathComponent, root, name)
        }
        XCTAssertEqual(FileName.component("vgg16-v2-run2"), "vgg16-v2-run2", "ordinary names are kept as they are")
    }

    func testAPresetNamingAnotherFolderTrainsInsideTheRoot() throws {
        var config = try TinyRun.config(epochs: 1)
        let name = "escaped-\(UUID().uuidString)"
        config.preset = "../../../" + name   // "<root>/<time>-../../../<name>" is <root>/../<name>
        let run = try TrainingRun(config: config, root: root + "/sub")
        try run.run()
        XCTAssertEqual((run.record.directory as NSString).deletingLastPathComponent, root + "/sub")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/" + name))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["sub"])
    }
}
