import Foundation

/// A 95 % interval on a proportion or mean.
public struct Interval: Codable, Equatable, Sendable {
    public let low: Double, high: Double
}

public enum Statistics {
    /// Two-sided 95 % normal quantile.
    public static let z95 = 1.959963984540054

    /// Wilson score interval for k successes in n trials (Wilson 1927):
    /// (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). Unlike the
    /// normal approximation it stays inside [0, 1] and works near 0 and 1.
    public static func wilson(successes k: Int, trials n: Int, z: Double = z95) -> Interval {
        guard n > 0 else { return Interval(low: 0, high: 1) }
        let p = Double(k) / Double(n), nn = Double(n), z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return Interval(low: max(0, centre - half), high: min(1, centre + half))
    }
}

/// Counts of (true class, predicted class) and the per-class figures Keras'
/// classification reports give.
public struct ConfusionMatrix: Codable, Equatable, Sendable {
    public let classNames: [String]
    public private(set) var counts: [[Int]]   // [true][predicted]

    enum CodingKeys: String, CodingKey { case classNames = "class_names", counts }

    public init(classNames: [String]) {
        self.classNames = classNames
        counts = Array(repeating: Array(repeating: 0, count: classNames.count), count: classNames.count)
    }

    public init(classNames: [String], labels: [Int], predictions: [Int]) {
        self.init(classNames: classNames)
        for (t, p) in zip(labels, predictions) { counts[t][p] += 1 }
    }

    public var total: Int { counts.joined().reduce(0, +) }
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    public func precision(_ c: Int) -> Double {
        let predicted = counts.reduce(0) { $0 + $1[c] }
        return predicted == 0 ? 0 : Double(counts[c][c]) / Double(predicted)
    }

    public func recall(_ c: Int) -> Double {
        let actual = counts[c].reduce(0, +)
        return actual == 0 ? 0 : Double(counts[c][c]) / Double(actual)
    }

    public func f1(_ c: Int) -> Double {
        let (p, r) = (precision(c), recall(c))
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}

extension Array where Element == [Float] {
    /// Index of the largest probability in each row.
    public var argmaxes: [Int] {
        map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
    }
}
