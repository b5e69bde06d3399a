import ArgumentParser
import Experiments
import Foundation

/// Dietterich's 5x2cv: five replications (data seeds seed...seed+4) of a 50/50
/// split, each half trained on once and tested on once, for both presets on
/// the same halves. Held-out accuracy is the final epoch's validation accuracy.
/// Runs live in <out>/5x2cv-A-vs-B/ and are reused or resumed like `reproduce`'s.
enum FiveByTwoCV {
    static func run(_ a: String, _ b: String, options: ConfigOptions, out: String) throws -> FiveByTwoRecord {
        let names = [a, b].map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "") }
        let folder = FiveByTwoRecord.folder(root: out, names[0], names[1])
        let bases = try [a, b].map { try options.load($0) }
        guard bases[0].data == bases[1].data, bases[0].input == bases[1].input else {
            throw ValidationError("5x2cv needs both presets on the same data and input size; \(a) and \(b) differ")
        }
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
                    let run = try HeadlessTraining.finished(config, runIndex: fold, root: folder,
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
        let record = FiveByTwoRecord(first: names[0], second: names[1], firstAccuracies: accuracies[0], secondAccuracies: accuracies[1],
                                     firstRuns: runIDs[0], secondRuns: runIDs[1])
        try record.write(to: FiveByTwoRecord.path(root: out, names[0], names[1]))
        return record
    }
}
