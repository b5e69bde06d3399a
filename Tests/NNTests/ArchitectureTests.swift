import XCTest
@testable import NN

/// The five networks: Keras' parameter counts and shape checks.
final class ArchitectureTests: XCTestCase {
    private func count(_ a: Architecture, _ h: Int = 32, _ c: Int = 1) throws -> Int {
        try a.build(height: h, width: h, channels: c, classes: 3, dropout: 0.5).model.parameters.reduce(0) { $0 + $1.value.count }
    }

    func testParameterCountsMatchKerasFormulas() throws {
        // basic: conv 3*3*1*32+32, dense 30*30*32*3+3
        XCTAssertEqual(try count(.basicCNN), 320 + 86_403)
        // VGG16 conv base on 3 channels has 14,714,688 parameters (keras.applications, include_top=False).
        let base3 = 14_714_688
        XCTAssertEqual(try count(.vgg16V2, 32, 3), base3 + (512 * 1024 + 1024) + (1024 * 3 + 3))
        XCTAssertEqual(try count(.vgg16V1, 32, 3), base3 + (512 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 3 + 3))
        // ResNet50 base (include_top=False) on 3 channels: 23,587,712 including BN statistics.
        XCTAssertEqual(try count(.resnet50, 32, 3), 23_587_712 + (2048 * 1024 + 1024) + (1024 * 3 + 3))
    }

    func testTooSmallInputIsRefusedWithReason() {
        XCTAssertThrowsError(try Architecture.vgg16V2.build(height: 16, width: 16, channels: 1, classes: 3, dropout: 0.5)) {
            XCTAssertTrue("\($0)".contains("smaller than"), "\($0)")
        }
    }

    func testForwardGivesLogitsPerClass() throws {
        let net = try Architecture.resnet50.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0.5)
        Initializers.initialize(net.model, rng: RandomSource(seed: 1))
        let y = net.model.forward(GradientCheck.randomTensor(Shape(2, 32, 32, 1), seed: 2), mode: .inference)
        XCTAssertEqual(y.shape, Shape(2, 3))
        XCTAssertTrue(y.values.allSatisfy(\.isFinite))
    }

    func testSummaryListsKerasLayerNamesAndTotals() throws {
        let net = try Architecture.vgg16V2.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0.5)
        let text = ModelSummary.render(net)
        XCTAssertTrue(text.contains("block5_pool (MaxPooling2D)"))
        XCTAssertTrue(text.contains("(None, 1, 1, 512)"))
        XCTAssertTrue(text.contains("Total params: \(try count(.vgg16V2))"))
    }
}
