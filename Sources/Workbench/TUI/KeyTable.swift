import Experiments

/// Where a key is read: a screen, or a mode of one.
enum KeyScope: CaseIterable {
    /// The dashboard with the picker; showing a recorded run read-only; with the cursor on the confusion matrix.
    case dashboard, recorded, matrix
    case errors, runs
    /// Two runs compared, in a box over the runs table.
    case compare
    /// Typing a filter, a name, tags or a note in the runs table, or a number in the picker: keys edit the text.
    case typing
    /// The learning-rate range test shown where the dashboard's charts are: running, or its curve and suggestion.
    case lrFind
    /// The search screen; the search form over the dashboard.
    case search, searchForm
}

/// What a key does, whatever key it is bound to.
enum KeyAction: Equatable {
    case nextScreen, showDashboard, showErrors, showRuns, help, quit, pauseResume, stop
    case previousField, nextField, decrease, increase, typeValue, start, logScale, smoothing, smoothingDown, smoothingUp, matrix, errors, backToRuns
    case cursorLeft, cursorRight
    case cellUp, cellDown, cellLeft, cellRight, openCell, leaveMatrix
    case selectLeft, selectRight, selectUp, selectDown, pageUp, pageDown, enlarge, trueClass, predictedClass, split, thumbnails, back
    case runUp, runDown, runPageUp, runPageDown, overlay, open, resume, newLike, order, filter
    case name, tag, untag, note, archive, delete, showArchived, mark, compare, compareUp, compareDown, closeCompare
    case keep, clear, erase
    case findLearningRate, augmentationView, useSuggestion, closeLRFind
    case showSearch, searchForm, toggleVary, startSearch, closeSearchForm
    case trialUp, trialDown, trialPageUp, trialPageDown, previousSearch, nextSearch, scatterKey, openTrial, resumeSearch
}

/// One line of the key table: the keys (as shown, and as decoded, each with
/// its action), the scopes they work in, a short label for the key bar (nil:
/// help only) and what the help box and the README say.
struct KeyBinding {
    let section: String
    let name: String
    let keys: [Key: KeyAction]
    let scopes: [KeyScope]
    let bar: String?
    let help: String
    /// The README's longer account, after the help text.
    var more: String? = nil
    /// The keys as the key bar names them, if shorter than `name`.
    var barName: String? = nil
}

/// Every key of the workbench, in one table (htop's Action_setBindings): the
/// screens dispatch on it, and the key bars, the help box and the README's
/// key table are made from it.
enum KeyTable {
    private static let screens: [KeyScope] = [.dashboard, .recorded, .matrix, .errors, .runs, .compare, .search]

