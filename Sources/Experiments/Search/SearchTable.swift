import Foundation

/// trials.csv and leaderboard.md of a search, from its state and its trials' run folders.
struct SearchTable {
    let plan: SearchPlan
    let state: SearchState
    let folder: String

    /// Each trial with its run folder's record, when it has one that reads.
    private var rows: [(trial: SearchTrial, listing: RunListing?)] {
        state.trials.map { t in (t, t.run.flatMap { try? RunListing.load(folder + "/" + $0) }) }
    }

    private var keys: [String] { plan.spec.space.map(\.key) }

    func csv() -> String {
        let header = ["trial", "run", "state", "epochs"] + keys
            + ["best_val_accuracy", "best_val_epoch", "test_accuracy", "test_low", "test_high", "seconds", "note"]
        let lines = rows.map { t, listing -> [String] in
            let values = keys.map { k in t.settings.first { $0.key == k }?.value ?? "" }
            let best = t.bestValidation
            let summary = listing?.summary
            return [String(t.index + 1), t.run ?? "", t.state.rawValue, String(t.epochs)] + values
                + [best.map { Self.figure($0.accuracy) } ?? "", best.map { String($0.epoch) } ?? "",
                   summary?.testAccuracy.map(Self.figure) ?? "", summary?.testAccuracyInterval.map { Self.figure($0.low) } ?? "",
                   summary?.testAccuracyInterval.map { Self.figure($0.high) } ?? "", listing.map { String(format: "%.1f", $0.seconds) } ?? "",
                   t.note ?? ""]
        }
        return CSV.text(header: header, rows: lines)
    }

    /// Trials with a validation epoch, best validation accuracy first (ties: the earlier trial).
    private var ranked: [(trial: SearchTrial, listing: RunListing?)] {
        let rows = rows
        return SearchTrial.ranked(rows.map(\.trial)).map { rows[$0.index] }
    }

    /// The leaderboard's first `count` places as lines for the terminal.
    func top(_ count: Int) -> [String] {
        ranked.prefix(count).enumerated().map { rank, row in
            let t = row.trial
            let values = t.settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let best = t.bestValidation.map { String(format: "val %.4f at epoch %d", $0.accuracy, $0.epoch) } ?? ""
            let test = row.listing?.summary?.testAccuracy.map { a in
                String(format: ", test %.4f", a) + (row.listing?.summary?.testAccuracyInterval.map { String(format: " [%.4f, %.4f]", $0.low, $0.high) } ?? "")
            } ?? " (\(t.state.rawValue))"
            return "#\(rank + 1) trial \(t.index + 1) (\(values)): \(best)\(test)"
        }
    }

    /// Trials ranked by best validation accuracy (never by test), each finished one
    /// tested against the leader with McNemar's exact test on the test set.
    func leaderboard() -> String {
        let ranked = ranked
        let s = plan.spec
        var md = "# Search: \(s.method.rawValue) over \(keys.joined(separator: ", "))\n\n"
        md += "Base `\(plan.base.preset)` (\(folder)/\(SearchRunner.baseFile)); \(state.trials.count) of \(plan.trialCount) trials started"
        md += state.finished ? ", finished.\n\n" : ", in progress.\n\n"
        md += "Ranked by best validation accuracy; the test set never ranks. Test accuracy with its Wilson 95 % interval; "
        md += "p: McNemar's exact test of the trial against the leader on the same test images (finished trials only).\n\n"
        md += "| rank | trial | " + keys.joined(separator: " | ") + " | epochs | best val (epoch) | test accuracy | p vs #1 | state |\n"
        md += "|---:|---:|" + keys.map { _ in "---|" }.joined() + "---:|---:|---|---:|---|\n"
        let leader = ranked.first
        for (rank, row) in ranked.enumerated() {
            let t = row.trial
            let values = keys.map { k in t.settings.first { $0.key == k }?.value ?? "" }
            let best = t.bestValidation.map { String(format: "%.4f (%d)", $0.accuracy, $0.epoch) } ?? ""
            let test = row.listing?.summary.flatMap { s in
                s.testAccuracy.map { a in String(format: "%.4f", a) + (s.testAccuracyInterval.map { String(format: " [%.4f, %.4f]", $0.low, $0.high) } ?? "") }
            } ?? "—"
            md += "| \(rank + 1) | \(t.index + 1) | " + values.joined(separator: " | ") + " | \(t.epochs) | \(best) | \(test) | \(mcnemar(row, against: leader)) | \(t.state.rawValue)"
            md += (t.note.map { ": \($0)" } ?? "") + " |\n"
        }
        if !state.lineage.isEmpty {
            md += "\n## PBT lineage\n\n| generation | epoch | member | took the weights of | values then |\n|---:|---:|---:|---:|---|\n"
            for e in state.lineage {
                let to = e.to.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                md += "| \(e.generation) | \(e.epoch) | \(e.member + 1) | \(e.donor + 1) | \(to) |\n"
            }
        }
        return md
    }

    private func mcnemar(_ row: (trial: SearchTrial, listing: RunListing?), against leader: (trial: SearchTrial, listing: RunListing?)?) -> String {
        guard let leader, leader.trial.index != row.trial.index else { return row.trial.index == leader?.trial.index ? "leader" : "—" }
        guard row.trial.state == .done, leader.trial.state == .done, let a = leader.listing?.directory, let b = row.listing?.directory,
              let c = try? RunComparison.compare(a, b) else { return "—" }
        return String(format: "%.3g", c.mcnemar.pValue)
    }

    static func figure(_ x: Double) -> String { String(format: "%.4f", x) }
}
