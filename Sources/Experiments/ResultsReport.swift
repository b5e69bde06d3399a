import Dataset
import Foundation

/// experiments/RESULTS.md: the study's table filled from our runs beside its
/// published figures, each preset's test confusion matrix, the best preset
/// against each other one over all seed pairs, the 5x2cv test of VGG16 v2
/// against v1 when it has been run, what the augmentation costs (when the
/// ablation ran), and whether the study's conclusions hold, each over all runs.
/// Every figure names the run ids it comes from.
public struct ResultsReport {
    /// Finished runs per preset, in the study's order, repeats by run index.
    public let presets: [(name: String, runs: [RunListing])]
    public let fiveByTwo: FiveByTwoRecord?
    /// Validation images per preset (for the Wilson interval of a single run).
    public let validationImages: [String: Int]
    public let command: String
    /// VGG16 and ResNet50 started from our pre-training on the other seven classes.
    public let transfer: Bool

    /// Repeats each preset's config asks for; fewer finished ones are reported as such.
    public let plannedRuns: [String: Int]
    /// The augmented presets' runs without augmentation, same seeds (`--ablation`).
    public let ablations: [(name: String, runs: [RunListing])]

    public init(presets: [(name: String, runs: [RunListing])], fiveByTwo: FiveByTwoRecord?, validationImages: [String: Int], command: String,
                transfer: Bool = false, plannedRuns: [String: Int] = [:], ablations: [(name: String, runs: [RunListing])] = []) {
        self.ablations = ablations
        self.transfer = transfer
        self.plannedRuns = plannedRuns
        self.presets = presets
        self.fiveByTwo = fiveByTwo
        self.validationImages = validationImages
        self.command = command
    }

    static let displayNames = ["basic-cnn": "basic CNN", "vgg16-v1": "VGG16 v1", "vgg16-v2": "VGG16 v2", "vgg16-v3": "VGG16 v3", "resnet50": "ResNet50"]

    func display(_ preset: String) -> String { Self.displayNames[preset] ?? preset }

    func percent(_ x: Double) -> String { String(format: "%.1f", 100 * x) }

    /// Over the runs that were tested (a diverged run has no test accuracy).
    func meanTest(_ runs: [RunListing]) -> Double {
        let tested = runs.compactMap { $0.state == .done ? $0.summary?.testAccuracy : nil }
        return tested.reduce(0, +) / Double(max(tested.count, 1))
    }

    /// "79.2 %", with the t interval over the tested runs when there are several.
    func meanTestWithInterval(_ runs: [RunListing]) -> String {
        let tested = runs.compactMap { $0.state == .done ? $0.summary?.testAccuracy : nil }
        guard let i = StudentT.meanInterval(tested) else { return "\(percent(meanTest(runs))) %" }
        return "\(percent(meanTest(runs))) % (t 95 % \(percent(max(i.low, 0)))-\(percent(min(i.high, 1))))"
    }

    /// The final validation accuracy's 95 % range: Student-t over the repeats'
    /// means when there are several, Wilson over the images for a single run.
    func validationRange(_ name: String, _ runs: [RunListing]) -> String {
        let finals = runs.compactMap { $0.summary?.finalValidationAccuracy }
        if finals.count >= 2, let i = StudentT.meanInterval(finals) {
            return "\(percent(max(i.low, 0)))-\(percent(min(i.high, 1))) % (t, \(finals.count) runs)"
        }
        guard let a = finals.first, let n = validationImages[name] else { return "-" }
        let i = Statistics.wilson(successes: Int((a * Double(n)).rounded()), trials: n)
        return "\(percent(i.low))-\(percent(i.high)) % (Wilson, 1 run)"
    }

