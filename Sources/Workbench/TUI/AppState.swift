import Charts
import Experiments

/// What the workbench shows besides the session's snapshot: the screen, each
/// screen's own state and the dialogs. A value: keys change it through
/// `handle(_:_:)`, which tests drive without a terminal.
struct AppState {
    enum Screen: Int, CaseIterable { case dashboard, errors, runs }

    var screen = Screen.dashboard
    var dashboard: DashboardState
    var errors: ErrorBrowser
    var runs = RunsBrowser()
    /// The recorded run opened read-only from the runs table, if any.
    var viewed: RunListing?
    /// The help box's first line shown; nil: closed.
    var help: Int?
    var confirmingQuit = false

    init(picker: Picker, thumbnails: Thumbnail.Mode) {
        dashboard = DashboardState(picker: picker)
        errors = ErrorBrowser(mode: thumbnails)
    }

    /// Where keys are read now.
    var scope: KeyScope {
        switch screen {
        case .dashboard:
            return dashboard.matrixCursor != nil ? .matrix : dashboard.typed != nil ? .typing : dashboard.lrFindShown ? .lrFind : viewed != nil ? .recorded : .dashboard
        case .errors: return .errors
        case .runs: return runs.comparing != nil ? .compare : runs.editingFilter || runs.prompt != nil ? .typing : .runs
        }
    }
}

/// What a key asks of the loop. Handlers decide this; only the loop draws.
enum Reaction: Equatable { case nothing, redraw, redrawAll, quit }

/// What a key asks of the session and the runs catalog, carried out by the loop.
enum AppCommand {
    case send(SessionCommand)
    case start(ExperimentConfig)
    case resume(RunListing)
    case refreshRuns
    /// Writes a run's name, tags or note (checked already; the file may still refuse).
    case annotate(RunListing, RunPrompt)
    /// Archives, restores or deletes a run (asked already; its lock may still refuse).
    case move(RunConfirmation)
    /// Starts the learning-rate range test on these settings; cancels it.
    case findLearningRate(ExperimentConfig)
    case cancelLearningRateFind
}

/// A key's outcome: how to redraw, and what to carry out first.
struct KeyResponse {
    var reaction: Reaction
    var commands: [AppCommand] = []

    static let nothing = KeyResponse(reaction: .nothing)
    static let redraw = KeyResponse(reaction: .redraw)
}

/// What the handlers read but do not own.
struct KeyInputs {
    /// The live session, and what the screens show (it, or the recorded run being viewed).
    var live: Session.Snapshot
    var shown: Session.Snapshot
    /// The runs the catalog found, unsorted.
    var runs: [RunListing] = []
    /// The groups of seeds among them (the catalog forms them off the UI thread).
    var groups: [RunGroup] = []
    var width = 120, height = 40
    /// Why half-block thumbnails cannot be drawn (nil: they can).
    var grayRampProblem: String?
    /// The learning-rate range test's latest snapshot.
    var lrFind = LRFindJob.Snapshot()
    /// A preset by name, with the command line's options applied.
    var load: (String) throws -> ExperimentConfig
}
