import Foundation

/// Dietterich's 5x2cv: five replications (data seeds seed...seed+4) of a 50/50
/// split, each half trained on once and tested on once, for both presets on
/// the same halves. Held-out accuracy is the final epoch's validation accuracy.
/// Runs live in <out>/5x2cv-A-vs-B/ and are reused or resumed like `reproduce`'s;
/// the record beside them is of one data profile.
public enum FiveByTwoCV {
    /// Presets on other data or input sizes would not be tested on the same halves.
    public struct Incomparable: Error, CustomStringConvertible {
        public let first: String, second: String
        public var description: String { "5x2cv needs both presets on the same data and input size; \(first) and \(second) differ" }
    }

    /// The name a preset argument ("vgg16-v2", "my/slow-cnn.yaml") gives its folder and record.
    public static func name(of preset: String) -> String {
        (preset as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
    }

    /// The twenty trainings of `a` against `b` (each a preset as given and its config), finished
    /// through `runs`; writes and returns the record.
    public static func run(_ a: (preset: String, config: ExperimentConfig), _ b: (preset: String, config: ExperimentConfig),
                           out: String, runs: FinishedRuns) throws -> FiveByTwoRecord {
        let names = [name(of: a.preset), name(of: b.preset)]
        let bases = [a.config, b.config]
        guard bases[0].data == bases[1].data, bases[0].input == bases[1].input else { throw Incomparable(first: a.preset, second: b.preset) }
        let path = FiveByTwoRecord.path(root: out, names[0], names[1])
        let profile = bases[0].data.profile
        try FiveByTwoRecord.read(path)?.require(profile, path: path)
        let folder = FiveByTwoRecord.folder(root: out, names[0], names[1])
        var accuracies: [[[Double]]] = [[], []], runIDs: [[String]] = [[], []]
        var step = 0
        for replication in 0..<5 {
            var folds: [[Double]] = [[], []]
            for fold in 1...2 {
                for (side, base) in bases.enumerated() {
                    step += 1
                    var config = base
                    config.split = .halves
                    config.seed = base.seed &+ UInt64(replication)
                    config.runs = 2
                    let run = try runs.finished(config, runIndex: fold, root: folder,
                                                label: "5x2cv \(step)/20: \(names[side]), replication \(replication + 1), fold \(fold)")
                    guard let held = run.summary?.finalValidationAccuracy else {
                        throw IOFailure(path: run.directory, "has no validation accuracy to compare")
                    }
                    folds[side].append(held)
                    runIDs[side].append(run.id)
                }
            }
            accuracies[0].append(folds[0])
            accuracies[1].append(folds[1])
        }
        let record = FiveByTwoRecord(first: names[0], second: names[1], profile: profile, firstAccuracies: accuracies[0], secondAccuracies: accuracies[1],
                                     firstRuns: runIDs[0], secondRuns: runIDs[1])
        try record.write(to: path)
        return record
    }
}
