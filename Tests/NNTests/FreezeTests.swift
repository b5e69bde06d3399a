import XCTest
@testable import NN

/// Frozen layers: no updates, no weight gradients, no backward pass below the
/// lowest trainable layer; the trainable gradients are unchanged by freezing.
final class FreezeTests: XCTestCase {
    /// conv_a -> pool -> conv_b -> flatten -> dense, weights from a fixed seed.
    private func network() -> Network {
        let layers: [Layer] = [
            Conv2D(name: "conv_a", inputChannels: 1, filters: 3, kernelSize: (3, 3), padding: .same, activation: .relu),
            MaxPool2D(name: "pool"),
            Conv2D(name: "conv_b", inputChannels: 3, filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            Flatten(name: "flatten"),
            Dense(name: "predictions", inputs: 4 * 4 * 4, units: 3),
        ]
        let net = Network(architecture: .basicCNN, model: Sequential(name: "small", layers), inputShape: Shape(1, 8, 8, 1), classes: 3)
        for (k, p) in net.model.parameters.enumerated() { p.value.copy(from: GradientCheck.randomTensor(p.value.shape, seed: 40 + UInt64(k), scale: 0.5)) }
        return net
    }

    private func gradients(_ net: Network) -> [String: [Float]] {
        net.model.zeroGradients()
        let x = GradientCheck.randomTensor(Shape(2, 8, 8, 1), seed: 3)
        let y = net.model.forward(x, mode: .inference)
        _ = net.model.backward(GradientCheck.randomTensor(y.shape, seed: 4))
        return Dictionary(uniqueKeysWithValues: net.model.parameters.map { ($0.name, Array($0.gradient.buffer)) })
    }

    func testAllButLastCountsPoolingAsKerasAndStopsBackwardBelowTheLowestTrainableLayer() throws {
        let frozen = network(), free = network()
        XCTAssertEqual(try frozen.freeze(names: [], allButLast: 2), ["conv_a"], "base = conv_a, pool, conv_b: [:-2] is conv_a")
        XCTAssertEqual(frozen.model.backwardStopsAt, 2, "pool (no weights) and conv_a need no backward")
        let (g, reference) = (gradients(frozen), gradients(free))
        for name in ["conv_b.kernel", "conv_b.bias", "predictions.kernel", "predictions.bias"] {
            XCTAssertEqual(g[name], reference[name], name)
        }
        XCTAssertTrue(g["conv_a.kernel"]!.allSatisfy { $0 == 0 }, "no gradient is computed for a frozen layer")

        let before = Array(frozen.model.parameters[0].value.buffer)
        Adam(learningRate: 0.1).step(frozen.model.parameters)
        XCTAssertEqual(Array(frozen.model.parameters[0].value.buffer), before, "the optimizer leaves it alone")
    }

    func testNamedLayersAndMistakes() throws {
        let net = network()
        XCTAssertEqual(try net.freeze(names: ["conv_b"], allButLast: nil), ["conv_b"])
        XCTAssertEqual(net.model.backwardStopsAt, 0, "conv_a below still trains, so it needs conv_b's input gradient")
        XCTAssertThrowsError(try network().freeze(names: ["conv_c"], allButLast: nil)) {
            XCTAssertTrue("\($0)".contains("no layer named 'conv_c'; layers with weights: conv_a, conv_b, predictions"), "\($0)")
        }
        XCTAssertThrowsError(try network().freeze(names: [], allButLast: 3)) { XCTAssertTrue("\($0)".contains("the convolutional base has 3 layers"), "\($0)") }
    }

    func testTheStudysVGG16FreezeLeavesBlock5AndTheHeadTraining() throws {
        let vgg = try Architecture.vgg16V2.build(height: 32, width: 32, channels: 1, classes: 3, dropout: 0.5)
        let frozen = try vgg.freeze(names: [], allButLast: 4)
        XCTAssertEqual(frozen.count, 10, "blocks 1-4 hold 2 + 2 + 3 + 3 convolutions")
        XCTAssertEqual(frozen.last, "block4_conv3")
        XCTAssertEqual(vgg.model.layers[vgg.model.backwardStopsAt].name, "block5_conv1")
    }
}
