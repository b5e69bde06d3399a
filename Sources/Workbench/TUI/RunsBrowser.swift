import Experiments

/// The runs table's state: order, selection, and the runs overlaid on the
/// dashboard charts, each keeping the colour it got when selected. The
/// selection is a run id: it stays on its run when the table re-sorts or
/// gains a run.
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

    /// The selected run's row in `list` (sorted as shown).
    func cursor(in list: [RunListing]) -> Int {
        if let id = selectedID, let i = list.firstIndex(where: { $0.id == id }) { return i }
        return min(row, max(list.count - 1, 0))
    }

    func selected(in list: [RunListing]) -> RunListing? { list.isEmpty ? nil : list[cursor(in: list)] }

    /// Moves the selection `step` rows in `list` (sorted as shown), clamped.
    mutating func move(by step: Int, in list: [RunListing]) {
        row = min(max(cursor(in: list) + step, 0), max(list.count - 1, 0))
        selectedID = list.isEmpty ? nil : list[row].id
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

    /// The next order; the selected run stays selected (`runs`: the table before re-sorting).
    mutating func cycleOrder(_ runs: [RunListing]) {
        if selectedID == nil, let run = selected(in: sorted(runs)) { selectedID = run.id }
        let all = Order.allCases
        order = all[(all.firstIndex(of: order)! + 1) % all.count]
    }
}
