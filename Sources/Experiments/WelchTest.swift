/// Welch's unequal-variances t-test of two independent samples (Welch 1947):
/// t = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2), with the Welch-Satterthwaite
/// degrees of freedom df = (v1 + v2)^2 / (v1^2/(n1-1) + v2^2/(n2-1)), v = s^2/n,
/// as scipy.stats.ttest_ind(equal_var=False). For runs that share no seed.
public struct WelchTest: Equatable, Sendable {
    public let meanFirst: Double, meanSecond: Double
    public let nFirst: Int, nSecond: Int
    public let t: Double, degreesOfFreedom: Double, pValue: Double
    /// 95 % interval of the difference of the means (first - second).
    public let interval: Interval

    public var difference: Double { meanFirst - meanSecond }

    /// Nil unless each sample has two values or more. Two samples without any
    /// spread (every value equal within each) give t = +-inf, p = 0 when their
    /// means differ, and p = 1 when they do not.
    public init?(_ a: [Double], _ b: [Double]) {
        guard a.count >= 2, b.count >= 2 else { return nil }
        func meanAndVariance(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1))
        }
        let ((ma, sa), (mb, sb)) = (meanAndVariance(a), meanAndVariance(b))
        let (va, vb) = (sa / Double(a.count), sb / Double(b.count))
        let se = (va + vb).squareRoot()
        (meanFirst, meanSecond, nFirst, nSecond) = (ma, mb, a.count, b.count)
        guard se > 0 else {
            (t, degreesOfFreedom) = (ma == mb ? 0 : ma > mb ? .infinity : -.infinity, Double(a.count + b.count - 2))
            pValue = ma == mb ? 1 : 0
            interval = Interval(low: ma - mb, high: ma - mb)
            return
        }
        t = (ma - mb) / se
        degreesOfFreedom = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        pValue = StudentT.twoSidedP(t, degreesOfFreedom: degreesOfFreedom)
        let half = StudentT.quantile(0.975, degreesOfFreedom: degreesOfFreedom) * se
        interval = Interval(low: ma - mb - half, high: ma - mb + half)
    }
}
