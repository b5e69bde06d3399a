import Experiments
import Foundation

extension AppState {
    /// The runs table's keys that change a run's record or compare two: name,
    /// tags and note (a prompt), archive and delete (a y/N question), marks and
    /// the comparison box. Checks happen here; the loop writes.
    mutating func handleRunAdmin(_ action: KeyAction, _ run: RunListing?, _ list: [RunListing], _ inputs: KeyInputs) -> KeyResponse {
        if action == .showArchived {
            runs.showArchived.toggle()
            dashboard.message = runs.showArchived ? "archived runs shown (dimmed)" : "archived runs hidden"
            return KeyResponse(reaction: .redraw, commands: [.refreshRuns])
        }
        if action == .compare { return openComparison(run, inputs) }
        guard let run else { return .nothing }
        switch action {
        case .name: runs.prompt = RunPrompt(.name, for: run)
        case .tag: runs.prompt = RunPrompt(.tag, for: run)
        case .untag:
            guard !run.annotations.tags.isEmpty else {
                dashboard.message = "\(run.id) has no tags"
                return .redraw
            }
            runs.prompt = RunPrompt(.untag, for: run)
        case .note: runs.prompt = RunPrompt(.note, for: run)
        case .archive, .delete:
            if let why = Self.moveRefusal(run, inputs.live) {
                dashboard.message = why
            } else {
                runs.confirming = RunConfirmation(action: action == .delete ? .delete : run.isArchived ? .restore : .archive, run: run)
            }
        case .mark:
            runs.toggleMark(run.id)
        default: return .nothing
        }
        return .redraw
    }

    /// Why `run` cannot be archived or deleted now: a process writes it (this
    /// workbench's own session: stop it first). The lock is asked again when it moves.
    static func moveRefusal(_ run: RunListing, _ live: Session.Snapshot) -> String? {
        let ours = live.state.isActive && (live.runDirectory as NSString).lastPathComponent == run.id
        if ours || run.writer?.pid == getpid() { return "\(run.id) is training in this workbench: stop it (x) first" }
        if let writer = run.writer { return "\(run.id) is being written by \(writer): it cannot move while that runs" }
        return nil
    }

    /// The two marked runs, or the one marked and the selected one, in a box.
    private mutating func openComparison(_ selected: RunListing?, _ inputs: KeyInputs) -> KeyResponse {
        var ids = runs.marked
        if ids.count == 1, let selected, selected.id != ids[0] { ids.append(selected.id) }
        let pair = ids.compactMap { id in inputs.runs.first { $0.id == id } }
        guard pair.count == 2 else {
            dashboard.message = "mark two runs with m first (or one, and select the other)"
            return .redraw
        }
        runs.comparing = RunPair(pair[0], pair[1])
        return .redraw
    }

    /// Keys while the comparison box is open: scroll, close.
    mutating func handleComparison(_ action: KeyAction, _ inputs: KeyInputs) -> KeyResponse {
        switch action {
        case .compareUp: if let top = runs.comparing?.top { runs.comparing?.top = max(top - 1, 0) }
        case .compareDown:
            // The box clamps what it shows; this keeps ↑ from undoing presses past the end.
            if let pair = runs.comparing {
                let last = ComparisonBox.lines(pair, mcnemar: nil).count + 1 - ComparisonBox.visibleRows(height: inputs.height)
                runs.comparing?.top = min(pair.top + 1, max(last, 0))
            }
        case .closeCompare: runs.comparing = nil
        case .back: return show(.dashboard)
        default: return .nothing
        }
        return .redraw
    }

    /// A key while a name, tags or note is typed: Enter checks it and asks the
    /// loop to write it (a refusal keeps typing, with the reason), Esc leaves the run as it was.
    mutating func typePrompt(_ key: Key, _ inputs: KeyInputs) -> KeyResponse {
        guard var prompt = runs.prompt else { return .nothing }
        switch KeyTable.action(for: key, in: .typing) {
        case .erase?: if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .clear?:
            runs.prompt = nil
            return .redraw
        case .keep?:
            guard let run = inputs.runs.first(where: { $0.id == prompt.runID }) else {
                runs.prompt = nil
                dashboard.message = "\(prompt.runID) is gone from the runs folder"
                return .redraw
            }
            var check = run.annotations
            do {
                try prompt.apply(to: &check)
            } catch {
                dashboard.message = "\(error)"
                return .redraw
            }
            runs.prompt = nil
            dashboard.message = "\(prompt.done) \(run.id)"
            return KeyResponse(reaction: .redraw, commands: [.annotate(run, prompt), .refreshRuns])
        default: if case .character(let c) = key { prompt.text.append(c) }
        }
        runs.prompt = prompt
        return .redraw
    }
}
