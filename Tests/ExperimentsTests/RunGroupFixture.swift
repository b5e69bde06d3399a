import Foundation
@testable import Experiments

/// Run folders written by hand (config.yaml, metrics.csv, summary.json,
/// predictions.csv), so groups and their comparisons have figures one can
/// work out on paper: 20 test images of two classes, image i of class i % 2.
enum RunGroupFixture {
    static let testImages = 20

    static func config(lr: Double = 0.001, seed: UInt64 = 7, runs: Int = 1, input: Int? = nil) throws -> ExperimentConfig {
        try TinyRun.config(epochs: 3, extra: ["optimizer.lr=\(lr)", "seed=\(seed)", "runs=\(runs)"] + (input.map { ["input.height=\($0)", "input.width=\($0)"] } ?? []))
    }

    /// A run folder `root/name`: validation accuracy and loss per epoch (one
    /// entry an epoch; fewer than the config's 3 epochs: stopped early), and,
    /// finished, the test images it got wrong (nil: no test pass yet).
    @discardableResult
    static func run(_ root: String, _ name: String, _ config: ExperimentConfig, index: Int = 1, accuracy: [Double], loss: [Double],
                    wrong: Set<Int>?, eventsLog: String = "", otherTestImages: Bool = false) throws -> String {
        let dir = root + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let manifest = RunManifest(config: config, runIndex: index, trainingSeed: config.seed &+ UInt64(index - 1), dataFingerprint: "f\(config.seed)", blasThreads: 1)
        try ConfigLoader.encodeManifest(manifest).write(toFile: dir + "/config.yaml", atomically: true, encoding: .utf8)
        let rows = zip(accuracy, loss).enumerated().flatMap { i, v in
            [["\(i + 1)", "train", "\(v.1)", "\(v.0)", "0.001", "0"], ["\(i + 1)", "val", "\(v.1)", "\(v.0)", "0.001", "0"]]
        }
        try CSV.text(header: MetricsRow.header, rows: rows).write(toFile: dir + "/metrics.csv", atomically: true, encoding: .utf8)
        try eventsLog.write(toFile: dir + "/events.log", atomically: true, encoding: .utf8)
        var summary = RunSummary(runID: name, preset: config.preset, seed: manifest.trainingSeed, dataFingerprint: manifest.dataFingerprint,
                                 state: wrong == nil ? .stopped : .done, epochsCompleted: accuracy.count, epochsPlanned: config.epochs,
                                 finalValidationAccuracy: accuracy.last, bestValidationAccuracy: accuracy.max(),
                                 bestValidationEpoch: accuracy.indices.max { accuracy[$0] < accuracy[$1] }.map { $0 + 1 })
        if let wrong {
            // Other test images: the same count, other true classes.
            let labels = (0..<testImages).map { otherTestImages ? ($0 / 2) % 2 : $0 % 2 }
            let predicted = labels.enumerated().map { wrong.contains($0) ? 1 - $1 : $1 }
            summary.setTest(ConfusionMatrix(classNames: ["a", "b"], labels: labels, predictions: predicted))
            let lines = zip(labels, predicted).enumerated().map { i, lp in
                "\(i),\(["a", "b"][lp.0]),\(["a", "b"][lp.1])," + (lp.1 == 0 ? "0.9,0.1" : "0.1,0.9")
            }
            try (["index,true,predicted,p_a,p_b"] + lines).joined(separator: "\n").appending("\n")
                .write(toFile: dir + "/predictions.csv", atomically: true, encoding: .utf8)
        }
        try JSONEncoder().encode(summary).write(to: URL(fileURLWithPath: dir + "/summary.json"))
        return dir
    }

    /// The first `n` test images.
    static func first(_ n: Int) -> Set<Int> { Set(0..<n) }
}
