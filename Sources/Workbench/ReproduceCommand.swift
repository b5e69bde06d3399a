import ArgumentParser
import Experiments

struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Train the study's five presets with their repeats, then write experiments/RESULTS.md.",
        discussion: """
        Resumable: a finished run of the same config and repeat under --out is reused, an interrupted one resumed. \
        The report includes the 5x2cv test of VGG16 v2 against v1 once `workbench compare --5x2cv vgg16-v2 vgg16-v1` has recorded it.
        """)

    @Option(help: "Data profile: report (the study's size) or full.")
    var profile = "report"

    @Option(help: "Epochs per run instead of the presets' 20 (for a quick look; the report says so).")
    var epochs: Int?

    @Option(parsing: .upToNextOption, help: "Only these presets (default: all five).")
    var presets: [String] = Study.presets

    @Option(help: "Folder the runs go into (and are reused from).")
    var out = "runs"

    @Flag(help: "VGG16 and ResNet50 start from our pre-training on the other seven classes (experiments/transfer/), pre-training first if needed.")
    var transfer = false

    @Option(help: "Where the report goes (default experiments/RESULTS.md, or RESULTS-transfer.md with --transfer).")
    var results: String?

    @Option(help: "Worker threads for matrix products and every other parallel loop.")
    var threads = 2

    @OptionGroup var kernels: KernelOptions

    @Option(help: ArgumentHelp("Runs per preset instead of its config's `runs`: N for every preset, preset=N for one (repeatable; the later wins).",
                               valueName: "N|preset=N"))
    var repeats: [String] = []

    @Flag(help: "Also run each augmented preset without augmentation, with the same seeds, and report what the augmentation costs or gains.")
    var ablation = false

    @Flag(help: "Train nothing: write the report from the finished runs there are (a preset with fewer than its config asks says so).")
    var reportOnly = false

    func validate() throws {
        try ConfigOptions.check(threads: threads)
        _ = try RepeatCounts(parsing: repeats, known: Study.presets)
    }

    func run() throws {
        ConfigOptions.setThreads(threads)
        kernels.apply()
        var reproduction = StudyReproduction(presets: presets, profile: profile, epochs: epochs, transfer: transfer, reportOnly: reportOnly, out: out,
                                             presetPath: Presets.path(for:), transferPath: { Presets.directory + "/transfer/\($0).yaml" })
        reproduction.repeats = try RepeatCounts(parsing: repeats, known: Study.presets)
        reproduction.ablation = ablation
        let command = (["workbench reproduce --profile \(profile)"] + (transfer ? ["--transfer"] : []) + (reportOnly ? ["--report-only"] : [])
                       + (epochs.map { ["--epochs \($0)"] } ?? [])
                       + reproduction.repeats.arguments.map { "--repeats \($0)" } + (ablation ? ["--ablation"] : [])
                       + (presets == Study.presets ? [] : ["--presets " + presets.joined(separator: " ")])).joined(separator: " ")
        let report = try reproduction.report(command: command, runs: HeadlessTraining.finishedRuns, log: HeadlessTraining.say)
        let path = results ?? (transfer ? "experiments/RESULTS-transfer.md" : "experiments/RESULTS.md")
        try AtomicFile.write(try report.markdown(), to: path)
        print("wrote \(path)")
    }
}
