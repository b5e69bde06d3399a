import Foundation

/// One trial of a search: its values, its run folder and how far it got.
public struct SearchTrial: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// Training now (or, read back after a kill, interrupted in `job`).
        case training
        /// Between jobs: waiting for the scheduler's next decision.
        case waiting
        /// Ended early by the scheduler (ASHA did not promote it); `note` says where.
        case stopped
        case done, diverged
    }

    public let index: Int
    /// The searched values it trains with now (PBT changes them as it explores).
    public var settings: [SearchSetting]
    /// Its run folder's name, inside the search folder; nil until created.
    public var run: String?
    public var state: State
    public var epochs: Int
    /// Validation accuracy after each epoch, as its metrics.csv holds them.
    public var validationAccuracy: [Double]
    /// The job it trains (or was training when interrupted).
    public var job: TrialJob?
    public var note: String?

    public init(index: Int, settings: [SearchSetting]) {
        self.index = index
        self.settings = settings
        state = .waiting
        epochs = 0
        validationAccuracy = []
    }

    /// Validation accuracy after `epoch` (1-based), if it got there.
    public func accuracy(atEpoch epoch: Int) -> Double? {
        epoch >= 1 && epoch <= validationAccuracy.count ? validationAccuracy[epoch - 1] : nil
    }

    public var bestValidation: (accuracy: Double, epoch: Int)? {
        validationAccuracy.enumerated().max { $0.element < $1.element || ($0.element == $1.element && $0.offset > $1.offset) }
            .map { ($0.element, $0.offset + 1) }
    }

    public var isFinal: Bool { state == .stopped || state == .done || state == .diverged }

    /// The leaderboard's order: best validation accuracy first, ties to the earlier
    /// trial; trials without a validation epoch have no place.
    public static func ranked(_ trials: [SearchTrial]) -> [SearchTrial] {
        trials.filter { $0.bestValidation != nil }.sorted { a, b in
            let (x, y) = (a.bestValidation?.accuracy ?? 0, b.bestValidation?.accuracy ?? 0)
            return x != y ? x > y : a.index < b.index
        }
    }
}

/// A piece of training the scheduler hands out: train `trial` until `untilEpoch`.
public struct TrialJob: Codable, Equatable, Sendable {
    public let trial: Int
    public let untilEpoch: Int
    /// Why it stops there ("asha rung 1 of 3"), logged in the run's events.log.
    public let reason: String
    /// PBT's explore step: values set as live changes before the first batch.
    public var changes: [SearchSetting] = []
}

/// PBT's exploit and explore of one member at one generation.
public struct LineageEntry: Codable, Equatable, Sendable {
    public let generation: Int, epoch: Int
    public let member: Int, donor: Int
    public let memberAccuracy: Double?, donorAccuracy: Double
    /// The donor's values and the member's new (perturbed) ones.
    public let from: [SearchSetting], to: [SearchSetting]
    /// Set once the donor's checkpoint has been copied into the member.
    public var applied = false
}

/// Everything a search needs to go on after an interruption; search.json.
public struct SearchState: Codable, Equatable, Sendable {
    public var trials: [SearchTrial] = []
    public var lineage: [LineageEntry] = []
    /// PBT: generations whose exploit/explore has been decided.
    public var generation = 0
    public var finished = false
    /// `--trials N` given when the search started, over the spec's `trials`.
    public var trialsAsked: Int?

    public init() {}

    public static func load(_ path: String) throws -> SearchState {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(path: path, "missing: not a search folder, or the search never started") }
        do {
            let state = try JSONDecoder().decode(SearchState.self, from: data)
            for (i, t) in state.trials.enumerated() where t.index != i {
                throw IOFailure(path: path, "trial \(i) is stored as trial \(t.index): the file was edited or damaged")
            }
            return state
        } catch let e as IOFailure {
            throw e
        } catch {
            throw IOFailure(path: path, "is not a search state (\(error))")
        }
    }

    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: path)
    }
}
