import Dataset
import Foundation

/// experiments/RESULTS.md: the study's table filled from our runs beside its
/// published figures, each preset's test confusion matrix, McNemar's test of
/// the best preset against each other one, the 5x2cv test of VGG16 v2 against
/// v1 when it has been run, and whether the study's conclusions hold.
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

    public init(presets: [(name: String, runs: [RunListing])], fiveByTwo: FiveByTwoRecord?, validationImages: [String: Int], command: String,
                transfer: Bool = false, plannedRuns: [String: Int] = [:]) {
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

    func meanTest(_ runs: [RunListing]) -> Double {
        runs.compactMap { $0.summary?.testAccuracy }.reduce(0, +) / Double(max(runs.count, 1))
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
        row("runs") { n, r in (plannedRuns[n] ?? r.count) > r.count ? "\(r.count) of \(plannedRuns[n]!) (the rest unfinished)" : "\(r.count)" }
        row("**validation accuracy, 95 % range (ours)**") { n, r in validationRange(n, r) }
        row("validation accuracy, 95 % range (study)") { n, _ in Study.published[n]?.validationRange ?? "-" }
        row("**test accuracy (ours, mean of runs)**") { _, r in "\(percent(meanTest(r))) %" }
        row("test accuracy (study)") { n, _ in Study.published[n]?.testAccuracy ?? "-" }

        md += ["", "## Every run", "", "| preset | run | seed | best val (epoch) | final val | test accuracy, Wilson 95 % | train img/s |", "|---|---|---|---|---|---|---|"]
        for (name, runs) in presets {
            for r in runs {
                guard let s = r.summary, let t = s.testAccuracy, let ci = s.testAccuracyInterval else { continue }
                md.append("| \(display(name)) | `\(r.id)` | \(s.seed) | \(percent(s.bestValidationAccuracy ?? 0)) % (\(s.bestValidationEpoch ?? 0)) | "
                          + "\(percent(s.finalValidationAccuracy ?? 0)) % | \(percent(t)) % (\(percent(ci.low))-\(percent(ci.high))) | "
                          + String(format: "%.0f", s.trainImagesPerSecond ?? 0) + " |")
            }
        }

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
            md += ["## McNemar's exact test: \(display(best.name)), the best mean test accuracy, against each other preset", ""]
            md.append("On the same \(bestRun.summary?.testConfusion?.total ?? 0) test images, run 1 against run 1. b: only \(display(best.name)) right; c: only the other right.")
            md += ["", "| against | b | c | p | at the 5 % level |", "|---|---:|---:|---:|---|"]
            for other in ranked.dropFirst() {
                guard let o = other.runs.first else { continue }
                let c = try RunComparison.compare(bestRun.directory, o.directory)
                md.append("| \(display(other.name)) | \(c.mcnemar.onlyFirstCorrect) | \(c.mcnemar.onlySecondCorrect) | "
                          + String(format: "%.3g", c.mcnemar.pValue) + " | " + (c.mcnemar.pValue < 0.05 ? "significant" : "not significant") + " |")
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

        md += ["", "## Do the study's conclusions hold?", ""]
        md += conclusions(ranked: ranked)
        return md.joined(separator: "\n") + "\n"
    }

    func conclusions(ranked: [(name: String, runs: [RunListing])]) -> [String] {
        var out: [String] = []
        let byName = Dictionary(presets.map { ($0.name, $0.runs) }, uniquingKeysWith: { a, _ in a })
        if let best = ranked.first {
            out.append("- Best mean test accuracy here: **\(display(best.name))** (\(percent(meanTest(best.runs))) %). The study's best was VGG16 v2 (95 %).")
        }
        if let v2 = byName["vgg16-v2"], !v2.isEmpty {
            for other in ["vgg16-v1", "vgg16-v3", "resnet50"] {
                guard let o = byName[other], !o.isEmpty else { continue }
                let (a, b) = (meanTest(v2), meanTest(o))
                let p = (try? RunComparison.compare(v2[0].directory, o[0].directory))?.mcnemar.pValue
                // "Yes" needs both a higher mean and a significant paired test.
                let significant = p.map { $0 < 0.05 }
                let answer = a > b ? (significant.map { $0 ? "Yes" : "Not clearly" } ?? "Higher, untested")
                                   : (significant == true ? "No, the other way round" : "No")
                var line = "- Does VGG16 v2 beat \(display(other))? \(answer): \(percent(a)) % against \(percent(b)) % mean test accuracy"
                if let p {
                    line += String(format: "; McNemar on run 1 against run 1: p = %.3g (%@)", p, p < 0.05 ? "significant" : "not significant")
                }
                out.append(line + ".")
            }
        }
        if let basic = byName["basic-cnn"]?.first, let m = basic.summary?.testConfusion {
            let columns = m.classNames.indices.map { j in m.counts.reduce(0) { $0 + $1[j] } }
            let share = Double(columns.max() ?? 0) / Double(max(m.total, 1))
            let collapsed = share >= 0.95
            out.append("- Does the basic CNN collapse to one class at lr 0.1 (the study's 30 %)? " + (collapsed ? "Yes" : "No")
                       + String(format: ": its most predicted class takes %.0f %% of the test predictions and its test accuracy is %@ %% (`%@`).",
                                100 * share, percent(m.accuracy), basic.id))
        }
        if let f = fiveByTwo {
            out.append("- Is VGG16 v2 against v1" + (transfer ? ", both from scratch," : "") + " significant under 5x2cv? " + (f.pValue < 0.05 ? "Yes" : "No") + String(format: " (p = %.3g).", f.pValue))
        } else {
            out.append("- The 5x2cv test of VGG16 v2 against v1 has not been run, so that question stays open here.")
        }
        return out
    }
}