    public func markdown() throws -> String {
        var md = [transfer ? "# The study, reproduced with pre-trained VGG16 and ResNet50" : "# The study, reproduced from scratch", ""]
        md.append("Written by `\(command)` from the runs named below; do not edit by hand. Every figure is one of those runs' or computed from them.")
        md += ["", "## What differs from the study", ""]
        let first = presets.first?.runs.first?.config
        let profile = first?.data.profile ?? .report
        let sizes = [Profile.report: "1000 images per class sampled from the training file, 600 of them held out for test",
                     .full: "all 18000 training images of the three classes, and their 3000 official test images",
                     .tiny: "a tiny subset for a smoke test, not a reproduction"][profile] ?? ""
        let epochs = first?.epochs ?? 20
        md.append("""
        - Data: the real Fashion-MNIST (Debian's `dataset-fashion-mnist`), classes dress, pullover and shirt, 28x28 grayscale padded to 32x32 \
        (the `\(profile.rawValue)` profile: \(sizes)). The study scraped 224x224 colour images of its own.
        - Weights: \(transfer
            ? "VGG16 and ResNet50 start from our own pre-training of the same networks on the seven Fashion-MNIST classes the study does not use " +
              "(`workbench pretrain`; T-shirt, trouser, coat, sandal, sneaker, bag, ankle boot), the offline stand-in for the study's ImageNet weights: " +
              "one VGG16 base for v1, v2 and v3, pre-trained with v2's settings, and ResNet50 with its own; " +
              "VGG16's base is frozen but for its last 4 layers as in the study's code; the basic CNN trains from scratch."
            : "every network here trains from scratch (Glorot-uniform kernels, zero biases); the study fine-tuned VGG16 and ResNet50 pre-trained on ImageNet, " +
              "which cannot be downloaded here (`workbench reproduce --transfer` starts them from our own pre-training instead).")
        - Intervals: ranges at 95 % are Student-t intervals of the mean over a preset's repeated runs (Wilson's for a preset with one run); \
        test accuracies carry each run's Wilson interval. The study derived its ranges from t-scores without saying over what.
        - Everything else follows the study's table: networks, optimizers, learning rates, dropout, splits, augmentation for v2, v3 and ResNet50, \
        and \(epochs == 20 ? "20 epochs" : "\(epochs) epochs instead of the study's 20 (a quick look, not the reproduction)").
        """)
        md += ["", "## The study's table, ours beside theirs", ""]
        md.append("| | " + presets.map { display($0.name) }.joined(separator: " | ") + " |")
        md.append("|---|" + presets.map { _ in "---" }.joined(separator: "|") + "|")
        func row(_ label: String, _ value: (String, [RunListing]) -> String) {
            md.append("| \(label) | " + presets.map { value($0.name, $0.runs) }.joined(separator: " | ") + " |")
        }
        row("split (train/val)") { _, r in r.first?.config.split.rawValue ?? "-" }
        row("epochs") { _, r in r.first.map { "\($0.config.epochs)" } ?? "-" }
        row("hidden layers") { n, _ in Study.published[n].map { "\($0.hiddenLayers)" } ?? "-" }
        row("optimizer") { _, r in r.first?.config.optimizer.kind.rawValue ?? "-" }
        row("learning rate") { _, r in r.first.map { String(format: "%g", $0.config.optimizer.lr) } ?? "-" }
        row("dropout") { _, r in r.first.map { $0.config.dropout == 0 ? "none" : String(format: "%g", $0.config.dropout) } ?? "-" }
        row("activation") { _, _ in "relu, softmax out" }
        row("loss") { _, _ in "categorical cross-entropy" }
        row("runs (study)") { n, _ in Study.published[n].map { "\($0.runs)" } ?? "-" }
        row("**runs (ours)**") { n, r in (plannedRuns[n] ?? r.count) > r.count ? "\(r.count) of \(plannedRuns[n]!) (the rest unfinished)" : "\(r.count)" }
        row("**validation accuracy, 95 % range (ours)**") { n, r in validationRange(n, r) }
        row("validation accuracy, 95 % range (study)") { n, _ in Study.published[n]?.validationRange ?? "-" }
        row("**test accuracy (ours, mean of runs)**") { _, r in meanTestWithInterval(r) }
        row("test accuracy (study)") { n, _ in Study.published[n]?.testAccuracy ?? "-" }

        md += ["", "## Every run", ""]
        md += everyRunTable(presets)

        md += ["", "## Test confusion matrices (run 1 of each preset; rows true, columns predicted)", ""]
        for (name, runs) in presets {
            guard let r = runs.first, let m = r.summary?.testConfusion else { continue }
            md += ["**\(display(name))** (`\(r.id)`, accuracy \(percent(m.accuracy)) %)", ""]
            md.append("| | " + m.classNames.map { "→ \($0)" }.joined(separator: " | ") + " | recall |")
            md.append("|---|" + m.classNames.map { _ in "---:" }.joined(separator: "|") + "|---:|")
            for (i, c) in m.classNames.enumerated() {
                md.append("| \(c) | " + m.counts[i].map(String.init).joined(separator: " | ") + " | \(String(format: "%.2f", m.recall(i))) |")
            }
            md.append("")
        }

        let ranked = presets.filter { !$0.runs.isEmpty }.sorted { meanTest($0.runs) > meanTest($1.runs) }
        if let best = ranked.first, let bestRun = best.runs.first {
            md += ["## \(display(best.name)), the best mean test accuracy, against each other preset", ""]
            md.append("Run k of one against run k of the other (the same training seed, the same \(bestRun.summary?.testConfusion?.total ?? 0) test images): "
                      + "the mean of the paired differences with its Student-t interval, and McNemar's exact test within each pair "
                      + "(b: only \(display(best.name)) right; c: only the other right).")
            md += ["", "| against | seed pairs | difference, points (t 95 %) | McNemar b / c, p per pair | answer |", "|---|---:|---|---|---|"]
            for other in ranked.dropFirst() {
                let c = try PresetContrast.paired(best.runs, other.runs)
                md.append("| \(display(other.name)) | \(c.pairs.count) | \(differenceText(c)) | " + mcnemarList(c) + " | \(c.verdict.rawValue) |")
            }
            md.append("")
        }

        md += ["## Dietterich's 5x2cv paired t-test: VGG16 v2 against v1" + (transfer ? ", both from scratch" : ""), ""]
        if let f = fiveByTwo {
            if transfer {
                md += ["This is the from-scratch presets' test, the one `workbench compare --5x2cv vgg16-v2 vgg16-v1` records; "
                       + "the transfer variants have not been put through it.", ""]
            }
            md.append(f.verdict + ".")
            md.append("")
            md.append("Its runs trained on the \(f.profileText).")
            md.append("Runs (\(f.first)): " + f.firstRuns.map { "`\($0)`" }.joined(separator: ", ") + ".")
            md.append("Runs (\(f.second)): " + f.secondRuns.map { "`\($0)`" }.joined(separator: ", ") + ".")
        } else {
            md.append("Not run yet: `workbench compare --5x2cv vgg16-v2 vgg16-v1` trains each preset ten times (five replications of two folds) "
                      + "and records its result where this report finds it.")
        }

        md += try ablationSection()
        md += ["", "## Do the study's conclusions hold?", ""]
        md += try conclusions(ranked: ranked)
        return md.joined(separator: "\n") + "\n"
    }

