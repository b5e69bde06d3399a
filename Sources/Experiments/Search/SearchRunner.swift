import Foundation

/// A search folder and the loop that drives it: asks the scheduler for the
/// next job, has the workers train it, records the outcome. The state is
/// written (atomically) before and after every job, so a kill loses at most the
/// epoch that was training; `resume` goes on from there.
///
/// The folder: search.yaml (the spec as given), base.yaml (the base config with
/// the search's `--set` values), state.json, trials.csv, leaderboard.md, and a
/// run folder per trial. One process writes it: it holds the folder's lock.
public final class SearchRunner {
    public let folder: String
    public let plan: SearchPlan
    public private(set) var state: SearchState
    let scheduler: SearchScheduler
    private let lock: RunLock

    public static let specFile = "search.yaml", baseFile = "base.yaml", stateFile = "state.json"

    /// A new search in `folder` (made here; refused if it holds a search already).
    public static func start(specPath: String, basePath: String, overrides: [ConfigOverride], trials: Int?, folder: String) throws -> SearchRunner {
        guard let specText = try? String(contentsOfFile: specPath, encoding: .utf8) else {
            throw ConfigError(file: specPath, key: "", "cannot read the file (missing or not UTF-8)")
        }
        guard let baseText = try? String(contentsOfFile: basePath, encoding: .utf8) else {
            throw ConfigError(file: basePath, key: "", "cannot read the file (missing or not UTF-8)")
        }
        let spec = try SearchSpec.parse(specText, file: specPath)
        let plan = try SearchPlan(spec: spec, specFile: specPath, baseYAML: baseText, baseFile: basePath, overrides: overrides, trials: trials)
        return try start(specText: specText, plan: plan, origin: basePath + overrides.map { " " + $0.option }.joined(), trials: trials, folder: folder)
    }

    /// A new search of `spec` over a base config given whole (the UI's picker settings); `origin` says where it came from in base.yaml.
    public static func start(spec: SearchSpec, base: ExperimentConfig, origin: String, folder: String) throws -> SearchRunner {
        let specText = spec.yaml
        // Read back as a file would be, so the UI's spec meets every check the command line's does.
        let parsed = try SearchSpec.parse(specText, file: specFile)
        let plan = try SearchPlan(spec: parsed, specFile: specFile, baseYAML: try ConfigLoader.encode(base), baseFile: origin, overrides: [])
        return try start(specText: specText, plan: plan, origin: origin, trials: nil, folder: folder)
    }

