/// A source of mini-batches: writes batch `b`'s images into `images` (sized by
/// the trainer for the batch) and returns their labels.
public protocol BatchSource {
    var batchCount: Int { get }
    func batchSize(_ b: Int) -> Int
    func fill(batch b: Int, into images: Tensor, rng: RandomSource) -> [Int]
}

/// What the trainer reports after each training batch.
public struct BatchEvent: Sendable {
    public let batch: Int, batches: Int
    public let loss: Float, accuracy: Float   // running means over the epoch so far
    public let images: Int                    // images seen this epoch
}

/// Loss and accuracy over a pass, and (for evaluation) each image's probabilities.
public struct PassResult: Sendable {
    public let loss: Float, accuracy: Float
    public let labels: [Int]
    public let probabilities: [[Float]]
}

/// Runs training and evaluation passes of a network. Emits events; it neither
/// prints nor saves: the caller records. Between batches it asks `shouldContinue`,
/// which is where commands (pause, stop, new lr or dropout) take effect.
public final class Trainer {
    public let network: Network
    public let optimizer: Optimizer
    private let loss = SoftmaxCrossEntropy()
    private var images: Tensor?
    private var probabilities: Tensor?
    private var gradient: Tensor?
    /// The layers' input gradients during backward, shared in turn.
    private let relay = GradientRelay()

    public init(network: Network, optimizer: Optimizer) {
        self.network = network
        self.optimizer = optimizer
    }

    /// One epoch of training. Returns nil when `shouldContinue` stopped it.
    public func trainEpoch(_ source: BatchSource, rng: RandomSource,
                           shouldContinue: () -> Bool = { true }, onBatch: (BatchEvent) -> Void = { _ in }) -> PassResult? {
        var lossSum: Double = 0, correct = 0, seen = 0
        for b in 0..<source.batchCount {
            guard shouldContinue() else { return nil }
            let step = trainStep(source, batch: b, rng: rng)
            lossSum += Double(step.loss) * Double(step.images)
            correct += step.correct
            seen += step.images
            onBatch(BatchEvent(batch: b + 1, batches: source.batchCount, loss: Float(lossSum / Double(seen)),
                               accuracy: Float(correct) / Float(seen), images: seen))
        }
        return PassResult(loss: Float(lossSum / Double(max(seen, 1))), accuracy: Float(correct) / Float(max(seen, 1)), labels: [], probabilities: [])
    }

    /// One optimizer step on batch `b`: its mean loss before the step, and how
    /// many of its images were classified right.
    public func trainStep(_ source: BatchSource, batch b: Int, rng: RandomSource) -> (loss: Float, correct: Int, images: Int) {
        let (x, labels) = load(source, batch: b, rng: rng)
        network.model.zeroGradients()
        let logits = network.model.forward(x, mode: .training(rng))
        let (p, g) = lossBuffers(logits.shape)
        let l = loss.lossAndGradient(logits: logits, labels: labels, probabilities: p, gradient: g)
        network.model.backwardWithoutInputGradient(g, relay: relay)
        optimizer.step(network.model.parameters)
        return (l, countCorrect(p, labels), labels.count)
    }

    /// Inference over every batch, keeping each image's class probabilities.
    public func evaluate(_ source: BatchSource) -> PassResult {
        let rng = RandomSource(seed: 0)   // unused by inference; required by `fill`'s signature
        var lossSum: Double = 0, correct = 0
        var allLabels: [Int] = [], probs: [[Float]] = []
        for b in 0..<source.batchCount {
            let (x, labels) = load(source, batch: b, rng: rng)
            let logits = network.model.forward(x, mode: .inference)
            let (p, g) = lossBuffers(logits.shape)
            let l = loss.lossAndGradient(logits: logits, labels: labels, probabilities: p, gradient: g)
            lossSum += Double(l) * Double(labels.count)
            correct += countCorrect(p, labels)
            let k = network.classes
            for r in 0..<labels.count { probs.append(Array(UnsafeBufferPointer(start: p.pointer + r * k, count: k))) }
            allLabels += labels
        }
        let n = max(allLabels.count, 1)
        return PassResult(loss: Float(lossSum / Double(n)), accuracy: Float(correct) / Float(n), labels: allLabels, probabilities: probs)
    }

    private func load(_ source: BatchSource, batch b: Int, rng: RandomSource) -> (Tensor, [Int]) {
        let x = Tensor.reuse(images, as: network.inputShape.withBatch(source.batchSize(b)))
        images = x
        return (x, source.fill(batch: b, into: x, rng: rng))
    }

    private func lossBuffers(_ shape: Shape) -> (Tensor, Tensor) {
        let p = Tensor.reuse(probabilities, as: shape), g = Tensor.reuse(gradient, as: shape)
        probabilities = p
        gradient = g
        return (p, g)
    }

    private func countCorrect(_ p: Tensor, _ labels: [Int]) -> Int {
        let k = p.shape[1]
        var correct = 0
        for (r, label) in labels.enumerated() {
            let row = p.pointer + r * k
            var best = 0
            for j in 1..<k where row[j] > row[best] { best = j }
            if best == label { correct += 1 }
        }
        return correct
    }
}
