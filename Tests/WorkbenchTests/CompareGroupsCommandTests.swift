import Experiments
import Foundation
import XCTest

/// `workbench compare --groups A B` and `--group ... --vs ...` on real tiny trainings (two repeats of two lrs).
final class CompareGroupsCommandTests: XCTestCase {
    private var out: String!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.binaryPath), "build first: swift build -c release")
        out = (NSTemporaryDirectory() as NSString).appendingPathComponent("compare-groups-\(UUID().uuidString)")
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    private func workbench(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process(), o = Pipe(), e = Pipe()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binaryPath)
        p.arguments = args
        (p.standardOutput, p.standardError) = (o, e)
        try p.run()
        let (stdout, stderr) = (o.fileHandleForReading.readDataToEndOfFile(), e.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testTwoGroupsOfRepeatsArePairedBySeedAndTheOutputSaysWhichTest() throws {
        for lr in ["0.001", "0.03"] {
            let r = try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "1", "--set", "runs=2", "--set", "optimizer.lr=\(lr)", "--out", out])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let runs = RunListing.scan(out).runs.sorted { $0.id < $1.id }
        XCTAssertEqual(runs.count, 4)
        let (a, b) = (runs.filter { $0.config.optimizer.lr == 0.001 }.map(\.directory), runs.filter { $0.config.optimizer.lr == 0.03 }.map(\.directory))

        let inferred = try workbench(["compare", "--groups", a[0], b[1]])
        XCTAssertEqual(inferred.status, 0, inferred.stderr)
        XCTAssertTrue(inferred.stdout.contains("A: basic-cnn, 2 runs (\(a[0]), \(a[1])): mean test accuracy "), inferred.stdout)
        XCTAssertTrue(inferred.stdout.contains("test: paired: the groups share 2 seeds (data seed and run index)"), inferred.stdout)
        XCTAssertTrue(inferred.stdout.contains("  \(a[0]) vs \(b[0]): "), inferred.stdout)
        let verdict = try XCTUnwrap(inferred.stdout.split(separator: "\n").last.map(String.init))
        XCTAssertTrue(verdict.contains("over 2 paired seeds); McNemar p<0.05 in "), verdict)

        let given = try workbench(["compare", "--group"] + a + ["--vs"] + b)
        XCTAssertEqual(given.stdout, inferred.stdout, "the same groups, given by folder")

        let mixed = try workbench(["compare", "--group", a[0], b[0], "--vs", b[1]])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.stderr.contains("\(b[0]): is not a repeat of \(a[0]) (group A): its config differs in optimizer.lr"), mixed.stderr)
        let alone = try workbench(["compare", "--group", a[0], "--vs"] + b)
        XCTAssertTrue(alone.status == 1 && alone.stderr.contains("Welch's t-test needs at least two finished runs in each group"), alone.stderr)
        let half = try workbench(["compare", "--group", a[0]])
        XCTAssertTrue(half.status != 0 && half.stderr.contains("--group and --vs go together"), half.stderr)
    }
}
