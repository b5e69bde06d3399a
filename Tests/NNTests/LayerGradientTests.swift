import XCTest
@testable import NN

/// Every layer's backward pass against central differences of its forward pass.
final class LayerGradientTests: XCTestCase {
    private func initialized<L: Layer>(_ layer: L, seed: UInt64 = 5) -> L {
        for (k, p) in layer.parameters.enumerated() where p.role == .weight {
            let r = GradientCheck.randomTensor(p.value.shape, seed: seed + UInt64(k), scale: 0.5)
            p.value.copy(from: r)
        }
        return layer
    }

    private func input(_ dims: Int..., seed: UInt64 = 11) -> Tensor {
        GradientCheck.randomTensor(Shape(dims), seed: seed)
    }

    func testConv2DSamePaddingStride1() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 3, filters: 4, kernelSize: (3, 3), padding: .same)), input: input(2, 5, 5, 3))
        }
    }

    /// A 3x3 'same' convolution over a single pixel: the centre tap alone, and the other taps' gradients zero.
    func testConv2DSinglePixel() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 16, filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu)),
                                input: input(3, 1, 1, 16))
        }
    }

    func testConv2DWinograd() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 8, filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu)),
                                input: input(1, 5, 4, 8))
        }
    }

    func testConv2DValidStride2() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 2, filters: 3, kernelSize: (3, 3), strides: (2, 2))), input: input(2, 7, 7, 2))
        }
    }

    func testConv2DSameStride2EvenInput() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 2, filters: 3, kernelSize: (3, 3), strides: (2, 2), padding: .same)), input: input(1, 6, 6, 2))
        }
    }

    func testConv2DPointwiseAndRelu() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 4, filters: 3, kernelSize: (1, 1), activation: .relu)), input: input(2, 3, 3, 4))
        }
    }

    func testConv2DPointwiseStride2() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Conv2D(name: "c", inputChannels: 3, filters: 2, kernelSize: (1, 1), strides: (2, 2))), input: input(1, 5, 5, 3))
        }
    }

    func testDenseWithRelu() {
        forEachInstructionSet {
            GradientCheck.check(initialized(Dense(name: "d", inputs: 6, units: 4, activation: .relu)), input: input(3, 6))
        }
    }

    func testMaxPool() {
        forEachInstructionSet {
            GradientCheck.check(MaxPool2D(name: "p"), input: input(2, 4, 4, 3))
        }
    }

    func testMaxPool3x3Stride2() {
        forEachInstructionSet {
            GradientCheck.check(MaxPool2D(name: "p", poolSize: (3, 3), strides: (2, 2)), input: input(1, 7, 7, 2))
        }
    }

    func testBatchNormTraining() {
        forEachInstructionSet {
            let bn = initialized(BatchNorm(name: "bn", channels: 3))
            GradientCheck.check(bn, input: input(4, 2, 2, 3), training: true, tolerance: 3e-2)
        }
    }

    func testBatchNormInference() {
        forEachInstructionSet {
            let bn = initialized(BatchNorm(name: "bn", channels: 3))
            bn.movingMean.value.copy(from: GradientCheck.randomTensor(Shape(3), seed: 3))
            bn.movingVariance.value.fill(0.7)
            GradientCheck.check(bn, input: input(4, 2, 2, 3))
        }
    }

    func testReLU() {
        forEachInstructionSet {
            GradientCheck.check(ReLU(name: "r"), input: input(2, 3, 3, 2))
        }
    }

    func testDropoutTraining() {
        forEachInstructionSet {
            GradientCheck.check(Dropout(name: "d", rate: 0.4), input: input(4, 10), training: true)
        }
    }

    func testFlatten() {
        forEachInstructionSet {
            GradientCheck.check(Flatten(name: "f"), input: input(2, 2, 3, 2))
        }
    }

    func testGlobalAvgPool() {
        forEachInstructionSet {
            GradientCheck.check(GlobalAvgPool(name: "g"), input: input(2, 3, 3, 4))
        }
    }

    func testZeroPadding() {
        forEachInstructionSet {
            GradientCheck.check(ZeroPadding2D(name: "z", pad: 2), input: input(2, 3, 3, 2))
        }
    }

    /// ResNet's BatchNorm then ReLU in place: the ReLU overwrites the norm's output,
    /// which the norm's backward (reading its input) never needs.
    func testBatchNormThenInPlaceReLU() {
        func pair(inPlace: Bool) -> Sequential {
            Sequential(name: "bn-relu", [initialized(BatchNorm(name: "bn", channels: 3), seed: 2), ReLU(name: "relu", inPlace: inPlace)])
        }
        GradientCheck.check(pair(inPlace: true), input: input(2, 3, 3, 3), training: true, tolerance: 3e-2)
        let (copying, overwriting) = (pair(inPlace: false), pair(inPlace: true))
        let x = input(2, 3, 3, 3), dy = GradientCheck.randomTensor(Shape(2, 3, 3, 3), seed: 8)
        XCTAssertEqual(overwriting.forward(x, mode: .training(RandomSource(seed: 1))).values, copying.forward(x, mode: .training(RandomSource(seed: 1))).values)
        XCTAssertEqual(overwriting.backward(dy).values, copying.backward(dy).values)
        XCTAssertEqual(overwriting.parameters.map(\.gradient.values), copying.parameters.map(\.gradient.values))
    }

    func testResidualBlockWithProjection() {
        forEachInstructionSet {
            let main = Sequential(name: "m", [
                initialized(Conv2D(name: "a", inputChannels: 2, filters: 3, kernelSize: (3, 3), strides: (2, 2), padding: .same), seed: 1),
                initialized(BatchNorm(name: "bn", channels: 3), seed: 2),
            ])
            let shortcut = Sequential(name: "s", [initialized(Conv2D(name: "p", inputChannels: 2, filters: 3, kernelSize: (1, 1), strides: (2, 2)), seed: 3)])
            GradientCheck.check(ResidualBlock(name: "block", main: main, shortcut: shortcut), input: input(2, 4, 4, 2), training: true, tolerance: 3e-2)
        }
    }

    func testResidualBlockIdentity() {
        forEachInstructionSet {
            let main = Sequential(name: "m", [initialized(Conv2D(name: "a", inputChannels: 2, filters: 2, kernelSize: (3, 3), padding: .same))])
            GradientCheck.check(ResidualBlock(name: "block", main: main, shortcut: nil), input: input(2, 3, 3, 2))
        }
    }

    func testSoftmaxCrossEntropyGradient() {
        forEachInstructionSet {
            let logits = input(4, 3)
            let labels = [0, 2, 1, 2]
            let probs = Tensor(shape: logits.shape), grad = Tensor(shape: logits.shape)
            let loss = SoftmaxCrossEntropy()
            loss.lossAndGradient(logits: logits, labels: labels, probabilities: probs, gradient: grad)
            let h: Float = 1e-2
            for i in 0..<logits.count {
                let saved = logits.pointer[i]
                logits.pointer[i] = saved + h
                let up = loss.lossAndGradient(logits: logits, labels: labels, probabilities: probs, gradient: Tensor(shape: logits.shape))
                logits.pointer[i] = saved - h
                let down = loss.lossAndGradient(logits: logits, labels: labels, probabilities: probs, gradient: Tensor(shape: logits.shape))
                logits.pointer[i] = saved
                XCTAssertEqual(grad.pointer[i], (up - down) / (2 * h), accuracy: 1e-3)
            }
        }
    }

    func testCrossEntropyIsStableForHugeLogits() {
        forEachInstructionSet {
            let logits = Tensor(shape: Shape(1, 3), values: [1000, -1000, 0])
            let probs = Tensor(shape: logits.shape), grad = Tensor(shape: logits.shape)
            let l = SoftmaxCrossEntropy().lossAndGradient(logits: logits, labels: [1], probabilities: probs, gradient: grad)
            XCTAssertEqual(l, 2000, accuracy: 1e-2)
            XCTAssertEqual(grad.pointer[1], -1, accuracy: 1e-6)
        }
    }
}
