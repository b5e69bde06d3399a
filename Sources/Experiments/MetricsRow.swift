import Foundation

/// One row of a run's metrics.csv: epoch,phase,loss,accuracy,lr,dropout.
public struct MetricsRow: Equatable, Sendable {
    public let epoch: Int
    /// "train" or "val".
    public let phase: String
    public let loss: Double, accuracy: Double, lr: Double, dropout: Double

    /// The rows of a metrics.csv file's text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> [MetricsRow] {
        let lines = text.split(separator: "\n")
        guard lines.first.map(String.init) == RunRecord.metricsHeader else {
            throw IOFailure(path: path, "unexpected header '\(lines.first ?? "")', expected '\(RunRecord.metricsHeader)'")
        }
        return try lines.dropFirst().enumerated().map { n, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 6, let epoch = Int(f[0]), let loss = Double(f[2]), let acc = Double(f[3]), let lr = Double(f[4]), let d = Double(f[5]) else {
                throw IOFailure(path: path, "line \(n + 2) is not epoch,phase,loss,accuracy,lr,dropout: '\(line)'")
            }
            return MetricsRow(epoch: epoch, phase: String(f[1]), loss: loss, accuracy: acc, lr: lr, dropout: d)
        }
    }

    /// Per epoch, the validation figures and the rate it trained at, from
    /// metrics.csv rows (without header) as a run keeps them.
    static func epochs(_ rows: [String]) -> [(epoch: Int, validationLoss: Double, validationAccuracy: Double, lr: Float)] {
        guard let parsed = try? parse(([RunRecord.metricsHeader] + rows).joined(separator: "\n"), path: "metrics.csv") else { return [] }
        return parsed.filter { $0.phase == "val" }.map { ($0.epoch, $0.loss, $0.accuracy, Float($0.lr)) }
    }
}
