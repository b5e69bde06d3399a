import Foundation
import XCTest
@testable import NN

/// Agreement with PyTorch on small fixed cases. Fixtures: Fixtures/torch_reference.json,
/// written by scripts/reference/make_fixtures.py. Tolerances as tinygrad's
/// helper_test_op: forward atol 1e-6 rtol 1e-3, gradients atol 1e-4 rtol 1e-3.
final class TorchReferenceTests: XCTestCase {
    private static let fixtures: [String: Any] = {
        let url = Bundle.module.url(forResource: "torch_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    private func fixture(_ name: String) -> [String: Any] { Self.fixtures[name] as! [String: Any] }
    private func floats(_ c: [String: Any], _ key: String) -> [Float] { (c[key] as! [Double]).map(Float.init) }
    private func ints(_ c: [String: Any], _ key: String) -> [Int] { c[key] as! [Int] }

    private func assertClose(_ actual: [Float], _ expected: [Float], atol: Float, rtol: Float = 1e-3, _ what: String, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > atol + rtol * abs(e) {
            return XCTFail("\(what)[\(i)]: \(a) vs torch \(e)", line: line)
        }
    }

    func testConvolutionsForwardAndBackward() {
        forEachInstructionSet {
            for name in ["conv_same_s1", "conv_valid_s2", "conv_same_s2_even", "conv_1x1_s2", "conv_7x7_s2"] {
                let c = fixture(name)
                let (k, stride) = (c["k"] as! Int, c["stride"] as! Int)
                let conv = Conv2D(name: "c", inputChannels: c["cin"] as! Int, filters: c["cout"] as! Int, kernelSize: (k, k),
                                  strides: (stride, stride), padding: Padding(rawValue: c["padding"] as! String)!)
                conv.kernel.value.copy(from: Tensor(shape: conv.kernel.value.shape, values: floats(c, "kernel")))
                conv.bias.value.copy(from: Tensor(shape: conv.bias.value.shape, values: floats(c, "bias")))
                let y = conv.forward(Tensor(shape: Shape(ints(c, "x_shape")), values: floats(c, "x")), mode: .inference)
                XCTAssertEqual(y.shape, Shape(ints(c, "y_shape")), name)
                assertClose(y.values, floats(c, "y"), atol: 1e-6, "\(name) y")
                let dx = conv.backward(Tensor(shape: y.shape, values: floats(c, "dy")))
                assertClose(dx.values, floats(c, "dx"), atol: 1e-4, "\(name) dx")
                assertClose(conv.kernel.gradient.values, floats(c, "dkernel"), atol: 1e-4, "\(name) dkernel")
                assertClose(conv.bias.gradient.values, floats(c, "dbias"), atol: 1e-4, "\(name) dbias")
            }
        }
    }

    func testMaxPooling() {
        forEachInstructionSet {
            for name in ["maxpool_2x2", "maxpool_3x3_s2"] {
                let c = fixture(name)
                let (k, s) = (c["k"] as! Int, c["stride"] as! Int)
                let pool = MaxPool2D(name: "p", poolSize: (k, k), strides: (s, s))
                let y = pool.forward(Tensor(shape: Shape(ints(c, "x_shape")), values: floats(c, "x")), mode: .inference)
                XCTAssertEqual(y.shape, Shape(ints(c, "y_shape")))
                assertClose(y.values, floats(c, "y"), atol: 1e-6, "\(name) y")
                assertClose(pool.backward(Tensor(shape: y.shape, values: floats(c, "dy"))).values, floats(c, "dx"), atol: 1e-4, "\(name) dx")
            }
        }
    }

    func testBatchNormInBothModes() {
        forEachInstructionSet {
            for name in ["batchnorm_training", "batchnorm_inference"] {
                let c = fixture(name)
                let shape = Shape(ints(c, "x_shape"))
                let bn = BatchNorm(name: "bn", channels: shape[3])
                bn.gamma.value.copy(from: Tensor(shape: Shape(shape[3]), values: floats(c, "gamma")))
                bn.beta.value.copy(from: Tensor(shape: Shape(shape[3]), values: floats(c, "beta")))
                bn.movingMean.value.copy(from: Tensor(shape: Shape(shape[3]), values: floats(c, "moving_mean0")))
                bn.movingVariance.value.copy(from: Tensor(shape: Shape(shape[3]), values: floats(c, "moving_variance0")))
                let mode: Mode = c["training"] as! Bool ? .training(RandomSource(seed: 1)) : .inference
                let y = bn.forward(Tensor(shape: shape, values: floats(c, "x")), mode: mode)
                assertClose(y.values, floats(c, "y"), atol: 1e-5, "\(name) y")
                let dx = bn.backward(Tensor(shape: shape, values: floats(c, "dy")))
                assertClose(dx.values, floats(c, "dx"), atol: 1e-4, "\(name) dx")
                assertClose(bn.gamma.gradient.values, floats(c, "dgamma"), atol: 1e-4, "\(name) dgamma")
                assertClose(bn.beta.gradient.values, floats(c, "dbeta"), atol: 1e-4, "\(name) dbeta")
                assertClose(bn.movingMean.value.values, floats(c, "moving_mean"), atol: 1e-6, "\(name) moving mean")
                assertClose(bn.movingVariance.value.values, floats(c, "moving_variance"), atol: 1e-6, "\(name) moving variance")
            }
        }
    }

    func testDenseWithRelu() {
        forEachInstructionSet {
            let c = fixture("dense_relu")
            let dense = Dense(name: "d", inputs: 6, units: 4, activation: .relu)
            dense.kernel.value.copy(from: Tensor(shape: Shape(6, 4), values: floats(c, "kernel")))
            dense.bias.value.copy(from: Tensor(shape: Shape(4), values: floats(c, "bias")))
            let y = dense.forward(Tensor(shape: Shape(3, 6), values: floats(c, "x")), mode: .inference)
            assertClose(y.values, floats(c, "y"), atol: 1e-6, "y")
            assertClose(dense.backward(Tensor(shape: Shape(3, 4), values: floats(c, "dy"))).values, floats(c, "dx"), atol: 1e-4, "dx")
            assertClose(dense.kernel.gradient.values, floats(c, "dkernel"), atol: 1e-4, "dkernel")
            assertClose(dense.bias.gradient.values, floats(c, "dbias"), atol: 1e-4, "dbias")
        }
    }

    func testSoftmaxCrossEntropy() {
        forEachInstructionSet {
            let c = fixture("cross_entropy")
            let logits = Tensor(shape: Shape(5, 3), values: floats(c, "logits"))
            let p = Tensor(shape: logits.shape), g = Tensor(shape: logits.shape)
            let loss = SoftmaxCrossEntropy().lossAndGradient(logits: logits, labels: ints(c, "labels"), probabilities: p, gradient: g)
            assertClose([loss], [Float(c["loss"] as! Double)], atol: 1e-6, "loss")
            assertClose(p.values, floats(c, "probabilities"), atol: 1e-6, "probabilities")
            assertClose(g.values, floats(c, "dlogits"), atol: 1e-4, "dlogits")
        }
    }

    func testTwoStepsOfEachOptimizer() {
        forEachInstructionSet {
            for name in ["adam", "rmsprop", "sgd_momentum"] {
                let c = fixture(name)
                let lr = Float(c["lr"] as! Double)
                let optimizer: Optimizer = switch name {
                case "adam": Adam(learningRate: lr)
                case "rmsprop": RMSprop(learningRate: lr)
                default: SGD(learningRate: lr, momentum: 0.9)
                }
                let w0 = floats(c, "w0")
                let p = Parameter(name: "w", shape: Shape(w0.count))
                p.value.copy(from: Tensor(shape: Shape(w0.count), values: w0))
                for g in c["gradients"] as! [[Double]] {
                    p.gradient.copy(from: Tensor(shape: Shape(g.count), values: g.map(Float.init)))
                    optimizer.step([p])
                }
                assertClose(p.value.values, floats(c, "w"), atol: 1e-6, name)
            }
        }
    }
}
