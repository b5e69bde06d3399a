import Foundation
import XCTest
@testable import Experiments

/// Archive, restore and delete: out of the table, never while a writer holds the run, nothing lost on failure.
final class RunArchiveTests: XCTestCase {
    private var root: String!

    override func setUp() { root = TinyRun.root() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// Name -> content of every file in the folder but the lock (whose text is the holder's).
    private func contents(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name != "writer.lock" {
            files[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return files
    }

    func testArchiveTakesTheRunOutOfTheTableWholeAndRestoreBringsItBack() throws {
        let dir = try TinyRun.finished(root: root), id = (dir as NSString).lastPathComponent
        let before = try contents(dir)
        let archived = try RunArchive.archive(dir)
        XCTAssertEqual(archived, root + "/archive/" + id)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        XCTAssertEqual(try contents(archived), before)
        XCTAssertTrue(RunListing.scan(root).runs.isEmpty, "the table, reproduce and run reuse no longer see it")
        let all = RunListing.scan(root, includingArchived: true)
        XCTAssertEqual(all.runs.map(\.id), [id])
        XCTAssertTrue(all.runs[0].isArchived)
        XCTAssertTrue(all.problems.isEmpty, "\(all.problems)")
        XCTAssertEqual(RunTable(all.runs).rows.map(\.archived), [true])

        XCTAssertThrowsError(try RunArchive.archive(archived)) { XCTAssertTrue("\($0)".contains("is archived already"), "\($0)") }
        XCTAssertEqual(try RunArchive.restore(archived), dir)
        XCTAssertEqual(try contents(dir), before)
        XCTAssertEqual(RunListing.scan(root).runs.map(\.id), [id])
        XCTAssertThrowsError(try RunArchive.restore(dir)) { XCTAssertTrue("\($0)".contains("is not in an archive/ folder"), "\($0)") }
    }

    func testEveryMoveRefusesWhileAnotherWriterHoldsTheRunAndNamesIt() throws {
        let dir = try TinyRun.finished(root: root)
        let before = try contents(dir)
        let writer = try RunLock.acquire(dir, for: .training)
        for move in [{ try RunArchive.archive(dir) }, { try RunArchive.delete(dir); return "" }] {
            XCTAssertThrowsError(try move()) { error in
                XCTAssertTrue(error is RunLock.Refusal, "\(error)")
                XCTAssertTrue("\(error)".contains("is being written by process \(getpid())"), "\(error)")
            }
        }
        withExtendedLifetime(writer) {}
        XCTAssertEqual(try contents(dir), before, "the run is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/archive"), "a refused archive makes no archive folder either")
    }

    func testAFailedMoveLeavesTheRunWhereItWas() throws {
        let dir = try TinyRun.finished(root: root), id = (dir as NSString).lastPathComponent
        let before = try contents(dir)
        // archive/ is a file: the folder cannot be made.
        try "not a folder".write(toFile: root + "/archive", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RunArchive.archive(dir)) { XCTAssertTrue("\($0)".contains("cannot create the archive folder"), "\($0)") }
        XCTAssertEqual(try contents(dir), before)
        // A folder of the run's name is in the archive already: rename(2) would replace an empty one silently.
        try FileManager.default.removeItem(atPath: root + "/archive")
        try FileManager.default.createDirectory(atPath: root + "/archive/" + id, withIntermediateDirectories: true)
        XCTAssertThrowsError(try RunArchive.archive(dir)) { XCTAssertTrue("\($0)".contains("exists already; the run stays where it was"), "\($0)") }
        XCTAssertEqual(try contents(dir), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/archive/" + id), [])
        XCTAssertEqual(RunListing.scan(root).runs.map(\.id), [id])
    }

    func testOnlyARunFolderIsMovedOrDeleted() throws {
        let dir = try TinyRun.finished(root: root)
        let other = root + "/notes"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try "keep me".write(toFile: other + "/a.txt", atomically: true, encoding: .utf8)
        let link = root + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir)
        for (path, problem) in [(other, "is not a run folder"), (link, "is a symbolic link"), (root + "/missing", "no such run folder")] {
            XCTAssertThrowsError(try RunArchive.delete(path)) { XCTAssertTrue("\($0)".contains(problem), "\($0) (expected \(problem))") }
            XCTAssertThrowsError(try RunArchive.archive(path)) { XCTAssertTrue("\($0)".contains(problem), "\($0) (expected \(problem))") }
        }
        XCTAssertEqual(try TinyRun.read(other + "/a.txt"), "keep me")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/config.yaml"))
    }

    func testDeleteRemovesTheWholeRunAndHiddenFoldersAreNeverRuns() throws {
        let dir = try TinyRun.finished(root: root), kept = try TinyRun.finished(root: root)
        try RunArchive.delete(dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), [(kept as NSString).lastPathComponent], "nothing left behind")
        // What a deletion that failed half-way leaves: not a run of the table.
        try FileManager.default.copyItem(atPath: kept, toPath: root + "/.deleting-x-1")
        XCTAssertEqual(RunListing.scan(root).runs.map(\.directory), [kept])
    }

    func testAMoverHoldingTheLockDoesNotMakeTheRunLookTrained() throws {
        let dir = try TinyRun.finished(root: root)
        let mover = try RunLock.acquire(dir, for: .moving)
        XCTAssertEqual(try RunListing.load(dir).state, .done)
        withExtendedLifetime(mover) {}
    }
}