    func conclusions(ranked: [(name: String, runs: [RunListing])]) throws -> [String] {
        var out: [String] = []
        let byName = Dictionary(presets.map { ($0.name, $0.runs) }, uniquingKeysWith: { a, _ in a })
        if let best = ranked.first {
            out.append("- Best mean test accuracy here: **\(display(best.name))** (\(meanTestWithInterval(best.runs)) over \(best.runs.count) run\(best.runs.count == 1 ? "" : "s")). "
                       + "The study's best was VGG16 v2 (95 %).")
        }
        if let v2 = byName["vgg16-v2"], !v2.isEmpty {
            for other in ["vgg16-v1", "vgg16-v3", "resnet50"] {
                guard let o = byName[other], !o.isEmpty else { continue }
                let c = try PresetContrast.paired(v2, o)
                out.append("- Does VGG16 v2 beat \(display(other))? \(c.verdict.rawValue): \(percent(meanTest(v2))) % against \(percent(meanTest(o))) % "
                           + "mean test accuracy, " + c.evidence(first: "VGG16 v2", second: display(other)) + ".")
            }
        }
        if let basic = byName["basic-cnn"], !basic.isEmpty {
            let rate = CollapseRate(basic)
            let answer = rate.tested == 0 ? "Untested" : rate.collapsed == 0 ? "No" : rate.collapsed == rate.tested ? "Yes" : "Sometimes"
            out.append("- Does the basic CNN collapse to one class at lr 0.1 (the study's 30 %)? \(answer): it \(rate.words), "
                       + "a run counting as collapsed when one class takes over 90 % of its test predictions; "
                       + "mean test accuracy \(meanTestWithInterval(basic)).")
        }
        if let f = fiveByTwo {
            out.append("- Is VGG16 v2 against v1" + (transfer ? ", both from scratch," : "") + " significant under 5x2cv? " + (f.pValue < 0.05 ? "Yes" : "No") + String(format: " (p = %.3g).", f.pValue))
        } else {
            out.append("- The 5x2cv test of VGG16 v2 against v1 has not been run, so that question stays open here.")
        }
        for (name, plain) in ablations {
            guard let augmented = byName[name] else { continue }
            let c = try PresetContrast.paired(augmented, plain)
            let answer = c.verdict == .yes ? "It helps" : c.verdict == .otherWay ? "It costs accuracy" : "Not clearly either way"
            out.append("- What does the study's augmentation do for \(display(name)) here? \(answer): "
                       + c.evidence(first: "augmentation", second: "no augmentation") + ".")
        }
        return out
    }

