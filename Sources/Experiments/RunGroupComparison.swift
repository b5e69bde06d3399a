import Foundation

/// Two groups of runs (the seeds of two configs) compared on test accuracy.
/// Paired when they share seeds: run (data seed s, index k) of one against
/// run (s, k) of the other saw the same data sample and test images and drew
/// from the same training seed, so the seed's own luck cancels in the
/// difference: a Student-t interval of the paired differences, and McNemar's
/// test within each pair (`PresetContrast`). Unpaired otherwise: Welch's t-test
/// on the two sets of accuracies, which assumes neither equal sizes nor equal spread.
public struct RunGroupComparison: Sendable {
    public enum Test: Sendable {
        case paired(PresetContrast)
        case welch(WelchTest)
    }

    public let first: [RunListing], second: [RunListing]
    public let test: Test
    /// Why this test: in words, for the output.
    public let reason: String
    /// Finished runs without a partner in the other group, left out of a paired test.
    public let unpaired: [String]
    /// The folders of each pair, in the order of the paired test's pairs.
    public var pairedRuns: [(first: String, second: String)] = []

    /// A run's place among the seeds: its data seed and its repeat index.
    struct Seed: Hashable, Comparable {
        let seed: UInt64, index: Int
        init(_ run: RunListing) { (seed, index) = (run.config.seed, run.manifest.runIndex) }
        static func < (a: Seed, b: Seed) -> Bool { (a.seed, a.index) < (b.seed, b.index) }
    }

    /// Compares the finished runs (those with a test accuracy) of each group.
    /// Each group must be repeats of one config (`RunGroup.key`); two groups of the same config are refused.
    public static func compare(_ a: [RunListing], _ b: [RunListing]) throws -> RunGroupComparison {
        try checkRepeats(a, label: "A")
        try checkRepeats(b, label: "B")
        if let x = a.first, let y = b.first, RunGroup.key(x) == RunGroup.key(y) {
            throw IOFailure(path: y.directory, "is a repeat of the same config as \(x.directory): both groups are one group, there is nothing to compare")
        }
        let (fa, fb) = (a.filter { $0.summary?.testAccuracy != nil }, b.filter { $0.summary?.testAccuracy != nil })
        let (sa, sb) = (Dictionary(fa.map { (Seed($0), $0) }, uniquingKeysWith: { x, _ in x }),
                        Dictionary(fb.map { (Seed($0), $0) }, uniquingKeysWith: { x, _ in x }))
        let shared = Set(sa.keys).intersection(sb.keys).sorted()
        let sameImages = try sameTestImages(shared.first.flatMap { k in sa[k].flatMap { x in sb[k].map { (x, $0) } } })
        if sameImages && shared.count >= 2 {
            var pairs: [PresetContrast.Pair] = [], folders: [(first: String, second: String)] = []
            for k in shared {
                guard let x = sa[k], let y = sb[k] else { continue }
                let c = try RunComparison.compare(x.directory, y.directory)
                pairs.append(PresetContrast.Pair(runIndex: k.index, first: c.first.accuracy, second: c.second.accuracy, mcnemar: c.mcnemar))
                folders.append((x.directory, y.directory))
            }
            let alone = (fa.filter { !shared.contains(Seed($0)) } + fb.filter { !shared.contains(Seed($0)) }).map(\.directory)
            let reason = "paired: the groups share \(shared.count) seeds (data seed and run index), so each pair saw the same test images and training seed"
                + (alone.isEmpty ? "" : "; \(alone.count) run\(alone.count == 1 ? "" : "s") without a partner left out")
            return RunGroupComparison(first: a, second: b, test: .paired(PresetContrast(pairs: pairs)), reason: reason, unpaired: alone, pairedRuns: folders)
        }
        let why = !sameImages && !shared.isEmpty ? "the groups were tested on different test images (their data, input or split settings differ), so no run has a partner"
            : shared.isEmpty ? "the groups share no seed (data seed and run index), so no run has a partner"
            : "the groups share only one seed, too few pairs for a paired interval"
        guard let welch = WelchTest(fa.compactMap { $0.summary?.testAccuracy }, fb.compactMap { $0.summary?.testAccuracy }) else {
            let (label, runs, finished) = fa.count < 2 ? ("A", a, fa.count) : ("B", b, fb.count)
            throw IOFailure(path: runs.first?.directory ?? label, "group \(label) has \(finished) finished run(s); \(why), and Welch's t-test needs at least two finished runs in each group (`workbench compare A B` compares two single runs)")
        }
        return RunGroupComparison(first: a, second: b, test: .welch(welch), reason: "unpaired, Welch's t-test: " + why, unpaired: [])
    }

