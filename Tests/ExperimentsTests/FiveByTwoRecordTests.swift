import Dataset
import XCTest
@testable import Experiments

/// The 5x2cv record keeps the data profile of its runs and holds one profile.
final class FiveByTwoRecordTests: XCTestCase {
    private var root: String!
    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private let accuracies = [[0.8, 0.7], [0.75, 0.72], [0.81, 0.69], [0.77, 0.74], [0.8, 0.71]]

    private func record(_ profile: Profile) -> FiveByTwoRecord {
        FiveByTwoRecord(first: "a", second: "b", profile: profile, firstAccuracies: accuracies, secondAccuracies: accuracies.reversed().map { $0.reversed() },
                        firstRuns: (1...10).map { "a\($0)" }, secondRuns: (1...10).map { "b\($0)" })
    }

    func testTheProfileRoundTripsAndAnOlderRecordIsReadAsReportSayingSo() throws {
        let path = root + "/r.json"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try record(.tiny).write(to: path)
        XCTAssertEqual(try FiveByTwoRecord.read(path)?.profile, .tiny)

        // A record from before the field: the same JSON without "profile".
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        json["profile"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let old = try XCTUnwrap(try FiveByTwoRecord.read(path))
        XCTAssertNil(old.profile)
        XCTAssertEqual(old.dataProfile, .report)
        XCTAssertTrue(old.profileText.contains("not recorded"), old.profileText)
        XCTAssertNoThrow(try old.require(.report, path: path))
        XCTAssertThrowsError(try old.require(.tiny, path: path)) { XCTAssertTrue("\($0)".hasPrefix(path + ": records the 5x2cv test on data profile report (not recorded"), "\($0)") }
    }

    /// Re-run on another profile, the record was overwritten; now nothing trains and it stays.
    func testAComparisonOnAnotherProfileIsRefusedBeforeTrainingAndLeavesTheRecord() throws {
        let path = FiveByTwoRecord.path(root: root, "basic-cnn", "slow-cnn")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try record(.report).write(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tiny = try TinyRun.config(epochs: 1)
        var trained = 0
        let runs = FinishedRuns(train: { trained += 1; return try $0.run() }, log: { _ in })
        XCTAssertThrowsError(try FiveByTwoCV.run(("basic-cnn", tiny), ("dir/slow-cnn.yaml", tiny), out: root, runs: runs)) {
            XCTAssertTrue("\($0)".contains("records the 5x2cv test on data profile report, not tiny, and one record does not mix profiles"), "\($0)")
            XCTAssertTrue("\($0)".contains("--profile report"), "\($0)")
        }
        XCTAssertEqual(trained, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: FiveByTwoRecord.folder(root: root, "basic-cnn", "slow-cnn")))

        var bigger = tiny
        bigger.input.height = 40
        XCTAssertThrowsError(try FiveByTwoCV.run(("basic-cnn", tiny), ("big", bigger), out: root, runs: runs)) {
            XCTAssertEqual("\($0)", "5x2cv needs both presets on the same data and input size; basic-cnn and big differ")
        }
    }

    /// `reproduce --profile P` reports only a 5x2cv record of P.
    func testTheReportTakesOnlyARecordOfItsProfile() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let path = FiveByTwoRecord.path(root: root, "vgg16-v2", "vgg16-v1")
        let runs = FinishedRuns(train: { _ in XCTFail("nothing to train"); throw CancellationError() }, log: { _ in })
        for (recorded, wanted, kept) in [(Profile.tiny, "tiny", true), (.tiny, "report", false), (.report, "report", true)] {
            try record(recorded).write(to: path)
            var lines: [String] = []
            let reproduction = StudyReproduction(presets: [], profile: wanted, epochs: nil, transfer: false, reportOnly: true, out: root,
                                                 presetPath: { $0 }, transferPath: { $0 })
            let report = try reproduction.report(command: "test", runs: runs, log: { lines.append($0) })
            XCTAssertEqual(report.fiveByTwo != nil, kept, "\(recorded) record, --profile \(wanted)")
            XCTAssertEqual(lines, kept ? [] : [path + ": its 5x2cv test is on the data profile tiny, not report: left out of the report"])
        }
    }
}
