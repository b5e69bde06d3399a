import XCTest
@testable import NN

/// Keras 3 update rules, step by step on hand-computable values.
final class OptimizerTests: XCTestCase {
    private func parameter(_ w: [Float], grad: [Float]) -> Parameter {
        let p = Parameter(name: "w", shape: Shape(w.count))
        p.value.copy(from: Tensor(shape: Shape(w.count), values: w))
        p.gradient.copy(from: Tensor(shape: Shape(w.count), values: grad))
        return p
    }

    func testAdamFirstStepMovesByLearningRateTimesSign() {
        // At t = 1, m = 0.1 g, v = 0.001 g^2, alpha = lr * sqrt(0.001) / 0.1,
        // so the step is lr * g / (|g| + eps / sqrt(0.001)) ~ lr * sign(g).
        let p = parameter([1, -2], grad: [0.5, -3])
        let adam = Adam(learningRate: 0.1)
        adam.step([p])
        let eps: Double = 1e-7
        for (i, g) in [0.5, -3.0].enumerated() {
            let m = 0.1 * g, v = 0.001 * g * g
            let alpha = 0.1 * (1 - 0.999).squareRoot() / (1 - 0.9)
            let expected = [1.0, -2.0][i] - alpha * m / (v.squareRoot() + eps)
            XCTAssertEqual(Double(p.value.pointer[i]), expected, accuracy: 1e-6)
        }
        XCTAssertEqual(adam.iterations, 1)
        XCTAssertEqual(adam.slots.keys.sorted(), ["m/w", "v/w"])
    }

    func testRMSpropKeepsEpsilonInsideTheRoot() {
        let p = parameter([0], grad: [1e-4])
        RMSprop(learningRate: 1).step([p])
        // v = 0.1 * 1e-8 = 1e-9; step = 1e-4 / sqrt(1e-9 + 1e-7)
        XCTAssertEqual(Double(p.value.pointer[0]), -1e-4 / (1e-9 + 1e-7).squareRoot(), accuracy: 1e-5)
    }

    func testSGDMomentumAccumulatesVelocity() {
        let p = parameter([1], grad: [2])
        let sgd = SGD(learningRate: 0.1, momentum: 0.9)
        sgd.step([p])  // v = -0.2, w = 0.8
        sgd.step([p])  // v = 0.9 * -0.2 - 0.2 = -0.38, w = 0.42
        XCTAssertEqual(p.value.pointer[0], 0.42, accuracy: 1e-6)
    }

    func testFrozenAndStatisticParametersAreNotUpdated() {
        let frozen = parameter([1], grad: [1])
        frozen.isFrozen = true
        let stat = Parameter(name: "s", shape: Shape(1), role: .statistic)
        stat.value.fill(3)
        Adam().step([frozen, stat])
        XCTAssertEqual(frozen.value.pointer[0], 1)
        XCTAssertEqual(stat.value.pointer[0], 3)
    }
}
