import Experiments
import Foundation

/// What a run's record holds for TensorBoard, read from its files as they are
/// now: metrics.csv, timings.csv, events.log and summary.json. A file not
/// written yet (a run that just started) reads as empty; a malformed one throws
/// naming it.
struct TensorBoardRecord {
    struct Line { let time: Date?, text: String }

    let metrics: [MetricsRow]
    /// Training seconds per epoch, for the metrics' wall times.
    let seconds: [Int: Double]
    let events: [Line]
    let summary: RunSummary?

    init(run directory: String) throws {
        func text(_ name: String) throws -> String? {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            guard let t = try? String(contentsOfFile: path, encoding: .utf8) else { throw IOFailure(path: path, "cannot be read (or is not UTF-8)") }
            return t
        }
        guard FileManager.default.fileExists(atPath: directory + "/config.yaml") else {
            throw IOFailure(path: directory, "is not a run folder (no config.yaml)")
        }
        metrics = try text("metrics.csv").map { try MetricsRow.parse($0, path: directory + "/metrics.csv") } ?? []
        var seconds: [Int: Double] = [:]
        if let t = try text("timings.csv") {
            for row in try CSV(parsing: t, path: directory + "/timings.csv", expected: ["epoch", "seconds", "images_per_second"]).rows {
                if let e = Int(row.fields[0]), let s = Double(row.fields[1]), s.isFinite, s >= 0 { seconds[e] = s }
            }
        }
        self.seconds = seconds
        let iso = ISO8601DateFormatter()
        events = (try text("events.log") ?? "").split(separator: "\n").map { line in
            let time = line.split(separator: " ", maxSplits: 1).first.flatMap { iso.date(from: String($0)) }
            return Line(time: time, text: time == nil ? String(line) : String(line.drop { $0 != " " }.dropFirst()))
        }
        summary = FileManager.default.fileExists(atPath: directory + "/summary.json") ? try RunRecord.readSummary(directory) : nil
    }

    /// When the run was created (its first event), if it says.
    var start: Date? { events.first?.time }

    /// Approximate wall time at the end of `epoch`: the start plus the training
    /// seconds of the epochs up to it (timings.csv; pauses and validation not counted).
    func endOfEpoch(_ epoch: Int, fallback: Date) -> Date {
        guard let start else { return fallback }
        return start.addingTimeInterval((1...max(epoch, 1)).reduce(0) { $0 + (seconds[$1] ?? 0) })
    }
}
