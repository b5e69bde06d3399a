/// Keras `BatchNormalization` over the last axis (channels).
/// Training: normalise with the batch's mean and biased variance, and update
/// moving = moving * momentum + batch * (1 - momentum) (Keras 3's update, which
/// also uses the biased variance). Inference: normalise with the moving values.
/// Defaults: momentum 0.99; epsilon 1.001e-5 as keras.applications' ResNet50.
public final class BatchNorm: Layer {
    public let name: String
    public var kind: String { "BatchNormalization" }
    public let momentum: Float, epsilon: Float
    public let gamma: Parameter, beta: Parameter                 // (C)
    public let movingMean: Parameter, movingVariance: Parameter  // (C), statistics
    /// The input of the last forward, which backward normalises again rather than
    /// keep a normalised copy (one activation-sized tensor less per layer; the
    /// input is the layer below's output, kept by it anyway).
    private var input: Tensor?
    private var output: Tensor?
    private var usedBatchStatistics = false
    // Per-channel scratch, allocated once: the mean and 1 / sqrt(var + eps) used
    // by the last forward, the batch variance, and sums for backward.
    private let mean: Tensor, invStd: Tensor, variance: Tensor, sumDy: Tensor, sumDyXhat: Tensor

    public init(name: String, channels: Int, momentum: Float = 0.99, epsilon: Float = 1.001e-5) {
        self.name = name
        self.momentum = momentum
        self.epsilon = epsilon
        gamma = Parameter(name: "\(name).gamma", shape: Shape(channels))
        beta = Parameter(name: "\(name).beta", shape: Shape(channels))
        movingMean = Parameter(name: "\(name).moving_mean", shape: Shape(channels), role: .statistic)
        movingVariance = Parameter(name: "\(name).moving_variance", shape: Shape(channels), role: .statistic)
        gamma.value.fill(1)
        movingVariance.value.fill(1)
        (mean, invStd, variance) = (Tensor(shape: Shape(channels)), Tensor(shape: Shape(channels)), Tensor(shape: Shape(channels)))
        (sumDy, sumDyXhat) = (Tensor(shape: Shape(channels)), Tensor(shape: Shape(channels)))
    }

    public var parameters: [Parameter] { [gamma, beta, movingMean, movingVariance] }
    var channels: Int { gamma.value.count }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.dims.last == channels else {
            throw ShapeError("\(name): expects \(channels) channels, got \(input)")
        }
        return input
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let c = channels, rows = x.count / c
        let y = Tensor.reuse(output, as: x.shape)
        output = y
        input = x
        // A frozen batch norm runs as in inference, as Keras does for trainable=False.
        usedBatchStatistics = mode.isTraining && !gamma.isFrozen
        let mm = movingMean.value.pointer, mv = movingVariance.value.pointer
        let (mean, invStd, variance, momentum, epsilon) = (mean.pointer, invStd.pointer, variance.pointer, momentum, epsilon)
        if usedBatchStatistics {
            computeBatchStatistics(x, rows: rows)
            for ch in 0..<c {
                invStd[ch] = 1 / (variance[ch] + epsilon).squareRoot()
                mm[ch] = mm[ch] * momentum + mean[ch] * (1 - momentum)
                mv[ch] = mv[ch] * momentum + variance[ch] * (1 - momentum)
            }
        } else {
            for ch in 0..<c {
                mean[ch] = mm[ch]
                invStd[ch] = 1 / (mv[ch] + epsilon).squareRoot()
            }
        }
        let g = gamma.value.pointer, b = beta.value.pointer, kernels = Kernels.active
        Parallel.chunks(rows, minimumPerChunk: Elementwise.rowsPerChunk(columns: c)) { range in
            kernels.normalize(x.pointer, channels: c, rows: range, mean: mean, invStd: invStd, gamma: g, beta: b, into: y.pointer)
        }
        return y
    }

    /// Each worker sums its rows (in double precision) into a partial of its own; partials are added in worker order.
    private func computeBatchStatistics(_ x: Tensor, rows: Int) {
        let c = channels
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * Parallel.workers * c) { buffer in
            let partials = buffer.baseAddress!
            let kernels = Kernels.active
            let used = Parallel.indexedChunks(rows, minimumPerChunk: Elementwise.rowsPerChunk(columns: c)) { chunk, range in
                let sum = partials + 2 * chunk * c, sumSquares = sum + c
                sum.initialize(repeating: 0, count: 2 * c)
                kernels.addMoments(x.pointer, channels: c, rows: range, sum: sum, sumSquares: sumSquares)
            }
            // Var = E[x^2] - E[x]^2 in double precision: cancellation stays far below Float's resolution.
            for ch in 0..<c {
                var (s, s2) = (0.0, 0.0)
                for chunk in 0..<used { (s, s2) = (s + partials[2 * chunk * c + ch], s2 + partials[(2 * chunk + 1) * c + ch]) }
                let m = s / Double(rows)
                mean.pointer[ch] = Float(m)
                variance.pointer[ch] = Float(max(s2 / Double(rows) - m * m, 0))
            }
        }
    }

    /// dx = gamma * invStd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat)), per channel
    /// (the batch statistics depend on x). After an inference-mode forward the
    /// statistics are constants and dx = gamma * invStd * dy.
    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        guard let x = input else { preconditionFailure("\(name): backward before forward") }
        let c = channels, rows = dy.count / c
        let (sumDy, sumDyXhat, invStd, mean) = (sumDy.pointer, sumDyXhat.pointer, invStd.pointer, mean.pointer)
        let kernels = Kernels.active
        sumDy.update(repeating: 0, count: c)
        sumDyXhat.update(repeating: 0, count: c)
        // Per-worker partial sums, added in worker order.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * Parallel.workers * c) { buffer in
            let partials = buffer.baseAddress!
            let used = Parallel.indexedChunks(rows, minimumPerChunk: Elementwise.rowsPerChunk(columns: c)) { chunk, range in
                let sd = partials + 2 * chunk * c, sdx = sd + c
                sd.initialize(repeating: 0, count: 2 * c)
                kernels.addGradientSums(dy.pointer, x.pointer, channels: c, rows: range, mean: mean, invStd: invStd, sumDy: sd, sumDyXhat: sdx)
            }
            for chunk in 0..<used {
                for ch in 0..<c {
                    sumDy[ch] += partials[2 * chunk * c + ch]
                    sumDyXhat[ch] += partials[(2 * chunk + 1) * c + ch]
                }
            }
        }
        for ch in 0..<c {
            beta.gradient.pointer[ch] += sumDy[ch]
            gamma.gradient.pointer[ch] += sumDyXhat[ch]
        }
        let g = relay.tensor(dy.shape, avoiding: dy)
        let m = Float(rows), gm = gamma.value.pointer, batchStatistics = usedBatchStatistics
        Parallel.chunks(rows, minimumPerChunk: Elementwise.rowsPerChunk(columns: c)) { range in
            if batchStatistics {
                kernels.normalizedGradient(dy.pointer, x.pointer, channels: c, rows: range, count: m, mean: mean, invStd: invStd,
                                           gamma: gm, sumDy: sumDy, sumDyXhat: sumDyXhat, into: g.pointer)
            } else {
                kernels.scaledGradient(dy.pointer, channels: c, rows: range, invStd: invStd, gamma: gm, into: g.pointer)
            }
        }
        return g
    }
}