    static let bindings: [KeyBinding] = [
        KeyBinding(section: "everywhere", name: "?", keys: [.character("?"): .help], scopes: screens + [.lrFind], bar: "help", help: "this help (↑↓ scroll it, any other key closes it)"),
        KeyBinding(section: "everywhere", name: "q", keys: [.character("q"): .quit], scopes: screens + [.lrFind], bar: "quit", help: "quit (while training it asks first)",
                   more: "then stops cleanly; Ctrl-C and SIGTERM do the same and exit with 130; a run stopped unfinished is named with its `workbench train --resume` command once the terminal is back"),
        KeyBinding(section: "everywhere", name: "Tab 1 2 3 4", keys: [.tab: .nextScreen, .character("1"): .showDashboard, .character("2"): .showErrors,
                                                                   .character("3"): .showRuns, .character("4"): .showSearch],
                   scopes: screens, bar: "screens", help: "next screen; dashboard, errors, runs, search", barName: "Tab"),
        KeyBinding(section: "everywhere", name: "Space", keys: [.character(" "): .pauseResume], scopes: [.dashboard, .recorded, .matrix, .errors], bar: "pause",
                   help: "pause or resume training (not on the runs screen)", more: "the key bar says which; paused time is not counted as training"),
        KeyBinding(section: "everywhere", name: "x", keys: [.character("x"): .stop], scopes: screens, bar: "stop", help: "stop after this batch (the last checkpoint stays)",
                   more: "on the search screen: stop the search this workbench runs (resumable)"),

        KeyBinding(section: "dashboard", name: "↑↓", keys: [.up: .previousField, .down: .nextField], scopes: [.dashboard], bar: "field", help: "pick a field of the picker"),
        KeyBinding(section: "dashboard", name: "←→", keys: [.left: .decrease, .right: .increase], scopes: [.dashboard], bar: "change",
                   help: "change it (lr on a 1-2-5 log scale)",
                   more: "the fields: preset, optimizer, lr, dropout, epochs, batch size, early stopping (off, val_loss, val_acc: val_accuracy) and its patience, lr decay (off, step, plateau) with its factor and epochs (step: every so many; plateau: Keras' ReduceLROnPlateau patience), split, seed, profile, augmentation (off, on) with its rotation, width and height shifts, shear, zoom, horizontal flip and fill mode (nearest, constant, reflect, wrap); while a run trains only lr and dropout change, from the next batch"),
        KeyBinding(section: "dashboard", name: "=", keys: [.character("="): .typeValue], scopes: [.dashboard], bar: "type",
                   help: "type a number for the field (Enter sets it)",
                   more: "lr, dropout, epochs, batch size, seed, early stopping patience, lr decay factor and epochs, the augmentation's ranges (a shift of 1 or more is in pixels); a value out of range is refused on screen with the reason, never clamped"),
        KeyBinding(section: "dashboard", name: "Enter", keys: [.enter: .start], scopes: [.dashboard], bar: "start", help: "start a run with the picker's settings"),
        KeyBinding(section: "dashboard", name: "f", keys: [.character("f"): .findLearningRate], scopes: [.dashboard], bar: "lr-find",
                   help: "learning-rate range test on the picker's settings",
                   more: "as `workbench lr-find` runs it (100 batches, lr 1e-7 to 10), in the background, shown where the charts are: batch, lr and smoothed loss as it goes, then the curve with ★ the suggested lr (steepest descent) and ▲ the minimum's lr / 10; written under the runs folder's lr-find/; refused while a run trains"),
        KeyBinding(section: "dashboard", name: "a", keys: [.character("a"): .augmentationView], scopes: [.dashboard], bar: "augment",
                   help: "augmented training images (a again: charts)",
                   more: "drawn again as the augmentation fields change, which stay editable below it; seeded by the picker's seed"),
        KeyBinding(section: "dashboard", name: "S", keys: [.character("S"): .searchForm], scopes: [.dashboard], bar: "search",
                   help: "set up a search from the picker's settings",
                   more: "a form over the dashboard: the method (grid, random, asha, pbt) and its settings, and which of lr, dropout, optimizer and batch size vary over what (a range `low .. high`, log-uniform for lr, or values separated by spaces); the rest trains as the picker has it; it writes a search folder as `workbench search` does, under the searches folder (`--searches`); refused while a run trains"),
        KeyBinding(section: "dashboard", name: "Esc", keys: [.escape: .backToRuns], scopes: [.recorded], bar: "back", help: "a recorded run: back to the runs or search table"),
        KeyBinding(section: "dashboard", name: "m", keys: [.character("m"): .matrix], scopes: [.dashboard, .recorded], bar: "matrix",
                   help: "cursor on the confusion matrix", more: "arrows move it, Enter opens that cell's errors (a diagonal cell: all errors of that class), Esc or m leaves"),
        KeyBinding(section: "dashboard", name: "e", keys: [.character("e"): .errors], scopes: [.dashboard, .recorded], bar: "errors", help: "the errors screen"),
        KeyBinding(section: "dashboard", name: "l", keys: [.character("l"): .logScale], scopes: [.dashboard, .recorded], bar: "log", help: "loss on a log scale"),
        KeyBinding(section: "dashboard", name: "s", keys: [.character("s"): .smoothing], scopes: [.dashboard, .recorded], bar: "smooth",
                   help: "EMA smoothing of every curve (raw values faint)"),
        KeyBinding(section: "dashboard", name: ", .", keys: [.character(","): .cursorLeft, .character("."): .cursorRight], scopes: [.dashboard, .recorded],
                   bar: "read values", help: "chart cursor: every curve's value at an epoch",
                   more: "it starts on the last epoch; `.` past the last one hides it"),
        KeyBinding(section: "dashboard", name: "[ ]", keys: [.character("["): .smoothingDown, .character("]"): .smoothingUp], scopes: [.dashboard, .recorded], bar: "weight",
                   help: "smoothing weight down/up (0 to 0.99; turns it on)", more: "0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99, shown in the chart titles"),

        KeyBinding(section: "matrix", name: "←↑↓→", keys: [.up: .cellUp, .down: .cellDown, .left: .cellLeft, .right: .cellRight], scopes: [.matrix], bar: "cell",
                   help: "move the cursor on the confusion matrix"),
        KeyBinding(section: "matrix", name: "Enter", keys: [.enter: .openCell], scopes: [.matrix], bar: "its errors", help: "the errors of that cell (diagonal: of that class)"),
        KeyBinding(section: "matrix", name: "Esc m", keys: [.escape: .leaveMatrix, .character("m"): .leaveMatrix], scopes: [.matrix], bar: "leave the matrix", help: "leave the matrix"),

        KeyBinding(section: "errors", name: "←↑↓→", keys: [.left: .selectLeft, .right: .selectRight, .up: .selectUp, .down: .selectDown], scopes: [.errors], bar: "select",
                   help: "select an image"),
        KeyBinding(section: "errors", name: "PgUp PgDn", keys: [.pageUp: .pageUp, .pageDown: .pageDown], scopes: [.errors], bar: "page", help: "page"),
        KeyBinding(section: "errors", name: "Enter", keys: [.enter: .enlarge], scopes: [.errors], bar: "enlarge", help: "enlarge it, with its top-3 probabilities"),
        KeyBinding(section: "errors", name: "c p", keys: [.character("c"): .trueClass, .character("p"): .predictedClass], scopes: [.errors], bar: "class filters",
                   help: "cycle the true-class and predicted-class filters"),
        KeyBinding(section: "errors", name: "v", keys: [.character("v"): .split], scopes: [.errors], bar: "val/test", help: "validation or test errors"),
        KeyBinding(section: "errors", name: "t", keys: [.character("t"): .thumbnails], scopes: [.errors], bar: "thumbnails", help: "half-block or ASCII thumbnails",
                   more: "where one cannot be shown, the bottom line says why"),
        KeyBinding(section: "errors", name: "Esc", keys: [.escape: .back], scopes: [.errors], bar: "back", help: "back",
                   more: "at once: the workbench sets ncurses' ESCDELAY to 25 ms unless `ESCDELAY` is set"),

        KeyBinding(section: "runs", name: "↑↓ PgUp PgDn", keys: [.up: .runUp, .down: .runDown, .pageUp: .runPageUp, .pageDown: .runPageDown], scopes: [.runs], bar: "select",
                   help: "select a run (kept when the order changes)"),
        KeyBinding(section: "runs", name: "Space", keys: [.character(" "): .overlay], scopes: [.runs], bar: "overlay",
                   help: "overlay its val curves on the dashboard",
                   more: "in a colour of its own, labelled with its preset and the time in its run id; a group: its mean val curves, shaded with their Student-t 95 % bands"),
        KeyBinding(section: "runs", name: "Enter", keys: [.enter: .open], scopes: [.runs], bar: "open",
                   help: "open it read-only: curves, test matrix and errors", more: "on a group's row (▸, runs of one config over seeds): list or fold its runs"),
        KeyBinding(section: "runs", name: "r", keys: [.character("r"): .resume], scopes: [.runs], bar: "resume",
                   help: "resume a stopped run", more: "refused, naming the process, while another one writes it"),
        KeyBinding(section: "runs", name: "n", keys: [.character("n"): .newLike], scopes: [.runs], bar: "new run like it",
                   help: "new run: its settings (lr, dropout as last set)"),
        KeyBinding(section: "runs", name: "o", keys: [.character("o"): .order], scopes: [.runs], bar: "order",
                   help: "order: newest, best val, test acc, preset"),
        KeyBinding(section: "runs", name: "/", keys: [.character("/"): .filter], scopes: [.runs], bar: "filter",
                   help: "filter: words in id, preset, state, name, tags, note", more: "and network and opt (the optimizer); a run must contain them all"),
        KeyBinding(section: "runs", name: "N t u E", keys: [.character("N"): .name, .character("t"): .tag, .character("u"): .untag, .character("E"): .note],
                   scopes: [.runs], bar: "name tag untag note", help: "name it, add or remove tags, write a note",
                   more: "typed on the bottom line (a name or note starts from the run's own; tags are words), Enter sets it, Esc leaves it; a refusal says why and typing goes on; allowed while it trains"),
        KeyBinding(section: "runs", name: "a", keys: [.character("a"): .archive], scopes: [.runs], bar: "archive",
                   help: "archive it (an archived run: restore it), after y/N",
                   more: "it moves to archive/ under the runs folder; refused, naming the process, while one writes it (this workbench's own run: stop it first)"),
        KeyBinding(section: "runs", name: "D", keys: [.character("D"): .delete], scopes: [.runs], bar: "delete",
                   help: "delete it and its files, after y/N", more: "refused like `a` while a process writes it"),
        KeyBinding(section: "runs", name: "A", keys: [.character("A"): .showArchived], scopes: [.runs], bar: "archived", help: "show or hide the archived runs"),
        KeyBinding(section: "runs", name: "m", keys: [.character("m"): .mark], scopes: [.runs], bar: "mark", help: "mark it to compare (two at most: 1 and 2)",
                   more: "the table shows 1 or 2 where the overlay dot goes (in the overlay's colour); a third mark replaces the oldest"),
        KeyBinding(section: "runs", name: "d", keys: [.character("d"): .compare], scopes: [.runs], bar: "diff",
                   help: "compare the two marked runs: config diff, McNemar",
                   more: "one marked: it and the selected run; the keys that differ are highlighted; McNemar's test on their test predictions is computed in the background"),
        KeyBinding(section: "runs", name: "Esc", keys: [.escape: .back], scopes: [.runs], bar: "back", help: "back to the dashboard"),

        KeyBinding(section: "lr-find", name: "Enter", keys: [.enter: .useSuggestion], scopes: [.lrFind], bar: "use it",
                   help: "set the picker's lr to the suggested rate", more: "only once the test is done and has a suggestion; the picker's lr changes nowhere else"),
        KeyBinding(section: "lr-find", name: "Esc", keys: [.escape: .closeLRFind], scopes: [.lrFind], bar: "cancel / keep the lr",
                   help: "cancel the test; once done, close it keeping the lr", more: "a cancelled test writes nothing"),

        KeyBinding(section: "search form", name: "↑↓", keys: [.up: .previousField, .down: .nextField], scopes: [.searchForm], bar: "row", help: "pick a row of the form"),
        KeyBinding(section: "search form", name: "←→", keys: [.left: .decrease, .right: .increase], scopes: [.searchForm], bar: "change",
                   help: "change it (a key: vary it or not)"),
        KeyBinding(section: "search form", name: "Space", keys: [.character(" "): .toggleVary], scopes: [.searchForm], bar: "vary", help: "vary the key or keep the picker's value"),
        KeyBinding(section: "search form", name: "=", keys: [.character("="): .typeValue], scopes: [.searchForm], bar: "type",
                   help: "type a number, a range low .. high or values", more: "Enter sets it; a value the spec would refuse is refused on screen with the reason"),
        KeyBinding(section: "search form", name: "Enter", keys: [.enter: .startSearch], scopes: [.searchForm], bar: "start",
                   help: "start the search, then show it", more: "checked as a search.yaml is; it trains here, one trial at a time"),
        KeyBinding(section: "search form", name: "Esc", keys: [.escape: .closeSearchForm], scopes: [.searchForm], bar: "cancel", help: "close the form, nothing written"),

        KeyBinding(section: "search", name: "↑↓ PgUp PgDn", keys: [.up: .trialUp, .down: .trialDown, .pageUp: .trialPageUp, .pageDown: .trialPageDown], scopes: [.search],
                   bar: "trial", help: "select a trial (its curve and dot stand out)", more: "kept by number as the ranking moves"),
        KeyBinding(section: "search", name: "←→", keys: [.left: .previousSearch, .right: .nextSearch], scopes: [.search], bar: "search", help: "another search under the searches folder",
                   more: "newest first; the screen follows a search another process writes as it goes"),
        KeyBinding(section: "search", name: "k", keys: [.character("k"): .scatterKey], scopes: [.search], bar: "scatter key", help: "the searched key the scatter plots",
                   more: "numbers on their searched range (a log axis for log-uniform), names as best and mean per value"),
        KeyBinding(section: "search", name: "Enter", keys: [.enter: .openTrial], scopes: [.search], bar: "open", help: "open the trial's run read-only on the dashboard"),
        KeyBinding(section: "search", name: "r", keys: [.character("r"): .resumeSearch], scopes: [.search], bar: "resume",
                   help: "resume a stopped search here", more: "refused while a process writes it or a run trains"),
        KeyBinding(section: "search", name: "Esc", keys: [.escape: .back], scopes: [.search], bar: "back", help: "back to the dashboard"),

        KeyBinding(section: "compare", name: "↑↓", keys: [.up: .compareUp, .down: .compareDown], scopes: [.compare], bar: "scroll", help: "scroll the comparison"),
        KeyBinding(section: "compare", name: "Esc", keys: [.escape: .closeCompare], scopes: [.compare], bar: "close", help: "close it"),

        KeyBinding(section: "typing", name: "Enter", keys: [.enter: .keep], scopes: [.typing], bar: "keep", help: "keep the filter; set the number, name, tags, note"),
        KeyBinding(section: "typing", name: "Esc", keys: [.escape: .clear], scopes: [.typing], bar: "clear", help: "clear the filter, or keep the old value"),
        KeyBinding(section: "typing", name: "Backspace", keys: [.backspace: .erase], scopes: [.typing], bar: "delete", help: "delete the last character"),
    ]

