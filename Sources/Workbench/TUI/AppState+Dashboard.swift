import Charts
import Experiments

extension AppState {
    /// The picker, the chart toggles, and (for a recorded run) the way back.
    mutating func handleDashboard(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        let active = inputs.live.state.isActive
        switch action {
        case .previousField, .nextField:
            let all = Picker.Field.allCases, step = action == .nextField ? 1 : all.count - 1
            dashboard.picker.selected = all[(dashboard.picker.selected.rawValue + step) % all.count]
        case .decrease, .increase: return adjust(by: action == .increase ? 1 : -1, active: active, load: inputs.load)
        case .typeValue:
            let field = dashboard.picker.selected
            if !field.isNumeric {
                dashboard.message = "\(field.name): pick a value with ← →"
            } else if active && !field.isLive {
                dashboard.message = "\(field.name) is locked while training"
            } else {
                dashboard.typed = ""
            }
        case .start:
            if let busy = inputs.coresBusy() {
                dashboard.message = busy
                return .redraw
            }
            do {
                try dashboard.picker.config.validate()
            } catch {
                dashboard.message = "\(error)"
                return .redraw
            }
            errors = ErrorBrowser(mode: errors.mode)
            return KeyResponse(reaction: .redraw, commands: [.start(dashboard.picker.config)])
        case .backToRuns:
            viewed = nil
            dashboard.recorded = nil
            return show(viewedFrom)
        case .logScale: dashboard.logScale.toggle()
        case .smoothing: dashboard.smoothing.toggle()
        case .smoothingDown, .smoothingUp:
            dashboard.smoothingWeight = DashboardScreen.stepSmoothing(dashboard.smoothingWeight, by: action == .smoothingUp ? 1 : -1)
            dashboard.smoothing = true
        case .matrix:
            guard inputs.shown.validationConfusion ?? inputs.shown.testConfusion != nil else {
                dashboard.message = "the confusion matrix appears after the first epoch"
                return .redraw
            }
            dashboard.matrixCursor = (0, 0)
        case .errors: return show(.errors)
        case .findLearningRate: return findLearningRate(inputs)
        case .searchForm: return openSearchForm(inputs)
        case .augmentationView: dashboard.augmentationShown.toggle()
        case .cursorLeft, .cursorRight:
            guard let last = DashboardScreen.lastEpoch(inputs.shown, dashboard.overlays) else {
                dashboard.message = "the chart cursor reads epochs: it appears after the first one"
                return .redraw
            }
            // It starts on the last epoch; past the last one it goes away.
            switch (dashboard.chartCursor, action) {
            case (nil, _): dashboard.chartCursor = last
            case (let e?, .cursorLeft): dashboard.chartCursor = max(min(e, last) - 1, 1)
            case (let e?, _): dashboard.chartCursor = e >= last ? nil : e + 1
            }
        default: return .nothing
        }
        return .redraw
    }

    /// The cursor on the confusion matrix: arrows move it, Enter opens the
    /// errors of that cell (a diagonal cell: every error of that true class).
    mutating func handleMatrix(_ action: KeyAction, _ shown: Session.Snapshot) -> KeyResponse {
        guard var cursor = dashboard.matrixCursor, let classes = (shown.validationConfusion ?? shown.testConfusion)?.classNames.count else { return .nothing }
        switch action {
        case .cellUp: cursor.row = max(cursor.row - 1, 0)
        case .cellDown: cursor.row = min(cursor.row + 1, classes - 1)
        case .cellLeft: cursor.column = max(cursor.column - 1, 0)
        case .cellRight: cursor.column = min(cursor.column + 1, classes - 1)
        case .leaveMatrix:
            dashboard.matrixCursor = nil
            return .redraw
        case .openCell:
            errors.split = shown.validationConfusion == nil ? .test : .validation
            errors.label = cursor.row
            errors.predicted = cursor.row == cursor.column ? nil : cursor.column
            errors.resetSelection()
            dashboard.matrixCursor = nil
            return show(.errors)
        default: return .nothing
        }
        dashboard.matrixCursor = cursor
        return .redraw
    }

    /// Steps the selected field; while a run trains only lr and dropout change, and go to the session.
    private mutating func adjust(by step: Int, active: Bool, load: (String) throws -> ExperimentConfig) -> KeyResponse {
        let field = dashboard.picker.selected
        if active && !field.isLive {
            dashboard.message = "\(field.name) is locked while training"
            return .redraw
        }
        do {
            try dashboard.picker.adjust(by: step, load: load)
        } catch {
            dashboard.message = "\(error)"
            return .redraw
        }
        return KeyResponse(reaction: .redraw, commands: active ? liveChange(field) : [])
    }

    /// A key while a number is typed: Enter sets it (or says why not, and typing goes on), Esc leaves the field as it was.
    mutating func typeValue(_ key: Key, _ inputs: KeyInputs) -> KeyResponse {
        guard var text = dashboard.typed else { return .nothing }
        switch KeyTable.action(for: key, in: .typing) {
        case .erase?: if !text.isEmpty { text.removeLast() }
        case .clear?:
            dashboard.typed = nil
            return .redraw
        case .keep?:
            do {
                try dashboard.picker.set(typed: text)
            } catch {
                dashboard.message = "\(error)"
                return .redraw
            }
            dashboard.typed = nil
            return KeyResponse(reaction: .redraw, commands: inputs.live.state.isActive ? liveChange(dashboard.picker.selected) : [])
        default:
            guard case .character(let c) = key else { return .nothing }
            text.append(c)
        }
        dashboard.typed = text
        return .redraw
    }

    /// The command that applies a live field's new value to the training run.
    func liveChange(_ field: Picker.Field) -> [AppCommand] {
        switch field {
        case .learningRate: return [.send(.setLearningRate(Float(dashboard.picker.config.optimizer.lr)))]
        case .dropout: return [.send(.setDropout(Float(dashboard.picker.config.dropout)))]
        default: return []
        }
    }
}
