/// `workbench reproduce`: the study's presets with their repeats, each run
/// reused, resumed or trained (with `transfer`, VGG16 and ResNet50 start from
/// our pre-training, trained first if needed), gathered into a `ResultsReport`.
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

    public init(presets: [String], profile: String, epochs: Int?, transfer: Bool, reportOnly: Bool, out: String,
                presetPath: @escaping (String) -> String, transferPath: @escaping (String) -> String) {
        (self.presets, self.profile, self.epochs, self.transfer, self.reportOnly, self.out) = (presets, profile, epochs, transfer, reportOnly, out)
        (self.presetPath, self.transferPath) = (presetPath, transferPath)
    }

    /// Trains what is missing (unless `reportOnly`) through `runs`, says through `log`
    /// what it leaves out, and returns the report; `command` is how it was asked for.
    public func report(command: String, runs: FinishedRuns, log: (String) -> Void) throws -> ResultsReport {
        var done: [(name: String, runs: [RunListing])] = []
        var validationImages: [String: Int] = [:], plannedRuns: [String: Int] = [:]
        var sets = [ConfigOverride.literal("data.profile", profile, option: "--profile")]
        if let e = epochs { sets.append(.yaml("epochs", String(e), option: "--epochs")) }
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
            plannedRuns[name] = config.runs
            var finished: [RunListing] = []
            for k in 1...config.runs {
                let label = "\(name) run \(k) of \(config.runs)"
                if reportOnly {
                    guard case .reuse(let p) = RunReuse.decide(config, runIndex: k, in: RunListing.scan(out).runs) else {
                        log("\(label): not finished, left out")
                        continue
                    }
                    finished.append(p)
                    continue
                }
                finished.append(try runs.finished(config, runIndex: k, root: out, label: label))
            }
            guard let first = finished.first else { continue }
            if validationImages[name] == nil {
                validationImages[name] = try TrainingRun.prepareData(first.manifest).validation.count
            }
            done.append((name, finished))
        }
        return ResultsReport(presets: done, fiveByTwo: try fiveByTwo(log: log), validationImages: validationImages, command: command,
                             transfer: transfer, plannedRuns: plannedRuns)
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
