import Foundation
import XCTest
@testable import Dataset

/// Data a run cannot learn or be judged on is refused before training:
/// fewer than two classes, or an empty split.
final class DataRefusalTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Fashion-MNIST-named IDX files of 1x1 images with these source labels, for train and test.
    private func writeIDX(labels: [UInt8]) throws {
        func word(_ w: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((w >> $0) & 0xff) } }
        for prefix in ["train", "t10k"] {
            for (name, bytes) in [("\(prefix)-images-idx3-ubyte", word(0x803) + word(labels.count) + word(1) + word(1) + labels.map { $0 &* 20 }),
                                  ("\(prefix)-labels-idx1-ubyte", word(0x801) + word(labels.count) + labels)] {
                let raw = dir.appendingPathComponent(name)
                try Data(bytes).write(to: raw)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/gzip")
                p.arguments = ["-f", raw.path]
                try p.run()
                p.waitUntilExit()
            }
        }
    }

    private func prepare(_ profile: Profile) throws -> PreparedData {
        var rng = SystemRandomNumberGenerator.seeded(1)
        return try PreparedData.fashionMNIST(directory: dir.path, profile: profile, scheme: .trainVal80, swapHalves: false, height: 4, width: 4, channels: 1, using: &rng)
    }

    func testIDXFilesWithNoneOrOneOfTheStudyClassesAreRefused() throws {
        for (labels, held) in [([UInt8](repeating: 0, count: 50), "0 class(es)"), ([UInt8](repeating: 3, count: 50) + [1, 7], "1 class(es)")] {
            try writeIDX(labels: labels)
            for profile in [Profile.tiny, .full] {
                XCTAssertThrowsError(try prepare(profile), "\(profile)") { e in
                    XCTAssertTrue("\(e)".contains(dir.path) && "\(e)".contains(held) && "\(e)".contains("at least two"), "\(e)")
                }
            }
        }
    }

    func testTooFewImagesForEverySplitAreRefused() throws {
        try writeIDX(labels: [2, 3, 6])
        XCTAssertThrowsError(try prepare(.tiny)) { XCTAssertTrue("\($0)".contains("split is empty"), "\($0)") }
        try writeIDX(labels: Array(repeating: [2, 3, 6], count: 10).flatMap { $0 })
        XCTAssertEqual(try prepare(.tiny).train.countsPerClass(), [6, 6, 6], "ten per class are enough")
    }

    func testAnImageFolderTooSmallToSplitIsRefused() throws {
        let root = dir.appendingPathComponent("folder").path
        let png = Bundle.module.url(forResource: "folder/dress/gray", withExtension: "png", subdirectory: "Fixtures")!.path
        for cls in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(cls)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: png, toPath: "\(root)/\(cls)/x.png")
        }
        var rng = SystemRandomNumberGenerator.seeded(1)
        XCTAssertThrowsError(try PreparedData.imageFolder(root, scheme: .trainVal80, swapHalves: false, height: 4, width: 4, channels: 1, using: &rng)) {
            XCTAssertTrue("\($0)".contains(root) && "\($0)".contains("split is empty"), "\($0)")
        }
    }
}