    /// "+12.3 (+8.1 to +16.5)", or the lone difference with fewer than two pairs.
    func differenceText(_ c: PresetContrast) -> String {
        func points(_ x: Double) -> String { String(format: "%+.1f", 100 * x) }
        guard !c.pairs.isEmpty else { return "-" }
        return points(c.meanDifference) + (c.interval.map { " (\(points($0.low)) to \(points($0.high)))" } ?? " (one pair: no interval)")
    }

    func mcnemarList(_ c: PresetContrast) -> String {
        c.pairs.map { "\($0.mcnemar.onlyFirstCorrect)/\($0.mcnemar.onlySecondCorrect), " + String(format: "%.2g", $0.mcnemar.pValue) }.joined(separator: "; ")
    }

    func everyRunTable(_ groups: [(name: String, runs: [RunListing])]) -> [String] {
        var md = ["| preset | run | seed | best val (epoch) | final val | test accuracy, Wilson 95 % | largest predicted class | train img/s |",
                  "|---|---|---|---|---|---|---:|---|"]
        for (name, runs) in groups {
            for r in runs {
                guard let s = r.summary else { continue }
                let tested: String
                if r.state == .done, let t = s.testAccuracy, let ci = s.testAccuracyInterval, let m = s.testConfusion {
                    let share = CollapseRate.largestShare(m)
                    tested = "\(percent(t)) % (\(percent(ci.low))-\(percent(ci.high))) | \(percent(share)) %" + (share > CollapseRate.threshold ? " (collapsed)" : "")
                } else {
                    tested = "\(s.divergence.map { "diverged: \($0)" } ?? r.state.rawValue) | -"
                }
                md.append("| \(display(name)) | `\(r.id)` | \(s.seed) | \(percent(s.bestValidationAccuracy ?? 0)) % (\(s.bestValidationEpoch ?? 0)) | "
                          + "\(percent(s.finalValidationAccuracy ?? 0)) % | \(tested) | " + String(format: "%.0f", s.trainImagesPerSecond ?? 0) + " |")
            }
        }
        return md
    }

    /// Each augmented preset against itself without augmentation, seed by seed.
    func ablationSection() throws -> [String] {
        guard !ablations.isEmpty else { return [] }
        var md = ["", "## What the study's augmentation costs or gains here", ""]
        md.append("Each augmented preset (rotation 20, shifts 0.2, horizontal flips, nearest fill) run again without augmentation, "
                  + "the same seeds and data; run k with augmentation against run k without.")
        md += ["", "| preset | with augmentation | without | seed pairs | difference, points (t 95 %) | McNemar b / c, p per pair | does it help? |",
               "|---|---|---|---:|---|---|---|"]
        let byName = Dictionary(presets.map { ($0.name, $0.runs) }, uniquingKeysWith: { a, _ in a })
        for (name, plain) in ablations {
            guard let augmented = byName[name] else { continue }
            let c = try PresetContrast.paired(augmented, plain)
            let answer = c.verdict == .yes ? "yes" : c.verdict == .otherWay ? "no, it costs" : "not clearly"
            md.append("| \(display(name)) | \(meanTestWithInterval(augmented)) | \(meanTestWithInterval(plain)) | \(c.pairs.count) | \(differenceText(c)) | "
                      + mcnemarList(c) + " | \(answer) |")
        }
        md += ["", "Runs without augmentation:", ""]
        md += everyRunTable(ablations)
        return md
    }
}
