import Foundation

/// Smith's learning-rate range test as fastai's `lr_find` runs it: one batch
/// per step, the rate rising exponentially from `minimum` to `maximum`, the loss
/// smoothed by a debiased exponential average (beta 0.98), stopping once the
/// smoothed loss exceeds 4x its lowest (or is not finite).
public struct LearningRateSweep: Sendable {
    public struct Point: Sendable, Equatable {
        public let step: Int
        public let learningRate: Double, loss: Double, smoothedLoss: Double
    }

    public static let smoothing = 0.98, divergenceFactor = 4.0

    public let points: [Point]
    /// Why it ended before `steps`: the smoothed loss passed 4x its minimum, or was not finite.
    public let stoppedEarly: String?

    /// Why a sweep ended when `observe` asked it to.
    public static let cancelled = "cancelled"

    /// Runs `step` (one training batch at the rate given, returning its loss) up to `steps` times;
    /// `observe` sees each point and returns false to end the test there (it then stopped early, `cancelled`).
    public static func run(minimum: Double, maximum: Double, steps: Int, step: (Double) -> Double,
                           observe: (Point) -> Bool = { _ in true }) -> LearningRateSweep {
        precondition(minimum > 0 && maximum > minimum && steps >= 2)
        var points: [Point] = [], average = 0.0, lowest = Double.infinity
        for i in 0..<steps {
            let lr = minimum * pow(maximum / minimum, Double(i) / Double(steps - 1))
            let loss = step(lr)
            average = smoothing * average + (1 - smoothing) * loss
            let smoothed = average / (1 - pow(smoothing, Double(i + 1)))
            points.append(Point(step: i + 1, learningRate: lr, loss: loss, smoothedLoss: smoothed))
            guard observe(points[i]) else { return LearningRateSweep(points: points, stoppedEarly: cancelled) }
            guard smoothed.isFinite else { return LearningRateSweep(points: points, stoppedEarly: "the loss was not finite") }
            lowest = min(lowest, smoothed)
            if smoothed > divergenceFactor * lowest {
                return LearningRateSweep(points: points, stoppedEarly: String(format: "the smoothed loss passed %g times its minimum", divergenceFactor))
            }
        }
        return LearningRateSweep(points: points, stoppedEarly: nil)
    }

    public init(points: [Point], stoppedEarly: String?) {
        self.points = points
        self.stoppedEarly = stoppedEarly
    }

    /// The point of the lowest smoothed loss.
    public var minimum: Point? { points.filter { $0.smoothedLoss.isFinite }.min { $0.smoothedLoss < $1.smoothedLoss } }

    /// Whether the smoothed loss ever fell by `meaningfulFall` of its first value:
    /// if not, no rate in the range trained within the steps and a "steepest"
    /// point would be noise (VGG16 from scratch over 100 batches is such a case).
    public var lossFell: Bool {
        guard let first = points.first, let low = minimum else { return false }
        return low.smoothedLoss < (1 - Self.meaningfulFall) * first.smoothedLoss
    }

    public static let meaningfulFall = 0.02

    /// The rate where the smoothed loss falls fastest against log(lr), up to its
    /// minimum: fastai's "steep" suggestion, which also leaves out the first tenth
    /// of the planned steps (the smoothing is still settling there). Nil when the loss never fell.
    public func steepest(plannedSteps: Int) -> Point? {
        guard lossFell, let low = minimum, let end = points.firstIndex(of: low) else { return nil }
        let start = plannedSteps / 10
        guard end - start >= 1 else { return nil }
        let p = Array(points[start...end])
        func slope(_ i: Int) -> Double {
            (p[i + 1].smoothedLoss - p[i].smoothedLoss) / (log10(p[i + 1].learningRate) - log10(p[i].learningRate))
        }
        return (0..<(p.count - 1)).min { slope($0) < slope($1) }.map { p[$0] }
    }

    /// lr_find.csv: step, lr, loss, smoothed loss.
    public var csv: String {
        CSV.text(header: ["step", "lr", "loss", "smoothed_loss"],
                 rows: points.map { ["\($0.step)", "\($0.learningRate)", "\($0.loss)", "\($0.smoothedLoss)"] })
    }
}
