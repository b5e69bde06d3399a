import ArgumentParser
import Charts
import Experiments
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search hyperparameters: grid, random, ASHA or PBT over ordinary runs, ranked on validation accuracy.",
        discussion: """
        SPEC names a base preset or config, a method and a space, e.g.
          base: vgg16-v2
          method: asha            # grid | random | asha | pbt
          trials: 24
          seed: 1
          space:
            optimizer.lr: {log_uniform: [1.0e-5, 1.0e-2]}
            dropout: {uniform: [0.0, 0.7]}
            optimizer.kind: {choice: [adam, rmsprop, sgd]}
          asha: {min_epochs: 2, max_epochs: 20, reduction: 3}
        Every trial is a run folder inside the search folder (evaluate, compare, the Runs screen with --out DIR work on \
        them); the folder also holds trials.csv and leaderboard.md, rewritten after every job. \
        Ctrl-C stops after the batch; `workbench search --resume DIR` goes on from there. \
        `--parallel K` trains K trials at once in child processes, --threads divided among them; \
        `mpirun -np N workbench search SPEC --out SHARED` trains on N ranks (Open MPI), rank 0 scheduling.
        """)

    @Argument(help: "The search spec (YAML).")
    var spec: String?

    @Option(help: "Trials to run, instead of the spec's `trials`.")
    var trials: Int?

    @Option(help: "The search folder (default searches/<time>-<spec name>).")
    var out: String?

    @Option(help: "Continue the interrupted search in this folder, with the settings it started with.")
    var resume: String?

    @Option(help: "Trials trained at once, each in a process of its own with --threads divided among them.")
    var parallel = 1

    /// A child of `--parallel`: jobs on stdin, reports on stdout.
    @Flag(help: .hidden)
    var worker = false

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if parallel < 1 { throw ValidationError("--parallel must be at least 1, got \(parallel)") }
        if worker { return }
        switch (spec, resume) {
        case (nil, nil): throw ValidationError("give a search spec (workbench search SPEC.yaml) or --resume DIR")
        case (.some, .some): throw ValidationError("give a spec or --resume DIR, not both: a resumed search keeps its own spec")
        case (nil, .some):
            if !options.configOverrides.isEmpty || trials != nil || out != nil {
                throw ValidationError("--resume continues a search with the settings it started with: --set, --profile, --epochs, --seed, --data, --trials and --out do not apply")
            }
        case (.some, nil): break
        }
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1, got \(trials)") }
    }

    func run() throws {
        options.applyThreads()
        if worker { return ProcessWorkers.serve(Self.training) }
        let mpi = try MPIWorkers.launched()
        if let mpi, mpi.rank > 0 { return try MPIWorkers.serve(Self.training) }
        if mpi != nil, parallel > 1 { throw ValidationError("--parallel does not combine with mpirun: each rank trains one trial at a time") }
        let runner: SearchRunner
        if let resume {
            runner = try SearchRunner.resume(resume)
        } else if let spec {
            let parsed = try SearchSpec.load(spec)
            let folder = out ?? "searches/\(RunRecord.timestamp(Date()))-\(FileName.component(((spec as NSString).lastPathComponent as NSString).deletingPathExtension))"
            runner = try SearchRunner.start(specPath: spec, basePath: try Presets.existingPath(for: parsed.base), overrides: options.configOverrides,
                                            trials: trials, folder: folder)
        } else {
            return
        }
        let workers: TrialWorkers
        let stop: StopSignal?
        if let mpi {
            workers = MPIWorkers(size: mpi.size, training: Self.training)
            stop = nil
        } else if parallel > 1 {
            let children = try ProcessWorkers(count: parallel, arguments: ["--threads", String(max(1, options.threads / parallel))] + options.kernels.arguments)
            // Ctrl-C: the children stop after their batch, this process hands out no more jobs.
            stop = StopSignal { children.interrupt() }
            workers = children
        } else {
            workers = InProcessWorkers(Self.training)
            stop = nil
        }
        defer { stop?.cancel() }
        guard try runner.run(on: workers, stopRequested: { stop?.received ?? false }, log: HeadlessTraining.say) else {
            HeadlessTraining.say("search stopped; continue with: workbench search --resume \(runner.folder)")
            throw ExitCode(130)
        }
        setlocale(LC_CTYPE, "")
        let glyphs = Glyphs(unicode: String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8")
        let width = max(40, min(Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100, 120))
        HeadlessTraining.say(SearchScatter.describe(runner.plan.spec, runner.state.trials, width: width, glyphs: glyphs))
    }

    /// A trial's job trained headless: progress lines, Ctrl-C stops it after the batch.
    static let training = TrialTraining { run in try HeadlessTraining.run(run, divergenceIsAnOutcome: true, stopsBySchedule: true) }
}
