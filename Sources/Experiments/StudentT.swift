import Foundation

/// Student's t distribution, for intervals across repeated runs and the 5x2cv test.
/// CDF through the regularized incomplete beta function:
/// P(T <= t) = 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2), for t >= 0.
public enum StudentT {
    public static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let tail = 0.5 * IncompleteBeta.regularized(x: df / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with cdf(t) = p, by bisection on the monotone CDF (60 halvings: below 1e-12).
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0 && p < 1)
        var (lo, hi) = (-1e4, 1e4)
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if cdf(mid, degreesOfFreedom: df) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Two-sided p-value of a t statistic.
    public static func twoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        2 * (1 - cdf(abs(t), degreesOfFreedom: df))
    }

    /// 95 % interval of the mean of `values` (n >= 2): mean +- t(0.975, n-1) s / sqrt(n).
    public static func meanInterval(_ values: [Double]) -> Interval? {
        let n = Double(values.count)
        guard values.count >= 2 else { return nil }
        let mean = values.reduce(0, +) / n
        let s = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let half = quantile(0.975, degreesOfFreedom: n - 1) * s / n.squareRoot()
        return Interval(low: mean - half, high: mean + half)
    }
}

/// I_x(a, b) by the continued fraction of Numerical Recipes §6.4 (modified Lentz),
/// using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
enum IncompleteBeta {
    static func regularized(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logFront: Double = a * log(x) + b * log(1 - x) - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m), twoM = 2 * m
            let even: Double = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            for numerator in [even, odd] {
                d = 1 + numerator * d
                if abs(d) < tiny { d = tiny }
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                d = 1 / d
                h *= d * c
            }
            if abs(d * c - 1) < 1e-15 { break }
        }
        return h
    }
}
