import Experiments

extension AppState {
    /// `S` on the picker: the search form over the dashboard, from the picker's settings.
    /// Not beside a training run or a range test: they would share the cores.
    mutating func openSearchForm(_ inputs: KeyInputs) -> KeyResponse {
        if let busy = inputs.coresBusy("a search") {
            dashboard.message = busy
        } else {
            searchForm = searchForm ?? SearchForm(base: dashboard.picker.config)
        }
        return .redraw
    }

    /// Keys on the form: rows, their values, and Enter to start.
    mutating func handleSearchForm(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        guard var form = searchForm else { return .nothing }
        defer { if searchForm != nil { searchForm = form } }
        switch action {
        case .previousField, .nextField: form.move(by: action == .nextField ? 1 : -1)
        case .decrease, .increase: form.adjust(by: action == .increase ? 1 : -1)
        case .toggleVary:
            guard case .dimension(let i) = form.selected else {
                dashboard.message = "Space turns a key below on or off; this row changes with ← →"
                return .redraw
            }
            form.dimensions[i].varies.toggle()
        case .typeValue:
            guard form.selected != .method else {
                dashboard.message = "method: pick one with ← →"
                return .redraw
            }
            form.typed = form.selectedText
        case .startSearch:
            if let busy = inputs.coresBusy("a search") {
                dashboard.message = busy + "; the form stays open"
                return .redraw
            }
            do {
                let spec = try form.spec(base: dashboard.picker.config.preset)
                searchForm = nil
                search = SearchBrowser()
                var response = show(.search)
                response.commands.insert(.startSearch(spec, dashboard.picker.config), at: 0)
                return response
            } catch {
                dashboard.message = "\(error)"
            }
        case .closeSearchForm:
            searchForm = nil
            dashboard.message = "search not started; nothing written"
        default: return .nothing
        }
        return .redraw
    }

    /// A key while a value is typed into the form: Enter sets it (or says why not, and typing goes on), Esc keeps the old one.
    mutating func typeSearchValue(_ key: Key) -> KeyResponse {
        guard var form = searchForm, var text = form.typed else { return .nothing }
        switch KeyTable.action(for: key, in: .typing) {
        case .erase?: if !text.isEmpty { text.removeLast() }
        case .clear?: text = ""; form.typed = nil
        case .keep?:
            do {
                try form.set(typed: text)
                form.typed = nil
            } catch {
                dashboard.message = "\(error)"
            }
            searchForm = form
            return .redraw
        default:
            guard case .character(let c) = key else { return .nothing }
            text.append(c)
        }
        if form.typed != nil { form.typed = text }
        searchForm = form
        return .redraw
    }

    /// The search screen: trials, searches, the scatter's key, a trial's run, resume.
    mutating func handleSearch(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        let running = inputs.searchJob.isRunning ? inputs.searchJob.folder : nil
        guard let current = search.current(inputs.searches, running: running) else {
            if action == .back { return show(.dashboard) }
            dashboard.message = "no search yet: S on the dashboard sets one up"
            return .redraw
        }
        let page = max(inputs.height / 2 - 4, 1)
        switch action {
        case .trialUp, .trialDown, .trialPageUp, .trialPageDown:
            let step = [.trialUp: -1, .trialDown: 1, .trialPageUp: -page, .trialPageDown: page][action] ?? 0
            search.moveTrial(by: step, in: current)
        case .previousSearch, .nextSearch: search.moveSearch(by: action == .nextSearch ? 1 : -1, in: inputs.searches, running: running)
        case .scatterKey: search.scatterKey = (search.scatterKey + 1) % current.spec.space.count
        case .openTrial:
            let order = SearchBrowser.order(current)
            guard !order.isEmpty, let listing = current.rows[order[search.cursor(in: current)]].listing else {
                dashboard.message = "that trial has no run folder yet"
                return .redraw
            }
            return view(listing, from: .search)
        case .resumeSearch:
            if current.isFinished {
                dashboard.message = "\(current.name) is finished"
            } else if let w = current.writer {
                dashboard.message = "one writer per search: \(current.name) is being written by \(w)"
            } else if let busy = inputs.coresBusy("a search") {
                dashboard.message = busy
            } else {
                return KeyResponse(reaction: .redraw, commands: [.resumeSearch(current.path), .refreshSearches])
            }
        case .back: return show(.dashboard)
        default: return .nothing
        }
        return .redraw
    }

    /// A recorded run read-only on the dashboard; Esc goes back to `screen`.
    mutating func view(_ run: RunListing, from screen: Screen) -> KeyResponse {
        viewed = run
        viewedFrom = screen
        dashboard.recorded = Self.settingsLines(run)
        errors = ErrorBrowser(mode: errors.mode)
        return show(.dashboard)
    }
}
