import XCTest
@testable import NN

/// Fast paths against their naive references.
final class FastPathTests: XCTestCase {
    func testSgemmMatchesTripleLoopInAllTranspositions() {
        let (m, n, k) = (7, 5, 9)
        for transA in [false, true] {
            for transB in [false, true] {
                let a = GradientCheck.randomTensor(Shape(m * k), seed: 1), b = GradientCheck.randomTensor(Shape(k * n), seed: 2)
                let fast = GradientCheck.randomTensor(Shape(m * n), seed: 3), slow = Tensor(shape: Shape(m * n))
                slow.copy(from: fast)
                GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, b: b.pointer, beta: 2, c: fast.pointer)
                GEMM.naive(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, b: b.pointer, beta: 2, c: slow.pointer)
                for i in 0..<m * n { XCTAssertEqual(fast.pointer[i], slow.pointer[i], accuracy: 1e-5, "transA \(transA) transB \(transB)") }
            }
        }
    }

    func testIm2colConvolutionMatchesDirectLoop() {
        let cases: [(Int, Int, Int, (Int, Int), (Int, Int), Padding)] = [
            (9, 3, 4, (3, 3), (1, 1), .same), (9, 3, 4, (3, 3), (2, 2), .same), (8, 2, 5, (3, 3), (2, 2), .valid),
            (6, 4, 3, (1, 1), (1, 1), .valid), (7, 4, 3, (1, 1), (2, 2), .valid), (12, 1, 8, (7, 7), (2, 2), .valid),
        ]
        for (size, cin, cout, k, s, pad) in cases {
            let conv = Conv2D(name: "c", inputChannels: cin, filters: cout, kernelSize: k, strides: s, padding: pad)
            conv.kernel.value.copy(from: GradientCheck.randomTensor(conv.kernel.value.shape, seed: 4))
            conv.bias.value.copy(from: GradientCheck.randomTensor(conv.bias.value.shape, seed: 5))
            let x = GradientCheck.randomTensor(Shape(2, size, size, cin), seed: 6)
            let fast = conv.forward(x, mode: .inference)
            let slow = DirectConvolution.forward(x, kernel: conv.kernel.value, bias: conv.bias.value, strides: s, padding: pad)
            XCTAssertEqual(fast.shape, slow.shape)
            for i in 0..<slow.count { XCTAssertEqual(fast.pointer[i], slow.pointer[i], accuracy: 1e-4, "\(k) \(s) \(pad)") }
        }
    }

    func testBuffersAreReusedAcrossBatchesOfOneShape() {
        let conv = Conv2D(name: "c", inputChannels: 1, filters: 2, kernelSize: (3, 3))
        let x = GradientCheck.randomTensor(Shape(4, 6, 6, 1), seed: 1)
        let first = conv.forward(x, mode: .inference)
        let second = conv.forward(x, mode: .inference)
        XCTAssertTrue(first === second)
    }
}
