import Experiments
import Foundation
import XCTest

/// `workbench runs` and its verbs, driven as a script would: stdin not a terminal, stdout a pipe.
final class RunsCommandTests: XCTestCase {
    private var out: String!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.binaryPath), "build first: swift build -c release")
        out = (NSTemporaryDirectory() as NSString).appendingPathComponent("runs-cli-\(UUID().uuidString)")
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    struct Output { let status: Int32, stdout: String, stderr: String }

    /// Runs the workbench to its end; stdin is `input` (a pipe, no terminal).
    static func workbench(_ args: [String], input: String = "", in folder: URL = CommandLineTests.root) throws -> Output {
        try run(CommandLineTests.binaryPath, args, input: input, in: folder)
    }

    static func run(_ executable: String, _ args: [String], input: String = "", in folder: URL = CommandLineTests.root) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = folder
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        (p.standardInput, p.standardOutput, p.standardError) = (stdin, stdout, stderr)
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // stderr on another thread, so that neither pipe fills while the other is read.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errors = Collected(), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.data = stderr.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errors.data, as: UTF8.self))
    }

    private func workbench(_ args: [String], input: String = "", in folder: URL = CommandLineTests.root) throws -> Output {
        try Self.workbench(args, input: input, in: folder)
    }

    /// A one-epoch tiny run trained by the workbench itself; its folder.
    private func train(_ extra: [String] = []) throws -> String {
        let r = try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "1", "--out", out] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").last { $0.hasPrefix("run record: ") })
        return String(line.dropFirst("run record: ".count))
    }

    func testTheTableInEachFormatAndUnreadableFoldersOnStderr() throws {
        let dir = try train()
        try FileManager.default.createDirectory(atPath: out + "/broken", withIntermediateDirectories: true)
        try "network: [".write(toFile: out + "/broken/config.yaml", atomically: true, encoding: .utf8)

        let text = try workbench(["runs", "--out", out])
        XCTAssertEqual(text.status, 0, "an unreadable folder is reported, not fatal, without --strict")
        XCTAssertTrue(text.stdout.hasPrefix("run "), text.stdout)
        XCTAssertTrue(text.stdout.contains((dir as NSString).lastPathComponent), text.stdout)
        XCTAssertTrue(text.stderr.contains("unreadable run folder: \(out!)/broken/config.yaml"), text.stderr)
        XCTAssertEqual(try workbench(["runs", "--out", out, "--strict"]).status, 1)

        let csv = try workbench(["runs", "list", "--out", out, "--csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let parsed = try CSV(parsing: csv.stdout, path: "stdout")
        XCTAssertEqual(parsed.header.first, "id")
        XCTAssertEqual(parsed.rows.count, 1)
        XCTAssertEqual(parsed.rows[0].fields[parsed.header.firstIndex(of: "directory")!], dir)
        XCTAssertFalse(csv.stdout.contains("unreadable"), "problems go to stderr, never into the CSV")

        let json = try workbench(["runs", "--out", out, "--json"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count, 1, json.stdout)
        XCTAssertTrue(try workbench(["runs", "--out", out, "--markdown"]).stdout.hasPrefix("| run |"))

        let missing = try workbench(["runs", "--out", out + "/nothing-here"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nothing-here: no such folder"), missing.stderr)
    }

    func testNameTagAndNoteARunAndRefuseControlCharacters() throws {
        let dir = try train()
        XCTAssertEqual(try workbench(["runs", "name", dir, "first try"]).stdout, "\(dir): named first try\n")
        XCTAssertEqual(try workbench(["runs", "tag", dir, "sweep", "baseline"]).stdout, "\(dir): tags baseline sweep\n")
        let untag = try workbench(["runs", "tag", dir, "--remove", "sweep", "nope"])
        XCTAssertEqual(untag.stdout, "\(dir): tags baseline\n")
        XCTAssertTrue(untag.stderr.contains("has no tag 'nope'"), untag.stderr)
        XCTAssertEqual(try workbench(["runs", "note", dir, "two\nlines"]).status, 0)

        let bad = try workbench(["runs", "name", dir, "x\u{1b}[2J"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("control character U+1B"), bad.stderr)
        XCTAssertNotEqual(try workbench(["runs", "tag", dir, "a,b"]).status, 0)
        XCTAssertTrue(try workbench(["runs", "name", out, "x"]).stderr.contains("is not a run folder"))

        let table = try workbench(["runs", "--out", out]).stdout
        XCTAssertTrue(table.hasPrefix("run ") && table.contains("  name  ") && table.contains("first try  baseline  "), table)
        let csv = try CSV(parsing: try workbench(["runs", "--out", out, "--csv"]).stdout, path: "stdout")
        XCTAssertEqual(Array(csv.rows[0].fields[1...3]), ["first try", "baseline", "two\nlines"])
    }

    func testArchiveUnarchiveAndDeleteWithConfirmation() throws {
        let dir = try train(), id = (dir as NSString).lastPathComponent
        let archived = out + "/archive/" + id
        XCTAssertEqual(try workbench(["runs", "archive", dir]).stdout, "\(dir) -> \(archived)\n")
        XCTAssertFalse(try workbench(["runs", "--out", out]).stdout.contains(id))
        XCTAssertTrue(try workbench(["runs", "--out", out, "--archived"]).stdout.contains("done (archived)"))
        XCTAssertEqual(try workbench(["runs", "unarchive", archived]).stdout, "\(archived) -> \(dir)\n")

        let unasked = try workbench(["runs", "delete", dir])
        XCTAssertNotEqual(unasked.status, 0)
        XCTAssertTrue(unasked.stderr.contains("stdin is not a terminal, so nobody can confirm: add --yes"), unasked.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/config.yaml"))

        // On a terminal (util-linux script(1) gives the command a pseudo-terminal): it asks, and only yes deletes.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
            let onTerminal = "'\(CommandLineTests.binaryPath)' runs delete '\(dir)'"
            let no = try workbench(["runs", "name", dir, "keep?"]).status == 0 ? try Self.run("/usr/bin/script", ["-qec", onTerminal, "/dev/null"], input: "n\n") : nil
            XCTAssertTrue(no?.stdout.contains("for good? (`workbench runs archive` keeps it instead) [y/N]") ?? false, no?.stdout ?? "")
            XCTAssertTrue(no?.stdout.contains("\"keep?\" (basic-cnn, done, 1/1 epochs, test accuracy") ?? false, no?.stdout ?? "")
            XCTAssertTrue(no?.stdout.contains("\(dir): not deleted") ?? false, no?.stdout ?? "")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/config.yaml"))
            let yes = try Self.run("/usr/bin/script", ["-qec", onTerminal, "/dev/null"], input: "y\n")
            XCTAssertTrue(yes.stdout.contains("\(dir): deleted"), yes.stdout)
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        }
        let second = try train()
        XCTAssertEqual(try workbench(["runs", "delete", "--yes", second]).stdout, "\(second): deleted\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: second))
    }

    func testRelativeFoldersMoveAsGiven() throws {
        let id = (try train() as NSString).lastPathComponent
        let here = URL(fileURLWithPath: out)
        XCTAssertEqual(try workbench(["runs", "archive", id + "/"], in: here).stdout, "\(id)/ -> ./archive/\(id)\n")
        XCTAssertEqual(try workbench(["runs", "unarchive", id], in: here.appendingPathComponent("archive")).stdout, "\(id) -> ./../\(id)\n")
        XCTAssertEqual(try workbench(["runs", "archive", "."], in: here.appendingPathComponent(id)).stderr, "Error: .: name the run folder itself (runs/<id>)\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + id + "/config.yaml"))
    }

    func testArchiveAndDeleteRefuseWhileATrainingHoldsTheRunNamingIt() throws {
        let trainer = Process()
        trainer.executableURL = URL(fileURLWithPath: CommandLineTests.binaryPath)
        trainer.arguments = ["train", "basic-cnn", "--profile", "tiny", "--epochs", "5000", "--set", "optimizer.lr=0.001", "--out", out]
        trainer.currentDirectoryURL = CommandLineTests.root
        (trainer.standardOutput, trainer.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice)
        try trainer.run()
        defer { if trainer.isRunning { kill(trainer.processIdentifier, SIGKILL); trainer.waitUntilExit() } }
        let deadline = Date().addingTimeInterval(120)
        var dir: String?
        while dir == nil {
            guard Date() < deadline, trainer.isRunning else { throw XCTSkip("the training did not start") }
            dir = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).map { "\(out!)/\($0)" }.first { RunLock.holder(of: $0)?.pid == trainer.processIdentifier }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let run = try XCTUnwrap(dir)
        for verb in [["archive"], ["delete", "--yes"]] {
            let r = try workbench(["runs"] + verb + [run])
            XCTAssertNotEqual(r.status, 0, "\(verb)")
            XCTAssertTrue(r.stderr.contains("is being written by process \(trainer.processIdentifier) (workbench train basic-cnn"), r.stderr)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/config.yaml"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/archive"))
        // Annotating is no write of the writer's files: allowed while it trains.
        XCTAssertEqual(try workbench(["runs", "tag", run, "live"]).status, 0)
    }

    func testDiffOfTwoRuns() throws {
        let a = try train(), b = try train(["--set", "optimizer.lr=0.0002"])
        let d = try workbench(["runs", "diff", a, b])
        XCTAssertEqual(d.status, 0, d.stderr)
        let lines = d.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "A: \(a) (basic-cnn, done)")
        let changed = try XCTUnwrap(lines.firstIndex(of: "settings that differ (A -> B):"))
        XCTAssertTrue(lines[changed + 1].hasPrefix("  optimizer.lr ") && lines[changed + 1].hasSuffix("  0.1 -> 0.0002"), lines[changed + 1])
        XCTAssertEqual(lines[changed + 2], "the runs:", "nothing else differs")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  training_seed ") && $0.hasSuffix(" 1 (both)") }, d.stdout)
        XCTAssertEqual(lines.suffix(2), ["live changes of A: none", "live changes of B: none"])
        let missing = try workbench(["runs", "diff", a, out + "/nope"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nope/config.yaml"), missing.stderr)
    }

    /// Python's csv module, as a script would read the table (pandas is not installed here).
    func testPythonsCSVModuleReadsTheTable() throws {
        _ = try train()
        let csv = try workbench(["runs", "--out", out, "--csv"]).stdout
        let path = out + "/runs.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
        import csv, sys
        rows = list(csv.DictReader(open(sys.argv[1], newline='')))
        assert len(rows) == 1, rows
        r = rows[0]
        assert float(r['lr']) == 0.1 and int(r['epochs_done']) == 1 and 0 <= float(r['test_accuracy']) <= 1, r
        assert float(r['test_wilson95_low']) <= float(r['test_accuracy']) <= float(r['test_wilson95_high']), r
        print('ok')
        """, path]
        let pipe = Pipe()
        python.standardOutput = pipe
        do { try python.run() } catch { throw XCTSkip("no python3: \(error)") }
        python.waitUntilExit()
        XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "ok\n")
        XCTAssertEqual(python.terminationStatus, 0)
    }
}
