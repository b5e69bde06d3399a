/// How often a preset's runs collapse to one class (the study's basic CNN at
/// lr 0.1 reported chance accuracy): a run collapsed when one class takes over
/// 90 % of its test predictions. Runs a non-finite loss stopped have no
/// predictions and are counted apart.
public struct CollapseRate: Sendable {
    public static let threshold = 0.9

    public let collapsed: Int, tested: Int, diverged: Int

    /// The share of test predictions that went to the most predicted class.
    public static func largestShare(_ m: ConfusionMatrix) -> Double {
        let columns = m.classNames.indices.map { j in m.counts.reduce(0) { $0 + $1[j] } }
        return Double(columns.max() ?? 0) / Double(max(m.total, 1))
    }

    public static func isCollapsed(_ m: ConfusionMatrix) -> Bool { largestShare(m) > threshold }

    public init(_ runs: [RunListing]) {
        let matrices = runs.compactMap { $0.state == .done ? $0.summary?.testConfusion : nil }
        collapsed = matrices.filter(Self.isCollapsed).count
        tested = matrices.count
        diverged = runs.filter { $0.state == .diverged }.count
    }

    public init(collapsed: Int, tested: Int, diverged: Int) {
        (self.collapsed, self.tested, self.diverged) = (collapsed, tested, diverged)
    }

    public var interval: Interval { Statistics.wilson(successes: collapsed, trials: tested) }

    /// "collapsed in 3 of 10 runs (Wilson 95 % 10.8-60.3 %)", and the diverged ones.
    public var words: String {
        let i = interval
        var text = "collapsed in \(collapsed) of \(tested) run\(tested == 1 ? "" : "s")"
            + String(format: " (Wilson 95 %% %.1f-%.1f %%)", 100 * i.low, 100 * i.high)
        if diverged > 0 { text += "; \(diverged) more stopped on a non-finite loss" }
        return text
    }
}
