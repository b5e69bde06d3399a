import Foundation

/// The files a run leaves in `runs/<id>/` (see DESIGN.md). Every file is
/// rewritten atomically; `metrics.csv` holds only what the seed determines,
/// so a re-run with the same seed and thread count is byte-identical.
public final class RunRecord {
    public let directory: String
    public var id: String { (directory as NSString).lastPathComponent }
    private(set) var metricsRows: [String] = []
    private var timingRows: [String] = []

    static let metricsHeader = "epoch,phase,loss,accuracy,lr,dropout"
    static let timingsHeader = "epoch,seconds,images_per_second"

    public var configPath: String { directory + "/config.yaml" }
    public var checkpointPath: String { directory + "/checkpoint.safetensors" }
    /// With early stopping: the best epoch so far, to be restored when it stops.
    public var bestCheckpointPath: String { directory + "/best.safetensors" }
    public var metricsPath: String { directory + "/metrics.csv" }
    public var summaryPath: String { directory + "/summary.json" }
    public var predictionsPath: String { directory + "/predictions.csv" }
    /// Where `workbench evaluate` puts its predictions, beside the run's own (a
    /// second evaluation in the same second gets a numbered name).
    func evaluationPredictionsPath(_ date: Date) -> String {
        let base = "\(directory)/predictions-evaluate-\(Self.timestamp(date))"
        var path = base + ".csv", n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(base)-\(n).csv"
            n += 1
        }
        return path
    }
    var timingsPath: String { directory + "/timings.csv" }
    public var eventsPath: String { directory + "/events.log" }

    /// A new run folder under `root`, named by time and preset.
    public static func create(root: String, preset: String, date: Date = Date()) throws -> RunRecord {
        var dir = "\(root)/\(timestamp(date))-\(preset)"
        var n = 2
        while FileManager.default.fileExists(atPath: dir) {
            dir = "\(root)/\(timestamp(date))-\(preset)-\(n)"
            n += 1
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: dir, "cannot create the run folder (\(error.localizedDescription))")
        }
        return RunRecord(directory: dir)
    }

    /// An existing run, its metrics and timings kept up to `epochsCompleted`
    /// (rows of an epoch the checkpoint does not hold are dropped, to be redone).
    public static func reopen(_ directory: String, keepingEpochs epochsCompleted: Int) throws -> RunRecord {
        let r = RunRecord(directory: directory)
        func rows(_ path: String, header: String) throws -> [String] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.first == header else { throw IOFailure(path: path, "unexpected header '\(lines.first ?? "")', expected '\(header)'") }
            return lines.dropFirst().filter { Int($0.split(separator: ",").first ?? "").map { $0 <= epochsCompleted } ?? false }
        }
        r.metricsRows = try rows(r.metricsPath, header: metricsHeader)
        r.timingRows = try rows(r.timingsPath, header: timingsHeader)
        return r
    }

    private init(directory: String) { self.directory = directory }

    /// UTC, with no characters a file name should not have.
    private static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    public func writeConfig(_ yaml: String) throws { try AtomicFile.write(yaml, to: configPath) }

    func appendMetrics(epoch: Int, phase: String, loss: Float, accuracy: Float, lr: Float, dropout: Float) {
        metricsRows.append("\(epoch),\(phase),\(fixed(loss)),\(fixed(accuracy)),\(lr),\(dropout)")
    }

    func appendTiming(epoch: Int, seconds: Double, imagesPerSecond: Double) {
        timingRows.append(String(format: "%d,%.3f,%.1f", epoch, seconds, imagesPerSecond))
    }

    func flushMetrics() throws {
        try AtomicFile.write(([Self.metricsHeader] + metricsRows).joined(separator: "\n") + "\n", to: metricsPath)
        try AtomicFile.write(([Self.timingsHeader] + timingRows).joined(separator: "\n") + "\n", to: timingsPath)
    }

    /// events.log is append-only: interactive changes and lifecycle, with wall time.
    func logEvent(_ text: String) {
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(text)\n"
        if let h = FileHandle(forWritingAtPath: eventsPath) {
            h.seekToEndOfFile()
            h.write(Data(line.utf8))
            h.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: eventsPath, contents: Data(line.utf8))
        }
    }

    func writePredictions(labels: [Int], probabilities: [[Float]], classNames: [String], to path: String) throws {
        var lines = ["index,true,predicted," + classNames.map { "p_\($0)" }.joined(separator: ",")]
        for (i, (label, p)) in zip(labels, probabilities).enumerated() {
            let predicted = p.indices.max { p[$0] < p[$1] } ?? 0
            lines.append("\(i),\(classNames[label]),\(classNames[predicted])," + p.map(fixed).joined(separator: ","))
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
    }

    public func writeSummary(_ s: RunSummary) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(e.encode(s), to: summaryPath)
    }

    public static func readSummary(_ directory: String) throws -> RunSummary {
        let path = directory + "/summary.json"
        guard let d = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "missing") }
        return try JSONDecoder().decode(RunSummary.self, from: d)
    }

    /// Mean training throughput over the recorded epochs.
    var meanImagesPerSecond: Double? {
        let rates = timingRows.compactMap { Double($0.split(separator: ",")[2]) }
        return rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
    }

    private func fixed(_ v: Float) -> String { String(format: "%.6f", v) }
}
