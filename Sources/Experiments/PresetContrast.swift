/// Two presets' runs paired by repeat (run k of one against run k of the
/// other: the same training seed and the same test images), and what the pairs
/// say together: the mean of the paired differences in test accuracy with its
/// Student-t interval, and McNemar's test within each pair.
public struct PresetContrast: Sendable {
    public struct Pair: Sendable {
        public let runIndex: Int
        public let first: Double, second: Double
        public let mcnemar: PairedTests.McNemar
        public var difference: Double { first - second }
        /// Significant at 5 % and for which side: +1 the first, -1 the second, 0 neither.
        public var favours: Int {
            guard mcnemar.pValue < 0.05, mcnemar.onlyFirstCorrect != mcnemar.onlySecondCorrect else { return 0 }
            return mcnemar.onlyFirstCorrect > mcnemar.onlySecondCorrect ? 1 : -1
        }
    }

    public enum Verdict: String, Sendable {
        case yes = "Yes", otherWay = "No, the other way round", notClearly = "Not clearly"
    }

    public let pairs: [Pair]

    public init(pairs: [Pair]) { self.pairs = pairs }

    public var meanDifference: Double { pairs.map(\.difference).reduce(0, +) / Double(max(pairs.count, 1)) }
    /// Nil with fewer than two pairs.
    public var interval: Interval? { StudentT.meanInterval(pairs.map(\.difference)) }
    public var significantForFirst: Int { pairs.filter { $0.favours == 1 }.count }
    public var significantForSecond: Int { pairs.filter { $0.favours == -1 }.count }

    /// "Yes" when the interval of the mean difference lies above zero and no pair's
    /// McNemar test favours the second (with one pair: that pair's test, and a
    /// higher accuracy); the other way round in the mirror case; else not clearly.
    public var verdict: Verdict {
        guard !pairs.isEmpty else { return .notClearly }
        if let i = interval {
            if i.low > 0 && significantForSecond == 0 { return .yes }
            if i.high < 0 && significantForFirst == 0 { return .otherWay }
            return .notClearly
        }
        return pairs[0].favours == 1 ? .yes : pairs[0].favours == -1 ? .otherWay : .notClearly
    }

    /// The evidence in words, e.g. "a difference of +12.3 points (t 95 % +8.1 to +16.5)
    /// over 5 seed pairs; McNemar significant in 4 of 5 pairs, all for the first".
    public func evidence(first: String, second: String) -> String {
        func points(_ x: Double) -> String { String(format: "%+.1f", 100 * x) }
        var text = "a difference of \(points(meanDifference)) points in mean test accuracy"
        if let i = interval {
            text += " (t 95 % \(points(i.low)) to \(points(i.high)))"
        }
        text += " over \(pairs.count) seed pair\(pairs.count == 1 ? "" : "s")"
        let (a, b) = (significantForFirst, significantForSecond)
        switch (a, b) {
        case (0, 0): text += "; McNemar significant in none of them"
        case (_, 0): text += "; McNemar significant in \(a) of \(pairs.count), each for \(first)"
        case (0, _): text += "; McNemar significant in \(b) of \(pairs.count), each for \(second)"
        default: text += "; McNemar significant in \(a) of \(pairs.count) for \(first) and in \(b) for \(second)"
        }
        return text
    }

    /// Pairs run k of `first` with run k of `second` for every k both have finished
    /// with predictions (a diverged run has none and leaves its pair out).
    public static func paired(_ first: [RunListing], _ second: [RunListing]) throws -> PresetContrast {
        let others = Dictionary(second.map { ($0.manifest.runIndex, $0) }, uniquingKeysWith: { a, _ in a })
        var pairs: [Pair] = []
        for a in first where a.state == .done {
            guard let b = others[a.manifest.runIndex], b.state == .done else { continue }
            let c = try RunComparison.compare(a.directory, b.directory)
            pairs.append(Pair(runIndex: a.manifest.runIndex, first: c.first.accuracy, second: c.second.accuracy, mcnemar: c.mcnemar))
        }
        return PresetContrast(pairs: pairs)
    }
}
