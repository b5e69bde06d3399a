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
    /// The live changes and lr decays events.log records, in order.
    public private(set) var changes: [RunChange] = []
    /// The process writing the folder now (this one included), from its lock.
    public private(set) var writer: RunLock.Holder? = nil
    /// Name, tags and note a person gave the run (`workbench runs name|tag|note`).
    public private(set) var annotations = RunAnnotations()
    /// Why annotations.json could not be read: the run is listed without them.
    public private(set) var annotationsProblem: String? = nil
    /// In `<out>/archive/` (listed only when asked for).
    public private(set) var isArchived = false

    public var id: String { (directory as NSString).lastPathComponent }
    public var config: ExperimentConfig { manifest.config }

    /// Training while a process holds its lock to train it (or has not yet
    /// said why); a run recorded as training that nobody holds was killed
    /// mid-epoch: stopped, resumable.
    public var state: RunSummary.State {
        if let writer, writer.purpose != .evaluating, writer.purpose != .moving { return .training }
        let recorded = summary?.state ?? .training
        return recorded == .training ? .stopped : recorded
    }

    /// The config with the last lr and dropout set live, if any: the settings as
    /// the user left them, which the runs table shows and `n` starts from.
    public var tunedConfig: ExperimentConfig {
        var c = config
        for change in changes {
            guard let (name, value) = change.liveSetting else { continue }
            if name == "lr" { c.optimizer.lr = value } else { c.dropout = value }
        }
        return c
    }

    public var isTunedLive: Bool { changes.contains { $0.liveSetting != nil } }

    /// What the runs table's `/` filter looks in, lower-cased: id, preset,
    /// network, optimizer, state, and the name, tags and note.
    public var filterText: String {
        let c = tunedConfig, a = annotations
        return ([id, c.preset, c.network.rawValue, c.optimizer.kind.rawValue, state.rawValue, a.name ?? "", a.note ?? ""] + a.tags)
            .joined(separator: " ").lowercased()
    }
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
        let events = (try? String(contentsOfFile: directory + "/events.log", encoding: .utf8)) ?? ""
        var listing = RunListing(directory: directory, manifest: manifest, summary: summary, metrics: metrics, seconds: seconds,
                                 changes: RunChange.recorded(inEventsLog: events), writer: RunLock.holder(of: directory))
        do {
            listing.annotations = try RunAnnotations.read(directory)
        } catch {
            listing.annotationsProblem = "\(error)"
        }
        return listing
    }

    /// Every run folder under `root`, newest first, and a line per folder that
    /// could not be read (which file, what is wrong); a run whose annotations
    /// cannot be read is listed without them, and the problem named. Archived
    /// runs (`root/archive/`) follow when asked for. Hidden folders (a delete
    /// under way) are never runs.
    public static func scan(_ root: String, includingArchived: Bool = false) -> (runs: [RunListing], problems: [String]) {
        var (runs, problems) = scanFolder(root)
        if includingArchived {
            let archived = scanFolder(root + "/" + RunArchive.folderName)
            runs += archived.runs.map { var r = $0; r.isArchived = true; return r }
            problems += archived.problems
        }
        return (runs, problems)
    }

    private static func scanFolder(_ root: String) -> (runs: [RunListing], problems: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted(by: >)
        var runs: [RunListing] = [], problems: [String] = []
        for name in names where !name.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(root)/\(name)/config.yaml") {
            do {
                let run = try load("\(root)/\(name)")
                runs.append(run)
                if let p = run.annotationsProblem { problems.append(p + " (the run is listed without its name, tags and note)") }
            } catch {
                problems.append("\(error)")
            }
        }
        return (runs, problems)
    }
}
