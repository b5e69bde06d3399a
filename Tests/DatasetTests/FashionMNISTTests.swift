import XCTest
@testable import Dataset

/// The real Debian Fashion-MNIST files, reduced to dress / pullover / shirt.
final class FashionMNISTTests: XCTestCase {
    func testThreeClassSubsetOfTheRealFiles() throws {
        let train = try FashionMNIST.load(.train)
        XCTAssertEqual(train.countsPerClass(), [6000, 6000, 6000])
        XCTAssertEqual(train.height, 28)
        XCTAssertTrue(train.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertEqual(try FashionMNIST.load(.test).count, 3000)
    }

    func testThePretrainTaskHoldsTheOtherSevenClassesOnly() throws {
        XCTAssertEqual(FashionMNIST.Task.pretrain.classNames, ["ankle-boot", "bag", "coat", "sandal", "sneaker", "t-shirt", "trouser"])
        XCTAssertEqual(FashionMNIST.Task.study.sourceLabels, [3, 2, 6], "dress, pullover, shirt as before")
        XCTAssertTrue(Set(FashionMNIST.Task.pretrain.sourceLabels).isDisjoint(with: FashionMNIST.Task.study.sourceLabels))
        var rng = SystemRandomNumberGenerator.seeded(1)
        let data = try PreparedData.fashionMNIST(task: .pretrain, profile: .report, scheme: .trainVal80, swapHalves: false, height: 32, width: 32, channels: 1, using: &rng)
        XCTAssertEqual(data.classNames.count, 7)
        XCTAssertEqual(data.train.countsPerClass(), Array(repeating: 640, count: 7))
        XCTAssertEqual(data.test.countsPerClass(), Array(repeating: 200, count: 7))
        XCTAssertEqual(data.source, "fashion-mnist/report/pretrain")
    }

    func testReportProfileHasTheStudySizesStratified() throws {
        var rng = SystemRandomNumberGenerator.seeded(1)
        let data = try PreparedData.fashionMNIST(profile: .report, scheme: .trainVal80, swapHalves: false, height: 32, width: 32, channels: 1, using: &rng)
        XCTAssertEqual(data.train.countsPerClass(), [640, 640, 640])
        XCTAssertEqual(data.validation.countsPerClass(), [160, 160, 160])
        XCTAssertEqual(data.test.countsPerClass(), [200, 200, 200])
        XCTAssertEqual(data.train.height, 32)
    }

    func testSameSeedSameDataAndHalvesSwap() throws {
        func prepare(seed: UInt64, swap: Bool) throws -> PreparedData {
            var rng = SystemRandomNumberGenerator.seeded(seed)
            return try PreparedData.fashionMNIST(profile: .tiny, scheme: .halves, swapHalves: swap, height: 28, width: 28, channels: 1, using: &rng)
        }
        let a = try prepare(seed: 3, swap: false), b = try prepare(seed: 3, swap: false), c = try prepare(seed: 4, swap: false)
        XCTAssertEqual(a.fingerprint, b.fingerprint)
        XCTAssertNotEqual(a.fingerprint, c.fingerprint)
        let swapped = try prepare(seed: 3, swap: true)
        XCTAssertEqual(swapped.train.pixels, a.validation.pixels)
        XCTAssertEqual(swapped.validation.pixels, a.train.pixels)
        XCTAssertEqual(a.test.pixels, swapped.test.pixels)
    }
}

/// A deterministic generator for the tests (Dataset does not depend on NN).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SystemRandomNumberGenerator {
    static func seeded(_ seed: UInt64) -> SplitMix { SplitMix(state: seed) }
}
