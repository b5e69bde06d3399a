import Charts
import Experiments

/// What the workbench shows besides the session's snapshot: the screen, each
/// screen's own state and the dialogs. A value: keys change it through
/// `handle(_:_:)`, which tests drive without a terminal.
struct AppState {
    enum Screen: Int, CaseIterable { case dashboard, errors, runs, search }

    var screen = Screen.dashboard
    var dashboard: DashboardState
    var errors: ErrorBrowser
    var runs = RunsBrowser()
    var search = SearchBrowser()
    /// The search being set up from the picker, over the dashboard; nil: closed.
    var searchForm: SearchForm?
    /// The recorded run opened read-only from the runs table or a search's, if any, and the screen Esc returns to.
    var viewed: RunListing?
    var viewedFrom = Screen.runs
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
            if let form = searchForm { return form.typed != nil ? .typing : .searchForm }
            return dashboard.matrixCursor != nil ? .matrix : dashboard.typed != nil ? .typing : dashboard.lrFindShown ? .lrFind : viewed != nil ? .recorded : .dashboard
        case .errors: return .errors
        case .runs: return runs.comparing != nil ? .compare : runs.editingFilter || runs.prompt != nil ? .typing : .runs
        case .search: return .search
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
    /// Starts a search of this spec over these settings (checked there as a file would be: the spec may still refuse); resumes one; stops the running one.
    case startSearch(SearchSpec, ExperimentConfig)
    case resumeSearch(String)
    case stopSearch
    case refreshSearches
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
    /// The searches found (newest first) and the search this workbench runs.
    var searches: [SearchFolder] = []
    var searchJob = SearchJob.Snapshot()
    /// A preset by name, with the command line's options applied.
    var load: (String) throws -> ExperimentConfig

    /// Why a run, the range test or a search cannot start now (`job`: what would, for the message; nil: a run):
    /// one of them holds the cores, and two would slow each other. Nil: the cores are free.
    func coresBusy(_ job: String? = nil) -> String? {
        if live.state.isActive { return "a run is active: " + (job.map { "\($0) needs the cores to itself; stop the run (x) first" } ?? "stop it (x) first") }
        if lrFind.isRunning { return "the range test is ending its last batch: start again in a moment" }
        if searchJob.isRunning { return "a search trains here: stop it (x on the search screen) first" }
        return nil
    }
}
