import Foundation
import XCTest
@testable import Dataset

/// Corrupt and inconsistent IDX files are refused with the file and the reason.
final class IDXFileTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func gzip(_ bytes: [UInt8], name: String) throws -> String {
        let raw = dir.appendingPathComponent(name)
        try Data(bytes).write(to: raw)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-f", raw.path]
        try p.run()
        p.waitUntilExit()
        return raw.path + ".gz"
    }

    private func header(_ words: [Int]) -> [UInt8] {
        words.flatMap { w in [24, 16, 8, 0].map { UInt8((w >> $0) & 0xff) } }
    }

    private func assertRefused(_ body: () throws -> Void, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            for w in words { XCTAssertTrue("\(error)".contains(w), "'\(error)' lacks '\(w)'", file: file, line: line) }
        }
    }

    func testReadsAValidImageFile() throws {
        let path = try gzip(header([0x803, 2, 2, 3]) + (0..<12).map(UInt8.init), name: "ok-images")
        let images = try IDXFile.readImages(path)
        XCTAssertEqual([images.count, images.rows, images.cols], [2, 2, 3])
        XCTAssertEqual(images.pixels, (0..<12).map(UInt8.init))
    }

    func testRefusesAFileThatIsNotGzip() throws {
        let path = dir.appendingPathComponent("plain.gz").path
        try Data(header([0x801, 1]) + [1]).write(to: URL(fileURLWithPath: path))
        assertRefused({ _ = try IDXFile.readLabels(path) }, mentions: [path, "not a gzip file"])
    }

    func testRefusesATruncatedGzipStream() throws {
        let path = try gzip(header([0x803, 100, 28, 28]) + [UInt8](repeating: 7, count: 78400), name: "cut")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        assertRefused({ _ = try IDXFile.readImages(path) }, mentions: [path, "truncated"])
    }

    func testRefusesAWrongMagicNumber() throws {
        let path = try gzip(header([0x801, 1]) + [1], name: "labels-as-images")
        assertRefused({ _ = try IDXFile.readImages(path) }, mentions: [path, "magic", "0x801"])
    }

    func testRefusesAPayloadShorterThanTheHeaderSays() throws {
        let path = try gzip(header([0x803, 3, 2, 2]) + [1, 2, 3], name: "short")
        assertRefused({ _ = try IDXFile.readImages(path) }, mentions: [path, "3 images", "holds 19"])
    }

    func testRefusesImageAndLabelCountsThatDisagree() throws {
        _ = try gzip(header([0x803, 2, 1, 1]) + [0, 255], name: "train-images-idx3-ubyte")
        _ = try gzip(header([0x801, 3]) + [2, 3, 6], name: "train-labels-idx1-ubyte")
        assertRefused({ _ = try FashionMNIST.load(.train, directory: dir.path) }, mentions: ["train-labels-idx1-ubyte.gz", "3 labels", "2 images"])
    }

    func testHeadersClaimingMoreThanAGibibyteAreRefusedBeforeReading() throws {
        // 2^32 - 1 images of 4096x4096 from a 60-byte file: checked before anything is read or allocated.
        let images = try gzip(header([0x803, 0xffff_ffff, 4096, 4096]) + [1, 2, 3], name: "huge-images")
        assertRefused({ _ = try IDXFile.readImages(images) }, mentions: [images, "header promises 4294967295 images of 4096x4096: more than 1 GiB"])
        let labels = try gzip(header([0x801, 0xffff_ffff]) + [1], name: "huge-labels")
        assertRefused({ _ = try IDXFile.readLabels(labels) }, mentions: [labels, "header promises 4294967295 labels: more than 1 GiB"])
    }

    func testAPayloadFarShorterThanClaimedIsRefusedWithWhatItHolds() throws {
        let path = try gzip(header([0x803, 60000, 28, 28]) + [UInt8](repeating: 9, count: 20), name: "claims-60000")
        assertRefused({ _ = try IDXFile.readImages(path) }, mentions: [path, "60000 images of 28x28 (47040016 bytes) but the file holds 36"])
    }

    func testAPayloadThatGoesOnIsRefusedWithoutReadingItAll() throws {
        // A gzip bomb behind a one-label header: refused at the first byte too many.
        let path = try gzip(header([0x801, 1]) + [3] + [UInt8](repeating: 0, count: 8 << 20), name: "bomb")
        assertRefused({ _ = try IDXFile.readLabels(path) }, mentions: [path, "header promises 1 labels (9 bytes) but the file goes on past them"])
    }

    func testAHeaderCutShortAndAStreamWithoutItsTrailerAreRefused() throws {
        let short = try gzip(header([0x803, 1, 2]), name: "short-header")
        assertRefused({ _ = try IDXFile.readImages(short) }, mentions: [short, "only 12 bytes: shorter than an IDX header"])
        // Every byte is there, but the CRC and length trailer is not.
        let path = try gzip(header([0x801, 3]) + [1, 2, 3], name: "no-trailer")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.dropLast(8).write(to: URL(fileURLWithPath: path))
        assertRefused({ _ = try IDXFile.readLabels(path) }, mentions: [path, "truncated or corrupt gzip stream"])
    }

    func testMissingFileNamesThePath() {
        assertRefused({ _ = try IDXFile.readLabels("/nonexistent/labels.gz") }, mentions: ["/nonexistent/labels.gz", "cannot open"])
    }
}
