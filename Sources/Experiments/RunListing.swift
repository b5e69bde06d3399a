import Foundation

/// What the runs table knows of one run folder, read from its files: made by
/// this process, a headless `workbench train` or another workbench.
public struct RunListing: Sendable {
    public let directory: String
    public let manifest: RunManifest
    /// Nil until the first epoch ends.
    public let summary: RunSummary?
    public let metrics: [MetricsRow]
    /// Training time summed over the recorded epochs.
    public let seconds: Double

    public var id: String { (directory as NSString).lastPathComponent }
    public var config: ExperimentConfig { manifest.config }
    public var state: RunSummary.State { summary?.state ?? .training }
    public var epochsCompleted: Int { summary?.epochsCompleted ?? 0 }

    public func series(_ phase: String, _ value: KeyPath<MetricsRow, Double>) -> [(x: Double, y: Double)] {
        metrics.filter { $0.phase == phase }.map { (Double($0.epoch), $0[keyPath: value]) }
    }

    public static func load(_ directory: String) throws -> RunListing {
        let manifest = try ConfigLoader.loadManifest(directory + "/config.yaml")
        let summary = try? RunRecord.readSummary(directory)
        let metricsPath = directory + "/metrics.csv"
        let metrics = try (try? String(contentsOfFile: metricsPath, encoding: .utf8)).map { try MetricsRow.parse($0, path: metricsPath) } ?? []
        let timingsPath = directory + "/timings.csv"
        let timings = try (try? String(contentsOfFile: timingsPath, encoding: .utf8)).map { try TimingRow.validRows($0, path: timingsPath) } ?? []
        let seconds = timings.compactMap { TimingRow(fields: $0.fields)?.seconds }.reduce(0, +)
        return RunListing(directory: directory, manifest: manifest, summary: summary, metrics: metrics, seconds: seconds)
    }

    /// Every run folder under `root`, newest first, and a line per folder that
    /// could not be read (which file, what is wrong).
    public static func scan(_ root: String) -> (runs: [RunListing], problems: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted(by: >)
        var runs: [RunListing] = [], problems: [String] = []
        for name in names where FileManager.default.fileExists(atPath: "\(root)/\(name)/config.yaml") {
            do {
                runs.append(try load("\(root)/\(name)"))
            } catch {
                problems.append("\(error)")
            }
        }
        return (runs, problems)
    }
}
