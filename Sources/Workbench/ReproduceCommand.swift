import ArgumentParser
import Dataset
import Experiments
import Foundation

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

    @Flag(help: "Train nothing: write the report from the finished runs there are (a preset with fewer than its config asks says so).")
    var reportOnly = false

    func validate() throws { try ConfigOptions.check(threads: threads) }

    func run() throws {
        ConfigOptions.setThreads(threads)
        kernels.apply()
        var done: [(name: String, runs: [RunListing])] = []
        var validationImages: [String: Int] = [:], plannedRuns: [String: Int] = [:]
        for name in presets {
            var sets = [ConfigOverride.literal("data.profile", profile, option: "--profile")]
            if let e = epochs { sets.append(.yaml("epochs", String(e), option: "--epochs")) }
            var config = try ConfigLoader.load(Presets.path(for: name), overriding: sets)
            if transfer && name != "basic-cnn" {
                // This pre-training (same profile and epochs), not whatever pretrained/ holds; one
                // VGG16 base for the three VGG16 presets, trained with v2's settings (v1's Adam at
                // 0.005 leaves VGG16 at chance from scratch, so its base would be no stand-in for ImageNet).
                let source = try ConfigLoader.load(Presets.path(for: Pretraining.sourcePreset(for: config)), overriding: sets)
                let weights: String
                if reportOnly {
                    guard let p = Reproduction.existing(Pretraining.config(source), runIndex: 1, in: RunListing.scan(out).runs), p.state == .done else {
                        print("\(name): no finished pre-training, left out")
                        continue
                    }
                    weights = p.directory + "/checkpoint.safetensors"
                } else {
                    weights = try Pretraining.ensure(source, out: out)
                }
                config = try ConfigLoader.load(Presets.directory + "/transfer/\(name).yaml",
                                               overriding: sets + [.literal("weights", weights, option: "the pre-trained weights")])
            }
            plannedRuns[name] = config.runs
            var runs: [RunListing] = []
            for k in 1...config.runs {
                let label = "\(name) run \(k) of \(config.runs)"
                if reportOnly {
                    guard let p = Reproduction.existing(config, runIndex: k, in: RunListing.scan(out).runs), p.state == .done else {
                        print("\(label): not finished, left out")
                        continue
                    }
                    runs.append(p)
                    continue
                }
                runs.append(try HeadlessTraining.finished(config, runIndex: k, root: out, label: label))
            }
            guard let first = runs.first else { continue }
            if validationImages[name] == nil {
                validationImages[name] = try TrainingRun.prepareData(first.manifest).validation.count
            }
            done.append((name, runs))
        }
        let fiveByTwo = try FiveByTwoRecord.read(FiveByTwoRecord.path(root: out, "vgg16-v2", "vgg16-v1"))
        let command = (["workbench reproduce --profile \(profile)"] + (transfer ? ["--transfer"] : []) + (reportOnly ? ["--report-only"] : [])
                       + (epochs.map { ["--epochs \($0)"] } ?? [])
                       + (presets == Study.presets ? [] : ["--presets " + presets.joined(separator: " ")])).joined(separator: " ")
        let report = ResultsReport(presets: done, fiveByTwo: fiveByTwo, validationImages: validationImages, command: command, transfer: transfer, plannedRuns: plannedRuns)
        let path = results ?? (transfer ? "experiments/RESULTS-transfer.md" : "experiments/RESULTS.md")
        try AtomicFile.write(try report.markdown(), to: path)
        print("wrote \(path)")
    }
}
