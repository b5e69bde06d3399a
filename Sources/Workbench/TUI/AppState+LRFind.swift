import Experiments

extension AppState {
    /// `f` on the picker: the range test on its settings, shown where the charts are.
    /// Not beside a training run or a search: they would share the cores and slow each other.
    mutating func findLearningRate(_ inputs: KeyInputs) -> KeyResponse {
        if let busy = inputs.coresBusy("lr-find") {
            dashboard.message = busy
            return .redraw
        }
        do {
            try dashboard.picker.config.validate()
        } catch {
            dashboard.message = "\(error)"
            return .redraw
        }
        dashboard.lrFindShown = true
        return KeyResponse(reaction: .redraw, commands: [.findLearningRate(dashboard.picker.config)])
    }

    /// Keys while the range test is shown: Enter takes its suggestion as the picker's lr
    /// (the only way the test changes the picker); Esc cancels it, or closes it keeping the lr.
    mutating func handleLRFind(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        let test = inputs.lrFind
        switch action {
        case .useSuggestion:
            guard test.phase == .done, test.config == dashboard.picker.config else {
                dashboard.message = test.isRunning ? "the test is still running: its suggestion comes at the end (Esc cancels)" : "no finished test to take a rate from: Esc closes"
                return .redraw
            }
            guard let lr = test.result?.suggestedLR else {
                dashboard.message = "no suggestion to use: the loss never fell (Esc closes, the lr stays)"
                return .redraw
            }
            do {
                try dashboard.picker.use(learningRate: lr)
            } catch {
                dashboard.message = "\(error)"
                return .redraw
            }
            dashboard.lrFindShown = false
            dashboard.message = "lr set to \(Picker.formatRate(lr)), the range test's suggestion"
            return .redraw
        case .closeLRFind:
            dashboard.lrFindShown = false
            guard !test.isRunning else {
                dashboard.message = "range test cancelled" + (test.points.isEmpty ? "" : " at batch \(test.points.count) of \(test.steps)") + "; nothing written"
                return KeyResponse(reaction: .redraw, commands: [.cancelLearningRateFind])
            }
            if test.phase == .done { dashboard.message = "lr kept at \(dashboard.picker.value(.learningRate))" }
            return .redraw
        default: return .nothing
        }
    }
}
