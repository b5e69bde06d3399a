import Experiments

/// What the search screen shows of the searches found: which search, which
/// trial is selected (kept by trial number as the ranking moves), which
/// searched key the scatter plots.
struct SearchBrowser {
    /// The search shown, by folder; nil: the one this workbench runs, else the newest.
    var shown: String?
    /// The selected trial's index (0-based); nil: the leader.
    var trial: Int?
    /// The searched key the scatter plots (an index into the spec's space).
    var scatterKey = 0

    /// The search on screen among `searches` (newest first).
    func current(_ searches: [SearchFolder], running: String?) -> SearchFolder? {
        searches.first { $0.path == shown } ?? searches.first { $0.path == running } ?? searches.first
    }

    /// The table's order: ranked trials, then those without a validation epoch yet, by number.
    static func order(_ s: SearchFolder) -> [Int] {
        let ranked = s.ranking
        return ranked + s.rows.map(\.trial.index).filter { !ranked.contains($0) }
    }

    /// The selected trial's place in the table.
    func cursor(in s: SearchFolder) -> Int {
        let order = Self.order(s)
        return trial.flatMap { order.firstIndex(of: $0) } ?? 0
    }

    mutating func moveTrial(by step: Int, in s: SearchFolder) {
        let order = Self.order(s)
        guard !order.isEmpty else { return }
        trial = order[min(max(cursor(in: s) + step, 0), order.count - 1)]
    }

    /// Another search: the trial selection and the scatter's key start over.
    mutating func moveSearch(by step: Int, in searches: [SearchFolder], running: String?) {
        guard !searches.isEmpty else { return }
        let i = current(searches, running: running).flatMap { c in searches.firstIndex { $0.path == c.path } } ?? 0
        shown = searches[min(max(i + step, 0), searches.count - 1)].path
        trial = nil
        scatterKey = 0
    }
}
