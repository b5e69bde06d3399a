import XCTest
@testable import NN
import KernelShapes

/// Fast paths against their naive references.
final class FastPathTests: XCTestCase {
    func testSgemmMatchesTripleLoopInAllTranspositions() {
        forEachInstructionSet {
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
    }

    func testIm2colConvolutionMatchesDirectLoop() {
        forEachInstructionSet {
            let cases: [(Int, Int, Int, (Int, Int), (Int, Int), Padding)] = [
                (9, 3, 4, (3, 3), (1, 1), .same), (9, 3, 4, (3, 3), (2, 2), .same), (8, 2, 5, (3, 3), (2, 2), .valid),
                (6, 4, 3, (1, 1), (1, 1), .valid), (7, 4, 3, (1, 1), (2, 2), .valid), (12, 1, 8, (7, 7), (2, 2), .valid),
                (1, 16, 8, (3, 3), (1, 1), .same), (1, 16, 8, (3, 3), (2, 2), .same),   // a single pixel: only the centre tap
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
    }

    func testBuffersAreReusedAcrossBatchesOfOneShape() {
        forEachInstructionSet {
            let conv = Conv2D(name: "c", inputChannels: 1, filters: 2, kernelSize: (3, 3))
            let x = GradientCheck.randomTensor(Shape(4, 6, 6, 1), seed: 1)
            let first = conv.forward(x, mode: .inference)
            let second = conv.forward(x, mode: .inference)
            XCTAssertTrue(first === second)
        }
    }

    func testSplitSgemmMatchesTripleLoop() {
        forEachInstructionSet {
            // Big enough to be split over the workers: by rows (m >= n) and by columns (m < n).
            for (m, n, k) in [(300, 40, 70), (24, 500, 40)] {
                for transA in [false, true] {
                    for transB in [false, true] {
                        let a = GradientCheck.randomTensor(Shape(m * k), seed: 1), b = GradientCheck.randomTensor(Shape(k * n), seed: 2)
                        let fast = GradientCheck.randomTensor(Shape(m * n), seed: 3), slow = Tensor(shape: Shape(m * n))
                        slow.copy(from: fast)
                        GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a.pointer, b: b.pointer, beta: 1, c: fast.pointer)
                        GEMM.naive(transA: transA, transB: transB, m: m, n: n, k: k, a: a.pointer, b: b.pointer, beta: 1, c: slow.pointer)
                        let worst = (0..<m * n).map { abs(fast.pointer[$0] - slow.pointer[$0]) }.max()!
                        XCTAssertLessThan(worst, 1e-4, "\(m)x\(n)x\(k) transA \(transA) transB \(transB)")
                    }
                }
            }
        }
    }

    /// The short-patch path (a grayscale input layer) against the direct loop and,
    /// for the kernel gradient, against im2col + sgemm of a layer too wide for it:
    /// 41 filters exercise the 32-wide, 8-wide and scalar parts.
    func testShortPatchConvolutionMatchesReferences() {
        forEachInstructionSet {
            // Grayscale 3x3 windows (interior and border, strides 1 and 2) and the general taps path.
            for (cin, pad, relu, strides) in [(1, Padding.same, true, (1, 1)), (1, .same, false, (2, 2)), (3, .valid, false, (1, 1))] {
                let conv = Conv2D(name: "c", inputChannels: cin, filters: 41, kernelSize: (3, 3), strides: strides, padding: pad,
                                  activation: relu ? .relu : .linear)
                conv.kernel.value.copy(from: GradientCheck.randomTensor(conv.kernel.value.shape, seed: 4))
                conv.bias.value.copy(from: GradientCheck.randomTensor(conv.bias.value.shape, seed: 5))
                let x = GradientCheck.randomTensor(Shape(3, 7, 6, cin), seed: 6)
                let y = conv.forward(x, mode: .inference)
                let direct = DirectConvolution.forward(x, kernel: conv.kernel.value, bias: conv.bias.value, strides: strides, padding: pad)
                for i in 0..<direct.count {
                    XCTAssertEqual(y.pointer[i], relu ? max(direct.pointer[i], 0) : direct.pointer[i], accuracy: 1e-4, "cin \(cin) y[\(i)]")
                }
                let dy = GradientCheck.randomTensor(y.shape, seed: 7)
                conv.backwardWithoutInputGradient(dy)

                // The same gradient as dKernel = col^T * dz with the column matrix built by hand.
                let g = try! WindowGeometry(input: x.shape, kernel: (3, 3), strides: strides, padding: pad)
                let col = Tensor(shape: Shape(g.outputPositions, g.patchSize)), dz = Tensor(shape: dy.shape)
                Im2Col.im2col(x.pointer, g, into: col.pointer)
                for i in 0..<dz.count { dz.pointer[i] = relu && y.pointer[i] <= 0 ? 0 : dy.pointer[i] }
                let expected = Tensor(shape: conv.kernel.value.shape)
                GEMM.naive(transA: true, m: g.patchSize, n: 41, k: g.outputPositions, a: col.pointer, b: dz.pointer, c: expected.pointer)
                for i in 0..<expected.count {
                    XCTAssertEqual(conv.kernel.gradient.pointer[i], expected.pointer[i], accuracy: 1e-3, "cin \(cin) dkernel[\(i)]")
                }
                for f in 0..<41 {
                    let sum = (0..<g.outputPositions).reduce(Float(0)) { $0 + dz.pointer[$1 * 41 + f] }
                    XCTAssertEqual(conv.bias.gradient.pointer[f], sum, accuracy: 1e-3, "cin \(cin) dbias[\(f)]")
                }
            }
        }
    }

    func testFusedConvDenseInferenceMatchesLayerByLayer() {
        forEachInstructionSet {
            // (size, cin, filters, strides, padding, dense activation, units): 1-2 blocks of 32 filters, 1-5 units, borders, strides.
            let cases: [(Int, Int, Int, (Int, Int), Padding, Activation, Int)] = [
                (8, 1, 32, (1, 1), .valid, .linear, 3), (7, 1, 64, (1, 1), .same, .relu, 5), (9, 2, 32, (2, 2), .same, .linear, 4),
                (6, 1, 24, (1, 1), .valid, .linear, 3),   // 24 filters: no fused pass, the layers run one by one
            ]
            for (size, cin, filters, s, pad, activation, units) in cases {
                let conv = Conv2D(name: "c", inputChannels: cin, filters: filters, kernelSize: (3, 3), strides: s, padding: pad, activation: .relu)
                let x = GradientCheck.randomTensor(Shape(3, size, size, cin), seed: 6)
                let flat = try! Flatten(name: "f").outputShape(for: conv.outputShape(for: x.shape))[1]
                let dense = Dense(name: "d", inputs: flat, units: units, activation: activation)
                for (i, p) in (conv.parameters + dense.parameters).enumerated() {
                    p.value.copy(from: GradientCheck.randomTensor(p.value.shape, seed: UInt64(10 + i)))
                }
                let model = Sequential(name: "m", [conv, Flatten(name: "f"), dense])
                let layered = dense.forward(Flatten(name: "f").forward(conv.forward(x, mode: .inference), mode: .inference), mode: .inference)
                let expected = Array(UnsafeBufferPointer(start: layered.pointer, count: layered.count))
                let fused = ConvDenseInference([conv, Flatten(name: "f"), dense])!.forward(x)
                XCTAssertEqual(fused == nil, filters % 32 != 0, "\(filters) filters")
                let y = model.forward(x, mode: .inference)
                XCTAssertEqual(y.shape, layered.shape)
                for i in expected.indices {
                    XCTAssertEqual(y.pointer[i], expected[i], accuracy: 1e-4 * max(1, abs(expected[i])), "\(size) \(filters) \(pad)")
                }
                // A changed dense weight (as after a training step) is seen by the next fused pass: no stale transposed kernel.
                for i in 0..<dense.kernel.value.count { dense.kernel.value.pointer[i] *= -1.5 }
                let changed = dense.forward(Flatten(name: "f").forward(conv.forward(x, mode: .inference), mode: .inference), mode: .inference)
                let changedExpected = Array(UnsafeBufferPointer(start: changed.pointer, count: changed.count))
                let again = model.forward(x, mode: .inference)
                for i in changedExpected.indices {
                    XCTAssertEqual(again.pointer[i], changedExpected[i], accuracy: 1e-4 * max(1, abs(changedExpected[i])), "after a weight change")
                }
                XCTAssertNotEqual(changedExpected, expected)
            }
        }
    }

    func testTrainingBackwardSkipsOnlyTheInputGradient() {
        forEachInstructionSet {
            func twoLayers() -> Sequential {
                let conv = Conv2D(name: "c", inputChannels: 2, filters: 3, kernelSize: (3, 3), padding: .same, activation: .relu)
                conv.kernel.value.copy(from: GradientCheck.randomTensor(conv.kernel.value.shape, seed: 1))
                let dense = Dense(name: "d", inputs: 5 * 5 * 3, units: 2)
                dense.kernel.value.copy(from: GradientCheck.randomTensor(dense.kernel.value.shape, seed: 2))
                return Sequential(name: "m", [conv, Flatten(name: "f"), dense])
            }
            let (full, training) = (twoLayers(), twoLayers())
            let x = GradientCheck.randomTensor(Shape(2, 5, 5, 2), seed: 3), dy = GradientCheck.randomTensor(Shape(2, 2), seed: 4)
            _ = full.forward(x, mode: .inference)
            _ = full.backward(dy)
            _ = training.forward(x, mode: .inference)
            training.backwardWithoutInputGradient(dy)
            for (p, q) in zip(full.parameters, training.parameters) {
                XCTAssertEqual(p.gradient.values, q.gradient.values, p.name)
            }
        }
    }
}

extension FastPathTests {
    /// Both ways Winograd cuts its tiles (parts shared by the workers, one or several; parts of
    /// their own, which cross images and end short) against the direct loop (forward), the
    /// im2col layer's input gradient, col2im(dz * kernel^T), and its kernel gradient, col^T * dz.
    func testWinogradBothPlansMatchDirectConvolutionAndIm2colGradients() {
        let budgets = (Winograd.Plan.cacheFloats, Winograd.Plan.workingFloats)
        defer { (Winograd.Plan.cacheFloats, Winograd.Plan.workingFloats) = budgets }
        // For 16 + 24 channels: blocked parts of 128 tiles from 512 tiles on, shared parts of 20.
        (Winograd.Plan.cacheFloats, Winograd.Plan.workingFloats) = (16 * 40 * 128, 16 * 40 * 20)
        forEachInstructionSet {
            for (n, h, w, pad, blocked) in [(1, 6, 6, Padding.same, false), (2, 7, 5, .same, false), (2, 9, 7, .valid, false),
                                            (4, 24, 22, .same, true), (3, 29, 27, .valid, true)] {
                let label = "\(n)x\(h)x\(w) \(pad)"
                let conv = Conv2D(name: "c", inputChannels: 16, filters: 24, kernelSize: (3, 3), padding: pad, activation: .relu)
                conv.kernel.value.copy(from: GradientCheck.randomTensor(conv.kernel.value.shape, seed: 4))
                conv.bias.value.copy(from: GradientCheck.randomTensor(conv.bias.value.shape, seed: 5))
                let x = GradientCheck.randomTensor(Shape(n, h, w, 16), seed: 6)
                let g = try! WindowGeometry(input: x.shape, kernel: (3, 3), strides: (1, 1), padding: pad)
                XCTAssertTrue(Winograd.applies(to: g, filters: 24))
                let t = WinogradTiling(batch: n, inH: h, inW: w, outH: g.outH, outW: g.outW, padTop: g.padTop, padLeft: g.padLeft)
                let plan = Winograd.Plan(t, channels: 40)
                XCTAssertEqual(plan.blocked, blocked, label)
                XCTAssertEqual(plan.partCount, blocked ? 5 : (t.tiles + 19) / 20, label)

                let y = conv.forward(x, mode: .inference)
                let direct = DirectConvolution.forward(x, kernel: conv.kernel.value, bias: conv.bias.value, strides: (1, 1), padding: pad)
                XCTAssertLessThan(worstDifference(y.buffer, direct.buffer.map { max($0, 0) }), 1e-4, "\(label) y")

                let dz = GradientCheck.randomTensor(y.shape, seed: 7)
                let dx = Tensor(shape: x.shape), expectedDx = Tensor(shape: x.shape)
                Winograd.inputGradient(dz.pointer, g, kernel: conv.kernel.value.pointer, filters: 24, into: dx.pointer)
                let col = Tensor(shape: Shape(g.outputPositions, g.patchSize))
                GEMM.naive(transB: true, m: g.outputPositions, n: g.patchSize, k: 24, a: dz.pointer, b: conv.kernel.value.pointer, c: col.pointer)
                Im2Col.col2im(col.pointer, g, into: expectedDx.pointer)
                XCTAssertLessThan(worstDifference(dx.buffer, Array(expectedDx.buffer)), 1e-4, "\(label) dx")

                // Added to what the gradient held: start both from the same values.
                let dKernel = GradientCheck.randomTensor(conv.kernel.value.shape, seed: 8), expectedDKernel = Tensor(shape: dKernel.shape)
                expectedDKernel.copy(from: dKernel)
                Winograd.addKernelGradient(x.pointer, g, dz: dz.pointer, filters: 24, into: dKernel.pointer)
                Im2Col.im2col(x.pointer, g, into: col.pointer)
                GEMM.naive(transA: true, m: g.patchSize, n: 24, k: g.outputPositions, a: col.pointer, b: dz.pointer, beta: 1,
                           c: expectedDKernel.pointer)
                XCTAssertLessThan(worstDifference(dKernel.buffer, Array(expectedDKernel.buffer)), 2e-4 * Float(g.outputPositions).squareRoot(),
                                  "\(label) dKernel")
            }
        }
    }

    private func worstDifference(_ a: UnsafeMutableBufferPointer<Float>, _ b: [Float]) -> Float {
        precondition(a.count == b.count)
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}

extension FastPathTests {
    /// The instruction sets the suite runs are those the CPU reports, and the kernels in use say which they are.
    func testKernelsRunTheSelectedInstructionSet() {
        Kernels.forEachSupported { isa in XCTAssertEqual(Kernels.active.instructionSet, isa.rawValue) }
        XCTAssertEqual(Kernels.instructionSet, .best)
        XCTAssertTrue(InstructionSet.supported.contains(.baseline))
        let cpu = CPUFeatures.current
        XCTAssertEqual(InstructionSet.supported.contains(.avx512), cpu.hasAVX512)
        XCTAssertFalse(cpu.hasAVX512 && !cpu.hasAVX2, "AVX-512 implies AVX2 here")
        XCTAssertFalse(cpu.model.isEmpty)
    }

    /// 2x2 max pooling against the maximum taken by hand, with ties (first in (kh, kw) order wins) and the gradient routed there.
    func testMaxPool2x2MatchesWindowMaximum() {
        forEachInstructionSet {
            let x = GradientCheck.randomTensor(Shape(2, 6, 4, 24), seed: 9)
            for i in stride(from: 0, to: x.count, by: 7) { x.pointer[i] = 0.5 }   // ties
            let pool = MaxPool2D(name: "p")
            let y = pool.forward(x, mode: .inference)
            let dy = GradientCheck.randomTensor(y.shape, seed: 10)
            let dx = pool.backward(dy)
            var expectedDx = [Float](repeating: 0, count: x.count)
            for n in 0..<2 { for oh in 0..<3 { for ow in 0..<2 { for c in 0..<24 {
                var best = -Float.infinity, at = 0
                for kh in 0..<2 { for kw in 0..<2 {
                    let i = ((n * 6 + 2 * oh + kh) * 4 + 2 * ow + kw) * 24 + c
                    if x.pointer[i] > best { (best, at) = (x.pointer[i], i) }
                } }
                let o = ((n * 3 + oh) * 2 + ow) * 24 + c
                XCTAssertEqual(y.pointer[o], best)
                expectedDx[at] += dy.pointer[o]
            } } } }
            XCTAssertEqual(Array(UnsafeBufferPointer(start: dx.pointer, count: dx.count)), expectedDx)
        }
    }
}

extension FastPathTests {
    /// Our own GEMM (used when OpenBLAS' core is below our kernels) against the triple loop: every transposition,
    /// alpha and beta, sizes off the register tile and across the packed blocks, and a C holding NaN where beta = 0.
    func testOwnGEMMMatchesTripleLoop() {
        forEachInstructionSet {
            let kernels = Kernels.active
            let workspace = UnsafeMutablePointer<Float>.allocate(capacity: kernels.gemmWorkspace)
            defer { workspace.deallocate() }
            for (m, n, k) in [(1, 1, 1), (7, 5, 9), (13, 70, 300), (130, 33, 17), (250, 1100, 40)] {
                for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                    for (alpha, beta) in [(Float(1), Float(0)), (0.5, 2)] {
                        let a = GradientCheck.randomTensor(Shape(m * k), seed: 1), b = GradientCheck.randomTensor(Shape(k * n), seed: 2)
                        let fast = GradientCheck.randomTensor(Shape(m * n), seed: 3), slow = Tensor(shape: Shape(m * n))
                        slow.copy(from: fast)
                        if beta == 0 { fast.fill(.nan) }
                        kernels.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a.pointer, lda: transA ? m : k,
                                     b: b.pointer, ldb: transB ? k : n, beta: beta, c: fast.pointer, ldc: n, workspace: workspace)
                        GEMM.naive(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a.pointer, b: b.pointer, beta: beta, c: slow.pointer)
                        let worst = (0..<m * n).map { abs(fast.pointer[$0] - slow.pointer[$0]) }.max()!
                        XCTAssertLessThan(worst, 1e-4 * Float(k).squareRoot() * 4, "\(m)x\(n)x\(k) transA \(transA) transB \(transB) beta \(beta)")
                    }
                }
            }
        }
    }
}