    /// The plan is checked before this, so a bad spec leaves no folder behind.
    private static func start(specText: String, plan: SearchPlan, origin: String, trials: Int?, folder: String) throws -> SearchRunner {
        guard !FileManager.default.fileExists(atPath: folder + "/" + stateFile) else {
            throw IOFailure(path: folder, "holds a search already (`workbench search --resume \(folder)` continues it)")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: folder, "cannot create the search folder (\(error.localizedDescription))")
        }
        let lock = try RunLock.acquire(folder, for: .training)
        // The base without the method's own settings: the plan lays those over it again on resume.
        let base = try ConfigLoader.parse(plan.baseYAML, file: plan.baseFile, overriding: plan.userOverrides)
        try AtomicFile.write(specText, to: folder + "/" + specFile)
        try AtomicFile.write("# \(origin)\n" + (try ConfigLoader.encode(base)), to: folder + "/" + baseFile)
        var state = SearchState()
        state.trialsAsked = trials
        let runner = try SearchRunner(folder: folder, state: state, lock: lock)
        try runner.save()
        return runner
    }

    /// The search in `folder`, to go on where it stopped.
    public static func resume(_ folder: String) throws -> SearchRunner {
        let lock = try RunLock.acquire(folder, for: .training)
        let state = try SearchState.load(folder + "/" + stateFile)
        return try SearchRunner(folder: folder, state: state, lock: lock)
    }

    private init(folder: String, state: SearchState, lock: RunLock) throws {
        self.folder = folder
        self.state = state
        self.lock = lock
        let specPath = folder + "/" + Self.specFile
        plan = try SearchPlan(spec: try SearchSpec.load(specPath), specFile: specPath, basePath: folder + "/" + Self.baseFile, overrides: [], trials: state.trialsAsked)
        scheduler = SearchScheduler(plan: plan)
    }

    /// Runs jobs on `workers` until the search is finished, or a job ends
    /// unfinished (Ctrl-C): then the jobs still training are waited for, it
    /// returns false, and the interrupted jobs are redone on resume.
    /// `stopRequested` is asked before each new job (a Ctrl-C the workers see themselves).
    @discardableResult
    public func run(on workers: TrialWorkers, stopRequested: () -> Bool = { false }, log: (String) -> Void) throws -> Bool {
        try adoptOrphans()
        defer { workers.finish() }
        var training = Set<Int>(), interrupted = false
        while true {
            if stopRequested() { interrupted = true }
            if !interrupted, training.count < workers.capacity {
                // Jobs interrupted last time come first, as they were.
                let decision: SearchDecision
                if let t = state.trials.first(where: { $0.state == .training && !training.contains($0.index) }), let job = t.job {
                    decision = .train(job)
                } else {
                    decision = scheduler.next(&state)
                }
                switch decision {
                case .finished:
                    try save()
                    SearchTable(plan: plan, state: state, folder: folder).top(3).forEach(log)
                    log("search finished: \(folder)/leaderboard.md")
                    return true
                case .adopt(let i):
                    try adopt(state.lineage[i], log: log)
                    state.lineage[i].applied = true
                    try save()
                    continue
                case .train(let job):
                    try submit(job, to: workers, log: log)
                    training.insert(job.trial)
                    continue
                case .wait: break
                }
            }
            guard !training.isEmpty else {
                if interrupted { return false }
                throw IOFailure(path: folder, "the scheduler waits for a trial that no process trains (state.json damaged?)")
            }
            let report = try workers.nextReport()
            training.remove(report.trial)
            if let failure = report.failure { throw IOFailure(path: folder, "trial \(report.trial + 1): \(failure)") }
            if try !record(report.trial) { interrupted = true }
            let t = state.trials[report.trial]
            log("trial \(report.trial + 1): \(t.state.rawValue) after epoch \(t.epochs)" + (report.worker.map { " (trained by \($0))" } ?? ""))
            if interrupted, training.isEmpty { return false }
        }
    }

    private func submit(_ job: TrialJob, to workers: TrialWorkers, log: (String) -> Void) throws {
        let i = job.trial
        if state.trials[i].run == nil {
            // Made here, before any training, so no worker ever has to say what it made.
            let run = try TrainingRun(config: plan.config(for: state.trials[i].settings), root: folder, name: "trial-\(i + 1)")
            state.trials[i].run = run.record.id
        }
        state.trials[i].state = .training
        state.trials[i].job = job
        if !job.changes.isEmpty { state.trials[i].settings = job.changes }
        try save()
        let values = state.trials[i].settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        log("trial \(i + 1) (\(values)): to epoch \(job.untilEpoch), \(job.reason)")
        try workers.submit(WorkOrder(job: job, run: folder + "/" + (state.trials[i].run ?? "")))
    }

    private func adopt(_ e: LineageEntry, log: (String) -> Void) throws {
        guard let member = state.trials[e.member].run, let donor = state.trials[e.donor].run else {
            throw IOFailure(path: folder + "/" + Self.stateFile, "a lineage entry names a trial without a run folder")
        }
        log("pbt: trial \(e.member + 1) takes the weights of trial \(e.donor + 1) at epoch \(e.epoch)")
        let run = try TrainingRun(resuming: folder + "/" + member)
        try run.adoptCheckpoint(of: folder + "/" + donor,
                                reason: String(format: "pbt generation %d: exploit trial %d (val accuracy %.4f against this run's %@)",
                                               e.generation, e.donor + 1, e.donorAccuracy, e.memberAccuracy.map { String(format: "%.4f", $0) } ?? "none"))
    }

    /// The ended job's trial as its run folder records it; false when it ended
    /// before its epoch (a stop request), the job kept to be redone on resume.
    private func record(_ i: Int) throws -> Bool {
        guard let job = state.trials[i].job, let run = state.trials[i].run else { return true }
        let outcome = try TrialOutcome.read(folder + "/" + run)
        var t = state.trials[i]
        t.epochs = outcome.epochs
        t.validationAccuracy = outcome.validationAccuracy
        var ended = true
        switch outcome.state {
        case .done: t.state = .done
        case .diverged:
            t.state = .diverged
            t.note = "diverged (non-finite loss) before epoch \(outcome.epochs + 1)"
        case .stopped where outcome.epochs >= job.untilEpoch: t.state = .waiting
        case .stopped, .training, .failed: ended = false
        }
        if ended { t.job = nil }
        state.trials[i] = t
        try save()
        return ended
    }

    /// A trial whose folder was made just before a kill, too early for state.json
    /// to name it: its folder is the one named trial-<n> that no trial claims.
    private func adoptOrphans() throws {
        let claimed = Set(state.trials.compactMap(\.run))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !claimed.contains($0) }
        for i in state.trials.indices where state.trials[i].run == nil && state.trials[i].state == .training {
            let prefix = "-trial-\(i + 1)"
            if let name = names.sorted().last(where: { $0.hasSuffix(prefix) && FileManager.default.fileExists(atPath: "\(folder)/\($0)/config.yaml") }) {
                state.trials[i].run = name
            }
        }
        try save()
    }

    /// state.json, then the tables made from it and the trials' run folders.
    func save() throws {
        try state.save(folder + "/" + Self.stateFile)
        let table = SearchTable(plan: plan, state: state, folder: folder)
        try AtomicFile.write(table.csv(), to: folder + "/trials.csv")
        try AtomicFile.write(table.leaderboard(), to: folder + "/leaderboard.md")
    }
}
