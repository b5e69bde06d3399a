import Experiments

/// One line of the runs table: a run, or a group of runs over seeds (folded to
/// this one line, or open with its runs listed under it).
enum RunsRow {
    /// `member`: listed under its open group.
    case run(RunListing, member: Bool)
    case group(RunGroup, open: Bool)

    /// A run's id, or the group's ("group:" and its oldest run's id).
    var id: String {
        switch self {
        case .run(let r, _): return r.id
        case .group(let g, _): return g.id
        }
    }

    var run: RunListing? {
        if case .run(let r, _) = self { return r }
        return nil
    }

    var group: RunGroup? {
        if case .group(let g, _) = self { return g }
        return nil
    }
}
