import Experiments

/// The runs table's state: order, selection, the groups opened, and the runs
/// (and groups) overlaid on the dashboard charts, each keeping the colour it
/// got when selected. The selection is a row's id (a run's or a group's): it
/// stays on its row when the table re-sorts or gains a run, and a run folded
/// into its group selects the group's row.
struct RunsBrowser {
    enum Order: String, CaseIterable {
        case newest, bestValidation = "best val", testAccuracy = "test acc", preset
    }

    var order = Order.newest
    /// The selected run, and its last row: where the selection falls back to if the run goes.
    private(set) var selectedID: String?
    private var row = 0
    /// Run id -> colour index, in the order they were selected.
    private(set) var overlays: [(id: String, color: Int)] = []
    private var nextColor = 0

    /// Words a run must all contain (in its id, preset, network, optimizer, state, name, tags or note), as typed after `/`.
    private(set) var filter = ""
    /// Keys go to the filter until Enter or Esc.
    private(set) var editingFilter = false
    /// A name, tags or a note being typed for a run; keys go to it until Enter sets it or Esc.
    var prompt: RunPrompt?
    /// Archive, restore or delete, asked before it is done.
    var confirming: RunConfirmation?
    /// Archived runs are listed too (the catalog scans `archive/`).
    var showArchived = false
    /// The runs marked to compare (ids, in the order marked; at most two).
    private(set) var marked: [String] = []
    /// Two runs' config diff and McNemar's test, over the table; nil: closed.
    var comparing: RunPair?
    /// The groups listed with their runs under them; the others are one row each.
    private(set) var openGroups: Set<String> = []

    /// The runs the table shows: those the filter matches, in the chosen order.
    func sorted(_ all: [RunListing]) -> [RunListing] {
        let words = filter.lowercased().split(separator: " ")
        let runs = words.isEmpty ? all : all.filter { run in
            let text = run.filterText
            return words.allSatisfy { text.contains($0) }
        }
        switch order {
        case .newest: return runs.sorted { $0.id > $1.id }
        case .bestValidation: return runs.sorted { ($0.summary?.bestValidationAccuracy ?? -1) > ($1.summary?.bestValidationAccuracy ?? -1) }
        case .testAccuracy: return runs.sorted { ($0.summary?.testAccuracy ?? -1) > ($1.summary?.testAccuracy ?? -1) }
        case .preset: return runs.sorted { ($0.config.preset, $1.id) < ($1.config.preset, $0.id) }
        }
    }

    /// The table's rows: `list` (sorted as shown) with each group of `groups`
    /// in the place of its first run there, followed by its runs when open.
    func rows(_ list: [RunListing], groups: [RunGroup]) -> [RunsRow] {
        var groupOf: [String: RunGroup] = [:]
        for g in groups { for r in g.runs { groupOf[r.id] = g } }
        var out: [RunsRow] = [], listed: Set<String> = []
        for run in list {
            guard let g = groupOf[run.id] else {
                out.append(.run(run, member: false))
                continue
            }
            guard listed.insert(g.id).inserted else { continue }
            let open = openGroups.contains(g.id)
            out.append(.group(g, open: open))
            if open { out += list.filter { groupOf[$0.id]?.id == g.id }.map { .run($0, member: true) } }
        }
        return out
    }

    /// The selected row in `rows`: by id; a run folded into its group gives the
    /// group's row, a group that fell apart its oldest run's; else the last row kept.
    func cursor(in rows: [RunsRow]) -> Int {
        if let id = selectedID {
            if let i = rows.firstIndex(where: { $0.id == id }) { return i }
            if let i = rows.firstIndex(where: { $0.group?.runs.contains { $0.id == id } == true }) { return i }
            if id.hasPrefix("group:"), let i = rows.firstIndex(where: { "group:" + $0.id == id }) { return i }
        }
        return min(row, max(rows.count - 1, 0))
    }

    func selected(in rows: [RunsRow]) -> RunsRow? { rows.isEmpty ? nil : rows[cursor(in: rows)] }

    /// Moves the selection `step` rows, clamped.
    mutating func move(by step: Int, in rows: [RunsRow]) {
        row = min(max(cursor(in: rows) + step, 0), max(rows.count - 1, 0))
        selectedID = rows.isEmpty ? nil : rows[row].id
    }

    /// Runs alone, without groups (a run per row).
    private static func plain(_ list: [RunListing]) -> [RunsRow] { list.map { .run($0, member: false) } }

    /// The selected run's row in `list` (sorted as shown, no groups).
    func cursor(in list: [RunListing]) -> Int { cursor(in: Self.plain(list)) }

    func selected(in list: [RunListing]) -> RunListing? { selected(in: Self.plain(list))?.run }

    /// Moves the selection `step` rows in `list` (sorted as shown, no groups), clamped.
    mutating func move(by step: Int, in list: [RunListing]) { move(by: step, in: Self.plain(list)) }

    /// Opens a folded group or folds an open one; the group's row stays selected.
    mutating func toggleGroup(_ id: String) {
        if openGroups.remove(id) == nil { openGroups.insert(id) }
        selectedID = id
    }

    mutating func select(_ id: String) { selectedID = id }

    /// `/` starts typing a filter.
    mutating func startFilter() { editingFilter = true }

    /// A key while the filter is typed: characters and Backspace edit it, Enter keeps it, Esc clears it.
    mutating func editFilter(_ key: Key) {
        switch KeyTable.action(for: key, in: .typing) {
        case .erase?: if !filter.isEmpty { filter.removeLast() }
        case .keep?: editingFilter = false
        case .clear?: (filter, editingFilter) = ("", false)
        default: if case .character(let c) = key { filter.append(c) }
        }
    }

    /// Marks or unmarks a run; a third mark replaces the oldest.
    mutating func toggleMark(_ id: String) {
        if let i = marked.firstIndex(of: id) {
            marked.remove(at: i)
        } else {
            marked = Array((marked + [id]).suffix(2))
        }
    }

    /// 1 or 2: the run's place in the comparison; nil: not marked.
    func mark(of id: String) -> Int? { marked.firstIndex(of: id).map { $0 + 1 } }

    func color(of id: String) -> Int? { overlays.first { $0.id == id }?.color }

    mutating func toggleOverlay(_ id: String) {
        if let i = overlays.firstIndex(where: { $0.id == id }) {
            overlays.remove(at: i)
        } else {
            overlays.append((id, nextColor))
            nextColor += 1
        }
    }

    /// The next order; the selected row stays selected (`rows`: the table before re-sorting).
    mutating func cycleOrder(_ runs: [RunListing]) { cycleOrder(Self.plain(sorted(runs))) }

    mutating func cycleOrder(_ rows: [RunsRow]) {
        if selectedID == nil, let row = selected(in: rows) { selectedID = row.id }
        let all = Order.allCases
        order = all[(all.firstIndex(of: order)! + 1) % all.count]
    }
}