    /// What `key` does in `scope`, if anything.
    static func action(for key: Key, in scope: KeyScope) -> KeyAction? {
        for b in bindings where b.scopes.contains(scope) {
            if let a = b.keys[key] { return a }
        }
        return nil
    }

    /// The key bar of a scope, as much as fits `width` in whole entries: help,
    /// quit, pause and stop, the scope's own keys, the other shared ones. Every binding with a
    /// label is there; Space says what it would do now (nothing: left out).
    static func bar(_ scope: KeyScope, state: Session.State, width: Int = .max) -> String {
        let shown = bindings.filter { $0.scopes.contains(scope) }
        let first: (KeyBinding) -> Bool = { !Set($0.keys.values).isDisjoint(with: [.help, .quit, .pauseResume, .stop]) }
        let own = shown.filter { $0.section != "everywhere" }, shared = shown.filter { $0.section == "everywhere" && !first($0) }
        var text = ""
        for b in shown.filter(first) + own + shared {
            guard var label = b.bar else { continue }
            if b.keys.values.contains(.pauseResume) {
                guard state == .training || state == .paused else { continue }
                label = state == .paused ? "resume" : "pause"
            }
            let entry = (text.isEmpty ? "" : "  ") + (b.barName ?? b.name) + " " + label
            guard text.count + entry.count <= width else { break }
            text += entry
        }
        return text
    }

    /// The help box's lines: section, keys and what they do, then the notes.
    static var helpLines: [String] {
        var lines: [String] = []
        var section = ""
        for b in bindings {
            lines.append((b.section == section ? "" : b.section).padding(toLength: 11, withPad: " ", startingAt: 0)
                         + b.name.padding(toLength: 13, withPad: " ", startingAt: 0) + b.help)
            section = b.section
        }
        return lines + ["", "lr and dropout apply from the next batch, marked ▲ on the", "x axis; ★ is the best val epoch. Smoothing: TensorBoard's",
                        "debiased EMA m = w·m + (1-w)·y, w = 0.6 until [ or ] changes it."]
    }

    /// The README's key table (between its `keys:` markers), in Markdown.
    static var markdown: String {
        var rows = ["| where | key | does |", "|---|---|---|"]
        var section = ""
        for b in bindings {
            let name = b.name.replacingOccurrences(of: "|", with: "\\|")
            rows.append("| \(b.section == section ? "" : b.section) | \(name) | \(b.help)\(b.more.map { "; " + $0 } ?? "") |")
            section = b.section
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