    /// Whether a pair of runs of the same seed saw the same test images: the
    /// same data and input settings, and the same true labels in predictions.csv
    /// (a split scheme can hold other images out). False without a pair.
    static func sameTestImages(_ pair: (RunListing, RunListing)?) throws -> Bool {
        guard let (x, y) = pair, x.config.data == y.config.data, x.config.input == y.config.input else { return false }
        return try Predictions.read(x.directory).labels == Predictions.read(y.directory).labels
    }

    /// Refuses a "group" whose runs are not all repeats of its first run's config, naming the keys that differ.
    static func checkRepeats(_ runs: [RunListing], label: String) throws {
        guard let head = runs.first else { throw IOFailure(path: label, "group \(label) has no runs") }
        if let tuned = runs.first(where: \.isTunedLive) {
            throw IOFailure(path: tuned.directory, "had its lr or dropout changed live: it is not a repeat of its config and belongs to no group")
        }
        for run in runs.dropFirst() where RunGroup.key(run) != RunGroup.key(head) {
            let keys = ((try? RunDiff(head, run))?.settings.map(\.key).filter { $0 != "runs" } ?? []).joined(separator: ", ")
            throw IOFailure(path: run.directory, "is not a repeat of \(head.directory) (group \(label)): its config differs in \(keys.isEmpty ? "its settings" : keys), not only in the seed")
        }
        if let dup = Dictionary(grouping: runs, by: \.directory).first(where: { $0.value.count > 1 }) {
            throw IOFailure(path: dup.key, "is given twice in group \(label)")
        }
    }

    /// The verdict in words, e.g. "A beats B by 3.1 points (95 % t interval
    /// +1.2..+5.0 over 5 paired seeds); McNemar p<0.05 in 3 of 5 pairs": the
    /// interval is of the winner's lead, or of A - B when neither wins.
    public func verdict(first a: String = "A", second b: String = "B") -> String {
        func range(_ i: Interval, _ sign: Double) -> String {
            let (x, y) = sign > 0 ? (i.low, i.high) : (-i.high, -i.low)
            return String(format: "%+.1f..%+.1f", 100 * x, 100 * y)
        }
        switch test {
        case .paired(let c):
            let n = c.pairs.count
            let sign: Double = c.verdict == .otherWay ? -1 : 1
            let over = c.interval.map { " (95 % t interval \(range($0, sign)) over \(n) paired seeds)" } ?? " over \(n) paired seeds"
            let (ka, kb) = (c.significantForFirst, c.significantForSecond)
            let mcnemar = "; McNemar p<0.05 in \(ka + kb) of \(n) pairs"
                + (ka > 0 && kb > 0 ? " (\(ka) for \(a), \(kb) for \(b))" : ka > 0 ? ", each for \(a)" : kb > 0 ? ", each for \(b)" : "")
            switch c.verdict {
            case .yes: return "\(a) beats \(b) by \(Self.points(c.meanDifference)) points" + over + mcnemar
            case .otherWay: return "\(b) beats \(a) by \(Self.points(-c.meanDifference)) points" + over + mcnemar
            case .notClearly: return "no clear winner: \(a) - \(b) = \(String(format: "%+.1f", 100 * c.meanDifference)) points" + over + mcnemar
            }
        case .welch(let w):
            let significant = w.pValue < 0.05, sign: Double = significant && w.difference < 0 ? -1 : 1
            let over = " (Welch 95 % interval \(range(w.interval, sign)), t = \(String(format: "%.2f", w.t)), df = \(String(format: "%.1f", w.degreesOfFreedom)), p = \(String(format: "%.3g", w.pValue)); \(w.nFirst) and \(w.nSecond) runs)"
            guard significant else { return "no clear winner: \(a) - \(b) = \(String(format: "%+.1f", 100 * w.difference)) points in mean test accuracy" + over }
            return (sign > 0 ? "\(a) beats \(b)" : "\(b) beats \(a)") + " by \(Self.points(sign * w.difference)) points in mean test accuracy" + over
        }
    }

    private static func points(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
}
