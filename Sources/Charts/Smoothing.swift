/// TensorBoard's scalar smoothing: an exponential moving average with
/// weight w in [0, 1), debiased so the first points are not pulled to zero:
///   m_t = w * m_(t-1) + (1 - w) * y_t,  m_0 = 0,  shown: m_t / (1 - w^t).
public enum Smoothing {
    public static let defaultWeight = 0.6

    public static func ema(_ points: [(x: Double, y: Double)], weight: Double = defaultWeight) -> [(x: Double, y: Double)] {
        var m = 0.0, decay = 1.0
        return points.map { p in
            m = weight * m + (1 - weight) * p.y
            decay *= weight
            return (p.x, m / (1 - decay))
        }
    }
}
