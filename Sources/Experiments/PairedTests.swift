/// Tests of whether two classifiers differ.
public enum PairedTests {
    public struct McNemar: Equatable, Sendable {
        /// Test images only the first / only the second classifier got right.
        public let onlyFirstCorrect: Int, onlySecondCorrect: Int
        public let pValue: Double
    }

    /// McNemar's exact test on paired predictions of one test set: under the null
    /// the discordant pairs split as Binomial(b + c, 1/2); two-sided
    /// p = min(1, 2 P(X <= min(b, c))), as scipy.stats.binomtest.
    public static func mcnemar(labels: [Int], first: [Int], second: [Int]) -> McNemar {
        var b = 0, c = 0
        for (t, (p, q)) in zip(labels, zip(first, second)) {
            if p == t && q != t { b += 1 }
            if p != t && q == t { c += 1 }
        }
        return McNemar(onlyFirstCorrect: b, onlySecondCorrect: c, pValue: exactBinomialTwoSided(min(b, c), b + c))
    }

    static func exactBinomialTwoSided(_ k: Int, _ n: Int) -> Double {
        guard n > 0 else { return 1 }
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so n in the thousands stays finite.
        let logAll: Double = lgamma(Double(n + 1)) - Double(n) * log(2.0)
        var tail = 0.0
        for i in 0...k {
            let logTerm: Double = logAll - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            tail += exp(logTerm)
        }
        return min(1, 2 * tail)
    }

    public struct FiveByTwo: Equatable, Sendable {
        public let t: Double, pValue: Double
    }

    /// Dietterich (1998), "Approximate statistical tests for comparing supervised
    /// classification learning algorithms", 5x2cv paired t-test. `differences[i][j]`
    /// is the difference in error (or accuracy) on fold j of replication i:
    /// t = p_1^(1) / sqrt(mean_i s_i^2), s_i^2 = sum_j (p_i^(j) - mean_i)^2, with 5 degrees of freedom.
    public static func fiveByTwo(_ differences: [[Double]]) -> FiveByTwo {
        precondition(differences.count == 5 && differences.allSatisfy { $0.count == 2 }, "5 replications of 2 folds")
        let variances = differences.map { d -> Double in
            let mean = (d[0] + d[1]) / 2
            return (d[0] - mean) * (d[0] - mean) + (d[1] - mean) * (d[1] - mean)
        }
        let t = differences[0][0] / (variances.reduce(0, +) / 5).squareRoot()
        return FiveByTwo(t: t, pValue: StudentT.twoSidedP(t, degreesOfFreedom: 5))
    }
}

#if canImport(Glibc)
import Glibc
#endif
