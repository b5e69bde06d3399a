import Foundation

/// One row of a run's metrics.csv: epoch,phase,loss,accuracy,lr,dropout.
public struct MetricsRow: Equatable, Sendable {
    public let epoch: Int
    /// "train" or "val".
    public let phase: String
    public let loss: Double, accuracy: Double, lr: Double, dropout: Double

    static let header = ["epoch", "phase", "loss", "accuracy", "lr", "dropout"]

    public init(epoch: Int, phase: String, loss: Double, accuracy: Double, lr: Double, dropout: Double) {
        (self.epoch, self.phase, self.loss, self.accuracy, self.lr, self.dropout) = (epoch, phase, loss, accuracy, lr, dropout)
    }

    /// The fields of one row as written; nil when they are not a metrics row.
    init?(fields f: [String]) {
        guard f.count == Self.header.count, let epoch = Int(f[0]), epoch >= 1, ["train", "val"].contains(f[1]),
              let loss = Double(f[2]), let acc = Double(f[3]), let lr = Double(f[4]), let d = Double(f[5]) else { return nil }
        self.init(epoch: epoch, phase: f[1], loss: loss, accuracy: acc, lr: lr, dropout: d)
    }

    /// The rows of a metrics.csv file's text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> [MetricsRow] {
        try validRows(text, path: path).compactMap { MetricsRow(fields: $0.fields) }
    }

    /// The rows' fields, each checked to be a metrics row.
    static func validRows(_ text: String, path: String) throws -> [(epoch: Int, fields: [String])] {
        try CSV(parsing: text, path: path, expected: header).rows.map { r in
            guard let row = MetricsRow(fields: r.fields) else {
                throw IOFailure(path: path, "line \(r.line) is not epoch,phase,loss,accuracy,lr,dropout (a whole epoch >= 1, train or val, four numbers): '\(CSV.line(r.fields))'")
            }
            return (row.epoch, r.fields)
        }
    }
}
