import Experiments

extension ErrorBrowser {
    /// What a key on the errors screen asks of the app.
    enum Outcome: Equatable {
        case ignored, changed, back
        /// Nothing changed, and this says why.
        case refused(String)
    }

    /// The errors screen's keys. `grayRampProblem` says why half-block
    /// thumbnails cannot be drawn here (nil: they can).
    mutating func handle(_ key: Key, _ s: Session.Snapshot, layout: ErrorsScreen.Layout, grayRampProblem: String?) -> Outcome {
        guard let action = KeyTable.action(for: key, in: .errors) else { return .ignored }
        return handle(action, s, layout: layout, grayRampProblem: grayRampProblem)
    }

    mutating func handle(_ action: KeyAction, _ s: Session.Snapshot, layout: ErrorsScreen.Layout, grayRampProblem: String?) -> Outcome {
        let classes = errors(in: s)?.classNames.count ?? 0
        switch action {
        case .selectLeft: move(by: -1, in: s)
        case .selectRight: move(by: 1, in: s)
        case .selectUp: move(by: -layout.columns, in: s)
        case .selectDown: move(by: layout.columns, in: s)
        case .pageUp: move(by: -layout.perPage, in: s)
        case .pageDown: move(by: layout.perPage, in: s)
        case .enlarge: toggleEnlarged(in: s)
        case .back:
            if enlarged == nil { return .back }
            toggleEnlarged(in: s)
        case .split:
            let other: Split = shownSplit(in: s) == .validation ? .test : .validation
            if other == .test && s.testErrors == nil { return .refused("no test errors yet: the test set is evaluated when the run finishes") }
            if other == .validation && s.validationErrors == nil {
                return .refused(s.testErrors != nil && !s.state.isActive
                    ? "a recorded run keeps its test predictions only: its validation errors are not on disk"
                    : "no validation errors yet: they appear after the first epoch")
            }
            split = other
            resetSelection()
        case .trueClass:
            label = Self.cycle(label, classes: classes)
            resetSelection()
        case .predictedClass:
            predicted = Self.cycle(predicted, classes: classes)
            resetSelection()
        case .thumbnails:
            if mode == .ascii, let why = grayRampProblem { return .refused("ASCII thumbnails only: half-blocks need \(why)") }
            mode = mode == .ascii ? .halfBlocks : .ascii
        default: return .ignored
        }
        return .changed
    }
}
