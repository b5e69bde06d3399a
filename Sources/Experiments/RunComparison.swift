import Foundation

/// Two finished runs judged on the same test set: accuracies with their
/// Wilson intervals and McNemar's exact test on the paired predictions.
public struct RunComparison: Sendable {
    public struct Side: Sendable {
        public let directory: String, preset: String
        public let accuracy: Double, interval: Interval, correct: Int
    }

    public let first: Side, second: Side
    public let testImages: Int
    public let mcnemar: PairedTests.McNemar

    /// The run McNemar's test favours at the 5 % level; nil when the difference is not significant.
    public var better: Side? {
        guard mcnemar.pValue < 0.05, mcnemar.onlyFirstCorrect != mcnemar.onlySecondCorrect else { return nil }
        return mcnemar.onlyFirstCorrect > mcnemar.onlySecondCorrect ? first : second
    }

    /// `p = 0.0123: the difference is significant at the 5 % level: A is better`,
    /// the runs called by the labels given (the CLI's A and B, a UI's run names).
    public func verdict(first a: String = "A", second b: String = "B") -> String {
        let words = better == nil ? "no significant difference at the 5 % level"
            : "the difference is significant at the 5 % level: \(mcnemar.onlyFirstCorrect > mcnemar.onlySecondCorrect ? a : b) is better"
        return String(format: "p = %.3g: ", mcnemar.pValue) + words
    }

    public static func compare(_ a: String, _ b: String) throws -> RunComparison {
        let (ma, mb) = (try ConfigLoader.loadManifest(a + "/config.yaml"), try ConfigLoader.loadManifest(b + "/config.yaml"))
        let (ca, cb) = (ma.config, mb.config)
        guard ca.data == cb.data, ca.seed == cb.seed, ca.input == cb.input else {
            throw IOFailure(path: b, "was tested on other data than \(a) (data source, data seed or input size differ); McNemar's test needs the same test images")
        }
        let (pa, pb) = (try Predictions.read(a), try Predictions.read(b))
        guard pa.labels == pb.labels else { throw IOFailure(path: b + "/predictions.csv", "its true labels differ from \(a)'s: not the same test set") }
        func side(_ dir: String, _ preset: String, _ p: Predictions) -> Side {
            let correct = zip(p.labels, p.predicted).filter { $0 == $1 }.count
            return Side(directory: dir, preset: preset, accuracy: Double(correct) / Double(p.labels.count),
                        interval: Statistics.wilson(successes: correct, trials: p.labels.count), correct: correct)
        }
        return RunComparison(first: side(a, ca.preset, pa), second: side(b, cb.preset, pb), testImages: pa.labels.count,
                             mcnemar: PairedTests.mcnemar(labels: pa.labels, first: pa.predicted, second: pb.predicted))
    }
}

/// A run's `predictions.csv`: true and predicted class per test image.
struct Predictions {
    let labels: [Int], predicted: [Int]
    let probabilities: [[Float]]

    static func read(_ directory: String) throws -> Predictions {
        let path = directory + "/predictions.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IOFailure(path: path, "missing: the run has not finished (`workbench train --resume \(directory)` finishes it)")
        }
        let csv = try CSV(parsing: text, path: path)
        let header = csv.header
        guard header.count >= 4, header[0] == "index", header[1] == "true", header[2] == "predicted", header.dropFirst(3).allSatisfy({ $0.hasPrefix("p_") }) else {
            throw IOFailure(path: path, "unexpected header '\(CSV.line(header))'; expected index,true,predicted,p_<class>...")
        }
        let classes = header.dropFirst(3).map { String($0.dropFirst(2)) }
        var labels: [Int] = [], predicted: [Int] = [], probabilities: [[Float]] = []
        for row in csv.rows {
            let f = row.fields
            let p = f.dropFirst(3).compactMap(Float.init)
            guard Int(f[0]) == labels.count, let t = classes.firstIndex(of: f[1]), let q = classes.firstIndex(of: f[2]), p.count == classes.count else {
                throw IOFailure(path: path, "line \(row.line) is not index,true,predicted,p_<class>... (index \(labels.count), class names of the header, \(classes.count) probabilities): '\(CSV.line(f))'")
            }
            labels.append(t)
            predicted.append(q)
            probabilities.append(p)
        }
        return Predictions(labels: labels, predicted: predicted, probabilities: probabilities)
    }
}
