/// `workbench reproduce`: the study's presets with their repeats, each run
/// reused, resumed or trained (with `transfer`, VGG16 and ResNet50 start from
/// our pre-training, trained first if needed), gathered into a `ResultsReport`.
/// Runs go repeat by repeat across the presets (run 1 of each, then run 2 ...),
/// so a reproduction stopped part-way leaves every preset some runs to report.
public struct StudyReproduction {
    public var presets: [String]
    /// As given on the command line (`--profile`), so a wrong one is refused naming the option.
    public var profile: String
    public var epochs: Int?
    public var transfer: Bool
    /// Trains nothing: reports the finished runs there are.
    public var reportOnly: Bool
    /// Runs go into (and are reused from) here; so is the 5x2cv record looked for.
    public var out: String
    /// The file of a preset name (experiments/<name>.yaml), and of its transfer variant.
    public var presetPath: (String) -> String
    public var transferPath: (String) -> String
    /// Runs per preset instead of its config's `runs`.
    public var repeats = RepeatCounts()
    /// Each augmented preset is also run without augmentation, with the same seeds.
    public var ablation = false

    public init(presets: [String], profile: String, epochs: Int?, transfer: Bool, reportOnly: Bool, out: String,
                presetPath: @escaping (String) -> String, transferPath: @escaping (String) -> String) {
        (self.presets, self.profile, self.epochs, self.transfer, self.reportOnly, self.out) = (presets, profile, epochs, transfer, reportOnly, out)
        (self.presetPath, self.transferPath) = (presetPath, transferPath)
    }

    /// One config to repeat: a preset as configured, or its ablation (augmentation off).
    struct Arm {
        let name: String, config: ExperimentConfig, ablated: Bool
        var label: String { ablated ? "\(name) without augmentation" : name }
    }

    /// Trains what is missing (unless `reportOnly`) through `runs`, says through `log`
    /// what it leaves out, and returns the report; `command` is how it was asked for.
    public func report(command: String, runs: FinishedRuns, log: (String) -> Void) throws -> ResultsReport {
        let arms = try resolveArms(runs: runs, log: log)
        var finished: [String: [RunListing]] = [:]
        for k in 1...max(1, arms.map(\.config.runs).max() ?? 1) {
            for arm in arms where k <= arm.config.runs {
                let label = "\(arm.label) run \(k) of \(arm.config.runs)"
                if reportOnly {
                    guard let p = RunReuse.decide(arm.config, runIndex: k, in: RunListing.scan(out).runs).ended else {
                        log("\(label): not finished, left out")
                        continue
                    }
                    finished[arm.label, default: []].append(p)
                    continue
                }
                finished[arm.label, default: []].append(try runs.finished(arm.config, runIndex: k, root: out, label: label, acceptingDiverged: true))
            }
        }
        var validationImages: [String: Int] = [:]
        func gathered(_ ablated: Bool) throws -> [(name: String, runs: [RunListing])] {
            try arms.filter { $0.ablated == ablated }.compactMap { arm in
                guard let list = finished[arm.label], let first = list.first else { return nil }
                if validationImages[arm.name] == nil {
                    validationImages[arm.name] = try TrainingRun.prepareData(first.manifest).validation.count
                }
                return (arm.name, list)
            }
        }
        let (configured, ablations) = (try gathered(false), try gathered(true))
        let planned = Dictionary(arms.filter { !$0.ablated }.map { ($0.name, $0.config.runs) }, uniquingKeysWith: { a, _ in a })
        return ResultsReport(presets: configured, fiveByTwo: try fiveByTwo(log: log), validationImages: validationImages, command: command,
                             transfer: transfer, plannedRuns: planned, ablations: ablations)
    }

    /// Each preset's config with this profile, epochs and repeat count (and pre-trained
    /// weights with `transfer`), followed by its ablation when asked for and it augments.
    private func resolveArms(runs: FinishedRuns, log: (String) -> Void) throws -> [Arm] {
        var sets = [ConfigOverride.literal("data.profile", profile, option: "--profile")]
        if let e = epochs { sets.append(.yaml("epochs", String(e), option: "--epochs")) }
        var arms: [Arm] = []
        for name in presets {
            var config = try ConfigLoader.load(presetPath(name), overriding: sets)
            if transfer && name != "basic-cnn" {
                // This pre-training (same profile and epochs), not whatever pretrained/ holds; one
                // VGG16 base for the three VGG16 presets, trained with v2's settings (v1's Adam at
                // 0.005 leaves VGG16 at chance from scratch, so its base would be no stand-in for ImageNet).
                let source = try ConfigLoader.load(presetPath(Pretraining.sourcePreset(for: config)), overriding: sets)
                let weights: String
                if reportOnly {
                    guard let p = Pretraining.existing(source, out: out) else {
                        log("\(name): no finished pre-training, left out")
                        continue
                    }
                    weights = p
                } else {
                    weights = try Pretraining.ensure(source, out: out, runs: runs)
                }
                config = try ConfigLoader.load(transferPath(name), overriding: sets + [.literal("weights", weights, option: "the pre-trained weights")])
            }
            config.runs = repeats.count(for: name, configured: config.runs)
            arms.append(Arm(name: name, config: config, ablated: false))
            if ablation && config.augmentation != nil {
                var plain = config
                plain.augmentation = nil
                arms.append(Arm(name: name, config: plain, ablated: true))
            }
        }
        return arms
    }

    /// The 5x2cv record of VGG16 v2 against v1 under `out`, if it is of this profile.
    private func fiveByTwo(log: (String) -> Void) throws -> FiveByTwoRecord? {
        let path = FiveByTwoRecord.path(root: out, "vgg16-v2", "vgg16-v1")
        guard let record = try FiveByTwoRecord.read(path) else { return nil }
        guard record.dataProfile.rawValue == profile else {
            log("\(path): its 5x2cv test is on the \(record.profileText), not \(profile): left out of the report")
            return nil
        }
        return record
    }
}
