import Foundation

/// A search folder as a watcher reads it, never writing: state.json, the spec,
/// and each trial's run folder, while another process (or the UI's own
/// search) goes on writing them. A training trial's curve is its metrics.csv's,
/// so it moves epoch by epoch, not only when its job ends.
public struct SearchFolder: Sendable {
    /// A scheduler's decision about a trial, where its curve shows it.
    public struct Decision: Equatable, Sendable {
        public enum Kind: String, Sendable { case promoted, stopped, exploited, diverged }
        public let trial: Int, epoch: Int
        public let kind: Kind
    }

    public struct Row: Sendable {
        /// The trial, its validation accuracies as far as its run folder has them.
        public let trial: SearchTrial
        /// Its run folder as read now; nil before it has one that reads.
        public let listing: RunListing?

        public var testAccuracy: Double? { listing?.summary?.testAccuracy }
        public var test: Interval? { listing?.summary?.testAccuracyInterval }
    }

    public let path: String
    public let spec: SearchSpec
    public let state: SearchState
    public let trialCount: Int
    public let rows: [Row]
    /// The process writing it, if one holds its lock.
    public let writer: RunLock.Holder?

    public var name: String { (path as NSString).lastPathComponent }

    /// Row indices by the leaderboard's order (best validation accuracy first).
    public var ranking: [Int] { SearchTrial.ranked(rows.map(\.trial)).map(\.index) }

    /// ASHA's promotions and early stops at its rungs, PBT's exploits, divergences: in trial order.
    public var decisions: [Decision] {
        var out: [Decision] = []
        let exploits = state.lineage.filter(\.applied)
        for row in rows {
            let t = row.trial, epochs = t.validationAccuracy.count
            if spec.method == .asha {
                for rung in SearchScheduler.rungs(spec.asha).dropLast() {
                    if epochs > rung { out.append(Decision(trial: t.index, epoch: rung, kind: .promoted)) }
                    else if t.state == .stopped, epochs == rung { out.append(Decision(trial: t.index, epoch: rung, kind: .stopped)) }
                }
            }
            out += exploits.filter { $0.member == t.index }.map { Decision(trial: t.index, epoch: $0.epoch, kind: .exploited) }
            if t.state == .diverged { out.append(Decision(trial: t.index, epoch: max(epochs, 1), kind: .diverged)) }
        }
        return out
    }

    public var isFinished: Bool { state.finished }

    public static func load(_ path: String) throws -> SearchFolder {
        let spec = try SearchSpec.load(path + "/" + SearchRunner.specFile)
        let state = try SearchState.load(path + "/" + SearchRunner.stateFile)
        let plan = try SearchPlan(spec: spec, specFile: path + "/" + SearchRunner.specFile, basePath: path + "/" + SearchRunner.baseFile,
                                  overrides: [], trials: state.trialsAsked)
        let rows = state.trials.map { t -> Row in
            guard let run = t.run, let listing = try? RunListing.load(path + "/" + run) else {
                return Row(trial: t, listing: nil)
            }
            var live = t
            // state.json has each job's end; a trial training now is further on in its metrics.csv.
            let curve = listing.metrics.filter { $0.phase == "val" }.sorted { $0.epoch < $1.epoch }.map(\.accuracy)
            if curve.count > live.validationAccuracy.count { live.validationAccuracy = curve }
            return Row(trial: live, listing: listing)
        }
        return SearchFolder(path: path, spec: spec, state: state, trialCount: plan.trialCount, rows: rows, writer: RunLock.holder(of: path))
    }

    /// The search folders directly under `root` (those with a state.json), newest name first, and the ones that do not read.
    public static func scan(_ root: String) -> (searches: [SearchFolder], problems: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted(by: >)
        var found: [SearchFolder] = [], problems: [String] = []
        // Bounded: a folder of thousands of entries is not all searches; the newest 200 are read.
        for name in names.prefix(200) where FileManager.default.fileExists(atPath: "\(root)/\(name)/\(SearchRunner.stateFile)") {
            do {
                found.append(try load(root + "/" + name))
            } catch {
                problems.append("\(root)/\(name): \(error)")
            }
        }
        return (found, problems)
    }
}
