import Foundation

/// The files a run leaves in `runs/<id>/` (see DESIGN.md). Every file is
/// rewritten atomically; `metrics.csv` holds only what the seed determines,
/// so a re-run with the same seed and thread count is byte-identical.
public final class RunRecord {
    public let directory: String
    public var id: String { (directory as NSString).lastPathComponent }
    /// Fields of metrics.csv and timings.csv rows as written (kept as text so a
    /// rewrite after resume is byte-identical).
    private(set) var metricsRows: [[String]] = []
    private var timingRows: [[String]] = []

    var metrics: [MetricsRow] { metricsRows.compactMap(MetricsRow.init(fields:)) }

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

    /// A new run folder under `root`, named by time and preset (made safe as a
    /// file name, so the folder is always directly inside `root`). mkdir, not
    /// an existence check, picks the name, so two processes never share one.
    public static func create(root: String, preset: String, date: Date = Date()) throws -> RunRecord {
        let base = "\(root)/\(timestamp(date))-\(FileName.component(preset))"
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: root, "cannot create the runs folder (\(error.localizedDescription))")
        }
        var dir = base
        for n in 2... {
            if mkdir(dir, 0o755) == 0 { break }
            guard errno == EEXIST else { throw IOFailure(path: dir, "cannot create the run folder (\(String(cString: strerror(errno))))") }
            dir = "\(base)-\(n)"
        }
        return RunRecord(directory: dir)
    }

    /// An existing run, its metrics and timings kept up to `epochsCompleted`
    /// (rows of an epoch the checkpoint does not hold are dropped, to be redone).
    /// Refuses files whose rows are malformed or do not cover epochs 1...epochsCompleted.
    public static func reopen(_ directory: String, keepingEpochs epochsCompleted: Int) throws -> RunRecord {
        let r = RunRecord(directory: directory)
        func kept(_ path: String, _ rows: (String, String) throws -> [(epoch: Int, fields: [String])], perEpoch phases: Int) throws -> [[String]] {
            let all: [(epoch: Int, fields: [String])]
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                all = try rows(text, path)
            } else if FileManager.default.fileExists(atPath: path) {
                throw IOFailure(path: path, "exists but cannot be read (or is not UTF-8)")
            } else {
                all = []
            }
            let keep = all.filter { $0.epoch <= epochsCompleted }
            let expected = epochsCompleted > 0 ? (1...epochsCompleted).flatMap { Array(repeating: $0, count: phases) } : []
            guard keep.map(\.epoch) == expected else {
                let recorded = Set(all.map(\.epoch)).sorted().map(String.init).joined(separator: ", ")
                throw IOFailure(path: path, "records epochs [\(recorded)] (\(phases) row(s) each expected), but the checkpoint holds \(epochsCompleted) completed epoch(s): the run's files disagree")
            }
            return keep.map(\.fields)
        }
        r.metricsRows = try kept(r.metricsPath, MetricsRow.validRows, perEpoch: 2)
        r.timingRows = try kept(r.timingsPath, TimingRow.validRows, perEpoch: 1)
        return r
    }

    private init(directory: String) { self.directory = directory }

    /// UTC, with no characters a file name should not have.
    public static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    public func writeConfig(_ yaml: String) throws { try AtomicFile.write(yaml, to: configPath) }

    func appendMetrics(epoch: Int, phase: String, loss: Float, accuracy: Float, lr: Float, dropout: Float) {
        metricsRows.append(["\(epoch)", phase, fixed(loss), fixed(accuracy), "\(lr)", "\(dropout)"])
    }

    func appendTiming(epoch: Int, seconds: Double, imagesPerSecond: Double) {
        timingRows.append(["\(epoch)", String(format: "%.3f", seconds), String(format: "%.1f", imagesPerSecond)])
    }

    func flushMetrics() throws {
        try AtomicFile.write(CSV.text(header: MetricsRow.header, rows: metricsRows), to: metricsPath)
        try AtomicFile.write(CSV.text(header: TimingRow.header, rows: timingRows), to: timingsPath)
    }

    /// events.log is append-only: interactive changes and lifecycle, with wall
    /// time. A failed append (a full disk) throws; the lines before it stay.
    func logEvent(_ text: String) throws {
        let line = Data("\(ISO8601DateFormatter().string(from: Date())) \(text)\n".utf8)
        func failure() -> IOFailure { IOFailure(path: eventsPath, "cannot append to the run's event log (\(String(cString: strerror(errno))))") }
        let fd = open(eventsPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw failure() }
        let written = line.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        let error = written ? nil : failure()
        guard close(fd) == 0, error == nil else { throw error ?? failure() }
    }

    func writePredictions(labels: [Int], probabilities: [[Float]], classNames: [String], to path: String) throws {
        let header = ["index", "true", "predicted"] + classNames.map { "p_\($0)" }
        let rows = zip(labels, probabilities).enumerated().map { i, row -> [String] in
            let (label, p) = row
            let predicted = p.indices.max { p[$0] < p[$1] } ?? 0
            return ["\(i)", classNames[label], classNames[predicted]] + p.map(fixed)
        }
        try AtomicFile.write(CSV.text(header: header, rows: rows), to: path)
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
        let rates = timingRows.compactMap(TimingRow.init(fields:)).map(\.imagesPerSecond)
        return rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
    }

    private func fixed(_ v: Float) -> String { String(format: "%.6f", v) }
}
