import XCTest
@testable import NN
import KernelShapes

/// The element-wise kernels against their scalar formulas, on every
/// instruction set: channel counts with a vector body and a tail, a NaN that
/// must survive ReLU, and tensors large enough to be split over the workers.
final class ElementwiseKernelTests: XCTestCase {
    private let channels = 37, rows = 4001   // 37 = 2 * 16 + 5 = 4 * 8 + 5

    private func values(_ count: Int, seed: UInt64) -> Tensor {
        let t = GradientCheck.randomTensor(Shape(count), seed: seed)
        for i in stride(from: 3, to: count, by: 101) { t.pointer[i] = 0 }
        return t
    }

    private func array(_ t: Tensor) -> [Float] { Array(UnsafeBufferPointer(start: t.pointer, count: t.count)) }

    /// Equal as bit patterns, so NaN matches NaN.
    private func assertSameBits(_ a: [Float], _ b: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), what, file: file, line: line)
    }

    func testReLUResidualSumAndMaskMatchScalarLoops() {
        forEachInstructionSet {
            let n = channels * rows
            let a = values(n, seed: 1), b = values(n, seed: 2)
            a.pointer[17] = .nan
            let (aa, bb) = (array(a), array(b))

            let rectified = Tensor(shape: a.shape)
            rectified.copy(from: a)
            Elementwise.rectify(rectified.pointer, count: n)
            assertSameBits(array(rectified), aa.map { $0 < 0 ? 0 : $0 }, "rectify")
            XCTAssertTrue(rectified.pointer[17].isNaN)

            let y = Tensor(shape: a.shape)
            Elementwise.rectifiedSum(a.pointer, b.pointer, count: n, into: y.pointer)
            assertSameBits(array(y), zip(aa, bb).map { max($0 + $1, 0) }, "rectifiedSum")
            Elementwise.sum(a.pointer, b.pointer, count: n, into: y.pointer)
            assertSameBits(array(y), zip(aa, bb).map { $0 + $1 }, "sum")
            Elementwise.passWherePositive(a.pointer, by: b.pointer, count: n, into: y.pointer)
            assertSameBits(array(y), zip(aa, bb).map { $1 > 0 ? $0 : 0 }, "passWherePositive")
        }
    }

    func testColumnSumsAndRowFillMatchScalarLoops() {
        forEachInstructionSet {
            let x = values(channels * rows, seed: 3)
            let sums = Tensor(shape: Shape(channels))
            sums.fill(0.5)
            Elementwise.addColumnSums(x.pointer, rows: rows, columns: channels, into: sums.pointer)
            for c in 0..<channels {
                var expected = 0.5 as Double
                for r in 0..<rows { expected += Double(x.pointer[r * channels + c]) }
                XCTAssertEqual(Double(sums.pointer[c]), expected, accuracy: 1e-3, "column \(c)")
            }
            let bias = values(channels, seed: 4), y = Tensor(shape: x.shape)
            Elementwise.fillRows(y.pointer, rows: rows, with: bias.pointer, columns: channels)
            XCTAssertEqual(array(y), Array((0..<rows).map { _ in array(bias) }.joined()))
        }
    }

    /// Each batch norm kernel over one range, bit for bit against the formula it documents.
    func testBatchNormKernelsMatchScalarFormulas() {
        forEachInstructionSet {
            let kernels = Kernels.active, c = channels, range = 5..<rows
            let x = values(c * rows, seed: 5), dy = values(c * rows, seed: 6)
            let mean = values(c, seed: 7), gamma = values(c, seed: 8), beta = values(c, seed: 9)
            let invStd = values(c, seed: 10), sumDy = values(c, seed: 11), sumDyXhat = values(c, seed: 12)
            let (xp, dp, mp, sp, gp) = (x.pointer, dy.pointer, mean.pointer, invStd.pointer, gamma.pointer)
            let out = Tensor(shape: x.shape)

            kernels.normalize(xp, channels: c, rows: range, mean: mp, invStd: sp, gamma: gp, beta: beta.pointer, into: out.pointer)
            for r in range { for ch in 0..<c {
                let i = r * c + ch
                XCTAssertEqual(out.pointer[i].bitPattern, ((xp[i] - mp[ch]) * sp[ch] * gp[ch] + beta.pointer[ch]).bitPattern, "normalize")
            } }

            let m = Float(rows)
            kernels.normalizedGradient(dp, xp, channels: c, rows: range, count: m, mean: mp, invStd: sp, gamma: gp,
                                       sumDy: sumDy.pointer, sumDyXhat: sumDyXhat.pointer, into: out.pointer)
            for r in range { for ch in 0..<c {
                let i = r * c + ch, nx = (xp[i] - mp[ch]) * sp[ch]
                let expected = gp[ch] * sp[ch] / m * (m * dp[i] - sumDy.pointer[ch] - nx * sumDyXhat.pointer[ch])
                XCTAssertEqual(out.pointer[i].bitPattern, expected.bitPattern, "normalizedGradient")
            } }

            kernels.scaledGradient(dp, channels: c, rows: range, invStd: sp, gamma: gp, into: out.pointer)
            for r in range { for ch in 0..<c {
                XCTAssertEqual(out.pointer[r * c + ch].bitPattern, (gp[ch] * sp[ch] * dp[r * c + ch]).bitPattern, "scaledGradient")
            } }

            var (sd, sdx) = ([Float](repeating: 1, count: c), [Float](repeating: 2, count: c))
            kernels.addGradientSums(dp, xp, channels: c, rows: range, mean: mp, invStd: sp, sumDy: &sd, sumDyXhat: &sdx)
            var (moments, squares) = ([Double](repeating: 0, count: c), [Double](repeating: 0, count: c))
            kernels.addMoments(xp, channels: c, rows: range, sum: &moments, sumSquares: &squares)
            for ch in 0..<c {
                var (e, ex, s, s2) = (Float(1), Float(2), 0.0, 0.0)
                for r in range {
                    let i = r * c + ch
                    e += dp[i]
                    ex += dp[i] * ((xp[i] - mp[ch]) * sp[ch])
                    s += Double(xp[i])
                    s2 += Double(xp[i]) * Double(xp[i])
                }
                XCTAssertEqual(sd[ch].bitPattern, e.bitPattern, "sumDy, channel \(ch)")
                XCTAssertEqual(sdx[ch].bitPattern, ex.bitPattern, "sumDyXhat, channel \(ch)")
                XCTAssertEqual(moments[ch], s, "sum, channel \(ch)")
                XCTAssertEqual(squares[ch], s2, "sum of squares, channel \(ch)")
            }
        }
    }

    /// RMSprop's and Adam's updates, bit for bit against Keras' formulas as scalar loops.
    func testOptimizerUpdatesMatchScalarFormulas() {
        forEachInstructionSet {
            let kernels = Kernels.active, n = 1000 + 13, range = 3..<n
            let g = values(n, seed: 14)
            let (lr, rho, beta1, beta2, epsilon, alpha) = (Float(2e-4), Float(0.9), Float(0.9), Float(0.999), Float(1e-7), Float(1e-3))
            var (w, v) = (array(values(n, seed: 15)), array(values(n, seed: 16)).map(abs))
            var (ew, ev) = (w, v)
            kernels.rmspropUpdate(&w, gradient: g.pointer, velocity: &v, range: range, learningRate: lr, rho: rho, epsilon: epsilon)
            for i in range {
                ev[i] = rho * ev[i] + (1 - rho) * g.pointer[i] * g.pointer[i]
                ew[i] -= lr * g.pointer[i] / (ev[i] + epsilon).squareRoot()
            }
            assertSameBits(w, ew, "RMSprop weights")
            assertSameBits(v, ev, "RMSprop velocity")

            var m = array(values(n, seed: 17))
            var em = m
            (ew, ev) = (w, v)
            kernels.adamUpdate(&w, gradient: g.pointer, m: &m, v: &v, range: range, alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
            for i in range {
                em[i] += (g.pointer[i] - em[i]) * (1 - beta1)
                ev[i] += (g.pointer[i] * g.pointer[i] - ev[i]) * (1 - beta2)
                ew[i] -= alpha * em[i] / (ev[i].squareRoot() + epsilon)
            }
            assertSameBits(w, ew, "Adam weights")
            assertSameBits(m, em, "Adam m")
            assertSameBits(v, ev, "Adam v")
        }
    }

    /// ResNet50's 3x3 stride-2 pooling (and an uneven 2x3 stride 1) against the maximum taken by hand, ties included,
    /// and the gradient routed to each window's first maximum (overlapping windows add up).
    func testMaxPoolAnyWindowMatchesWindowMaximum() {
        forEachInstructionSet {
            for (k, s) in [((3, 3), (2, 2)), ((2, 3), (1, 1))] {
                let x = GradientCheck.randomTensor(Shape(2, 9, 8, channels), seed: 13)
                for i in stride(from: 0, to: x.count, by: 5) { x.pointer[i] = 0.25 }   // ties
                let pool = MaxPool2D(name: "p", poolSize: k, strides: s)
                let y = pool.forward(x, mode: .inference)
                let dy = GradientCheck.randomTensor(y.shape, seed: 14)
                let dx = pool.backward(dy)
                var expectedDx = [Float](repeating: 0, count: x.count)
                let (oh, ow) = (y.shape[1], y.shape[2])
                for n in 0..<2 { for i in 0..<oh { for j in 0..<ow { for c in 0..<channels {
                    var (best, at) = (-Float.infinity, 0)
                    for kh in 0..<k.0 { for kw in 0..<k.1 {
                        let p = ((n * 9 + i * s.0 + kh) * 8 + j * s.1 + kw) * channels + c
                        if x.pointer[p] > best { (best, at) = (x.pointer[p], p) }
                    } }
                    let o = ((n * oh + i) * ow + j) * channels + c
                    XCTAssertEqual(y.pointer[o], best, "window \(k) stride \(s)")
                    expectedDx[at] += dy.pointer[o]
                } } } }
                XCTAssertEqual(array(dx), expectedDx, "gradient, window \(k) stride \(s)")
            }
        }
    }
}
