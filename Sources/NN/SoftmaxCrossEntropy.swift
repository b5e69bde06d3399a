/// Softmax followed by categorical cross-entropy, fused: the networks end in a
/// linear Dense and this computes Keras' `Dense(k, activation='softmax')` +
/// `categorical_crossentropy` from the logits with log-sum-exp, which is exact
/// where Keras' clipped probabilities would saturate.
public struct SoftmaxCrossEntropy {
    public init() {}

    /// Probabilities per row of (N, K) logits, written into `probabilities`.
    public static func softmax(_ logits: Tensor, into probabilities: Tensor) {
        let (n, k) = (logits.shape[0], logits.shape[1])
        for r in 0..<n {
            let z = logits.pointer + r * k, p = probabilities.pointer + r * k
            var top = z[0]
            for j in 1..<k { top = max(top, z[j]) }
            var sum: Float = 0
            for j in 0..<k {
                p[j] = expf(z[j] - top)
                sum += p[j]
            }
            for j in 0..<k { p[j] /= sum }
        }
    }

    /// Mean loss over the batch; `gradient` receives d(mean loss)/d(logits) = (p - onehot) / N.
    /// `probabilities` receives the softmax, for accuracy and predictions.
    @discardableResult
    public func lossAndGradient(logits: Tensor, labels: [Int], probabilities: Tensor, gradient: Tensor) -> Float {
        let (n, k) = (logits.shape[0], logits.shape[1])
        precondition(labels.count == n, "\(labels.count) labels for \(n) rows")
        SoftmaxCrossEntropy.softmax(logits, into: probabilities)
        var loss: Double = 0
        let invN = 1 / Float(n)
        for r in 0..<n {
            let p = probabilities.pointer + r * k, g = gradient.pointer + r * k
            let label = labels[r]
            // log p = z - logsumexp(z), without underflow to log(0).
            let z = logits.pointer + r * k
            var top = z[0]
            for j in 1..<k { top = max(top, z[j]) }
            var sum: Double = 0
            for j in 0..<k { sum += exp(Double(z[j] - top)) }
            loss -= Double(z[label] - top) - log(sum)
            for j in 0..<k { g[j] = (p[j] - (j == label ? 1 : 0)) * invN }
        }
        return Float(loss / Double(n))
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
