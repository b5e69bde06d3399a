import Experiments

extension AppState {
    /// Dialogs first, then the key table's action in the current scope: the
    /// keys every screen shares here, the screen's own in its handler.
    mutating func handle(_ key: Key, _ inputs: KeyInputs) -> KeyResponse {
        if key == .resize { return KeyResponse(reaction: .redrawAll) }
        if confirmingQuit {
            confirmingQuit = false
            return KeyResponse(reaction: key == .character("y") ? .quit : .redraw)
        }
        if let asked = runs.confirming {
            runs.confirming = nil
            guard key == .character("y") else {
                dashboard.message = "\(asked.run.id): not \(asked.action == .delete ? "deleted" : asked.action == .archive ? "archived" : "restored")"
                return .redraw
            }
            return KeyResponse(reaction: .redraw, commands: [.move(asked), .refreshRuns])
        }
        if let top = help {
            let page = HelpBox.visibleRows(height: inputs.height)
            let step: Int? = [.up: -1, .down: 1, .pageUp: -page, .pageDown: page][key]
            help = step.map { HelpBox.clamp(top + $0, height: inputs.height) }
            return .redraw
        }
        dashboard.message = nil
        let scope = scope
        if scope == .typing {
            if screen == .runs { return runs.prompt != nil ? typePrompt(key, inputs) : typeFilter(key) }
            return searchForm != nil ? typeSearchValue(key) : typeValue(key, inputs)
        }
        guard let action = KeyTable.action(for: key, in: scope) else {
            guard scope == .recorded, KeyTable.action(for: key, in: .dashboard) != nil else { return .nothing }
            dashboard.message = "read-only: Esc returns to the runs table"
            return .redraw
        }
        switch action {
        case .nextScreen: return show(Screen(rawValue: (screen.rawValue + 1) % Screen.allCases.count)!)
        case .showDashboard: return show(.dashboard)
        case .showErrors: return show(.errors)
        case .showRuns: return show(.runs)
        case .showSearch: return show(.search)
        case .help:
            help = 0
            return .redraw
        case .quit:
            guard inputs.live.state.isActive || inputs.searchJob.isRunning else { return KeyResponse(reaction: .quit) }
            confirmingQuit = true
            return .redraw
        case .pauseResume:
            switch inputs.live.state {
            case .training: return KeyResponse(reaction: .redraw, commands: [.send(.pause)])
            case .paused: return KeyResponse(reaction: .redraw, commands: [.send(.resume)])
            default: return .nothing
            }
        case .stop:
            guard screen == .search else { return KeyResponse(reaction: .redraw, commands: [.send(.stop)]) }
            guard inputs.searchJob.isRunning else {
                dashboard.message = "no search runs in this workbench (one another process writes stops with its Ctrl-C)"
                return .redraw
            }
            return KeyResponse(reaction: .redraw, commands: [.stopSearch])
        default:
            switch screen {
            case .dashboard:
                if scope == .searchForm { return handleSearchForm(action, inputs) }
                return dashboard.matrixCursor != nil ? handleMatrix(action, inputs.shown) : scope == .lrFind ? handleLRFind(action, inputs) : handleDashboard(action, inputs)
            case .errors: return handleErrors(key, inputs)
            case .runs: return runs.comparing != nil ? handleComparison(action, inputs) : handleRuns(action, inputs)
            case .search: return handleSearch(action, inputs)
            }
        }
    }

    mutating func show(_ next: Screen) -> KeyResponse {
        screen = next
        return KeyResponse(reaction: .redrawAll, commands: next == .runs ? [.refreshRuns] : next == .search ? [.refreshSearches] : [])
    }

    /// The errors screen keeps its own key handling: it reads the layout to move by rows and pages.
    private mutating func handleErrors(_ key: Key, _ inputs: KeyInputs) -> KeyResponse {
        switch errors.handle(key, inputs.shown, layout: ErrorsScreen.layout(width: inputs.width, height: inputs.height), grayRampProblem: inputs.grayRampProblem) {
        case .ignored: return .nothing
        case .changed: return .redraw
        case .back: return show(.dashboard)
        case .refused(let why):
            dashboard.message = why
            return .redraw
        }
    }

    /// A key while the runs filter is typed.
    private mutating func typeFilter(_ key: Key) -> KeyResponse {
        runs.editFilter(key)
        return .redraw
    }
}
