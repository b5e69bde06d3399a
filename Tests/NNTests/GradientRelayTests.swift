import XCTest
@testable import NN

/// The shared buffers of a backward pass: handed out without aliasing what a
/// layer still reads, reused from the second step on, and giving the same
/// gradients as central differences through nested residual blocks.
final class GradientRelayTests: XCTestCase {
    func testATensorNeverSharesMemoryWithWhatItAvoidsOrWhatIsPinned() {
        let relay = GradientRelay()
        let a = relay.tensor(Shape(4, 8))
        let b = relay.tensor(Shape(4, 8), avoiding: a)
        XCTAssertNotEqual(a.pointer, b.pointer)
        XCTAssertEqual(relay.tensor(Shape(2, 8), avoiding: b).pointer, a.pointer, "a free buffer is reused, at a smaller shape too")
        relay.pin(a)
        let c = relay.tensor(Shape(4, 8), avoiding: b)
        XCTAssertFalse([a.pointer, b.pointer].contains(c.pointer), "pinned a and avoided b: a third buffer")
        relay.unpin(a)
        XCTAssertEqual(relay.tensor(Shape(4, 8), avoiding: b, c).pointer, a.pointer)
        let capacity = relay.capacity
        let big = relay.tensor(Shape(10, 8), avoiding: b, c)
        XCTAssertEqual(big.shape, Shape(10, 8))
        XCTAssertEqual(relay.capacity, capacity - 32 + 80, "too small: the free buffer is replaced by a larger one")
    }

    private func small(_ seed: UInt64) -> Tensor { GradientCheck.randomTensor(Shape(2, 4, 4, 3), seed: seed) }

    private func initialized<L: Layer>(_ layer: L, seed: UInt64) -> L {
        for (k, p) in layer.parameters.enumerated() where p.role == .weight {
            p.value.copy(from: GradientCheck.randomTensor(p.value.shape, seed: seed + UInt64(k), scale: 0.5))
        }
        return layer
    }

    /// Two residual blocks (one with a projection) between convolutions: every
    /// layer writes into the one relay, the blocks pin what both paths read. The
    /// convolutions are linear so that central differences seldom straddle a
    /// ReLU kink (the blocks' own ReLUs remain).
    private func residualNetwork() -> Sequential {
        func block(_ name: String, projection: Bool, seed: UInt64) -> ResidualBlock {
            let main = Sequential(name: name + ".main", [
                initialized(Conv2D(name: name + ".a", inputChannels: 3, filters: 3, kernelSize: (3, 3), padding: .same), seed: seed),
                initialized(BatchNorm(name: name + ".bn", channels: 3), seed: seed + 10),
                initialized(Conv2D(name: name + ".b", inputChannels: 3, filters: 3, kernelSize: (1, 1)), seed: seed + 20),
            ])
            let shortcut = projection
                ? Sequential(name: name + ".s", [initialized(Conv2D(name: name + ".p", inputChannels: 3, filters: 3, kernelSize: (1, 1)), seed: seed + 30)])
                : nil
            return ResidualBlock(name: name, main: main, shortcut: shortcut)
        }
        return Sequential(name: "net", [
            initialized(Conv2D(name: "stem", inputChannels: 3, filters: 3, kernelSize: (3, 3), padding: .same), seed: 1),
            block("b1", projection: true, seed: 100),
            block("b2", projection: false, seed: 200),
            Flatten(name: "flat"),
            initialized(Dense(name: "out", inputs: 48, units: 5), seed: 300),
        ])
    }

    func testGradientsThroughNestedResidualBlocksMatchCentralDifferences() {
        GradientCheck.check(residualNetwork(), input: small(7), training: true, tolerance: 3e-2)
    }

    /// The same pass twice: the second reuses the first's buffers (none grows) and
    /// gives the same gradients bit for bit, so no stale contents leak in.
    func testASecondPassReusesTheBuffersAndGivesTheSameGradients() {
        let net = residualNetwork(), relay = GradientRelay()
        let x = small(8)
        func pass() -> [[Float]] {
            for p in net.parameters where p.role == .weight { p.gradient.zero() }
            let y = net.forward(x, mode: .training(RandomSource(seed: 3)))
            let dx = net.backward(GradientCheck.randomTensor(y.shape, seed: 9), relay: relay)
            return net.parameters.filter { $0.role == .weight }.map(\.gradient.values) + [dx.values]
        }
        let first = pass(), capacity = relay.capacity
        XCTAssertEqual(pass(), first)
        XCTAssertEqual(relay.capacity, capacity, "no buffer grows on the second pass")
        // Stem, two blocks of three layers and a shortcut, the head: far fewer buffers than layers.
        XCTAssertLessThanOrEqual(relay.capacity, 4 * x.count, "at most four gradient-sized buffers")
    }

    /// A plain chain of convolutions needs one buffer, however deep: each masks its
    /// gradient in it and writes its input gradient into its own output, dead by then.
    func testAChainUsesOneBuffer() {
        let layers: [Layer] = (0..<6).map { initialized(Conv2D(name: "c\($0)", inputChannels: 3, filters: 3, kernelSize: (3, 3), padding: .same,
                                                                  activation: .relu), seed: UInt64($0)) }
        let net = Sequential(name: "chain", layers), relay = GradientRelay()
        let x = small(5)
        let y = net.forward(x, mode: .training(RandomSource(seed: 1)))
        _ = net.backward(GradientCheck.randomTensor(y.shape, seed: 2), relay: relay)
        XCTAssertEqual(relay.capacity, x.count)
    }

    /// A convolution whose column matrix is larger than one slice unfolds a few
    /// images at a time: each image's output and input gradient are what it gets
    /// alone, and the kernel gradient is the sum of the images' own.
    func testColumnSlicesGiveWhatEachImageGetsAlone() {
        let conv = initialized(Conv2D(name: "c7", inputChannels: 3, filters: 4, kernelSize: (7, 7), strides: (2, 2), padding: .same), seed: 4)
        let batch = 5
        let x = GradientCheck.randomTensor(Shape(batch, 224, 224, 3), seed: 6)
        let y = conv.forward(x, mode: .training(RandomSource(seed: 1)))
        XCTAssertGreaterThan(112 * 112 * 147 * batch, 2 * Conv2D.columnSliceFloats, "three slices")
        let dy = GradientCheck.randomTensor(y.shape, seed: 7)
        conv.kernel.gradient.zero()
        let (ys, dxs) = (y.values, conv.backward(dy).values)
        let batchKernelGradient = conv.kernel.gradient.values
        var summed = [Float](repeating: 0, count: batchKernelGradient.count)
        let (inPer, outPer) = (x.count / batch, y.count / batch)
        for n in 0..<batch {
            let xi = Tensor(shape: Shape(1, 224, 224, 3), values: Array(x.values[n * inPer..<(n + 1) * inPer]))
            let yi = conv.forward(xi, mode: .training(RandomSource(seed: 1)))
            assertClose(yi.values, Array(ys[n * outPer..<(n + 1) * outPer]), "image \(n)'s output")
            conv.kernel.gradient.zero()
            let dxi = conv.backward(Tensor(shape: yi.shape, values: Array(dy.values[n * outPer..<(n + 1) * outPer])))
            assertClose(dxi.values, Array(dxs[n * inPer..<(n + 1) * inPer]), "image \(n)'s input gradient")
            for (i, g) in conv.kernel.gradient.values.enumerated() { summed[i] += g }
        }
        assertClose(summed, batchKernelGradient, "kernel gradient")
    }

    /// Products of other shapes may add in another order: equal to float rounding.
    private func assertClose(_ a: [Float], _ b: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, what, file: file, line: line)
    }
}
