import Dataset
import Foundation

/// The outcome of `workbench compare --5x2cv A B`: per replication and fold the
/// two presets' accuracies on the held-out half, the ten run ids of each, the
/// data profile they trained on, and Dietterich's statistic. Saved as JSON
/// beside the runs it came from; one record holds one profile.
public struct FiveByTwoRecord: Codable, Equatable, Sendable {
    public let first: String, second: String
    /// Nil in a record from before the profile was kept: read as `report`, and said so.
    public let profile: Profile?
    /// [replication][fold] held-out accuracy.
    public let firstAccuracies: [[Double]], secondAccuracies: [[Double]]
    public let firstRuns: [String], secondRuns: [String]
    public let t: Double, pValue: Double

    enum CodingKeys: String, CodingKey {
        case first, second, t, profile
        case firstAccuracies = "first_accuracies", secondAccuracies = "second_accuracies"
        case firstRuns = "first_runs", secondRuns = "second_runs", pValue = "p_value"
    }

    public init(first: String, second: String, profile: Profile, firstAccuracies: [[Double]], secondAccuracies: [[Double]], firstRuns: [String], secondRuns: [String]) {
        self.first = first
        self.second = second
        self.profile = profile
        self.firstAccuracies = firstAccuracies
        self.secondAccuracies = secondAccuracies
        self.firstRuns = firstRuns
        self.secondRuns = secondRuns
        let differences = zip(firstAccuracies, secondAccuracies).map { a, b in zip(a, b).map { $0 - $1 } }
        let test = PairedTests.fiveByTwo(differences)
        (t, pValue) = (test.t, test.pValue)
    }

    /// The profile its runs trained on, as far as the record tells.
    public var dataProfile: Profile { profile ?? .report }

    public var profileText: String {
        profile.map { "data profile \($0.rawValue)" } ?? "data profile \(dataProfile.rawValue) (not recorded: a record from before profiles were kept)"
    }

    /// Refuses to extend or reuse this record (at `path`) for runs on another profile.
    public func require(_ wanted: Profile, path: String) throws {
        guard wanted != dataProfile else { return }
        throw IOFailure(path: path, "records the 5x2cv test on \(profileText), not \(wanted.rawValue), and one record does not mix profiles: "
                        + "compare with --profile \(dataProfile.rawValue), or move the record aside (or use another --out) to test on \(wanted.rawValue)")
    }

    /// The verdict in words, at the 5 % level.
    public var verdict: String {
        let meanA = firstAccuracies.joined().reduce(0, +) / 10, meanB = secondAccuracies.joined().reduce(0, +) / 10
        let lead = String(format: "%@ %.4f against %@ %.4f mean held-out accuracy over the ten folds; t = %.3f with 5 degrees of freedom, p = %.3g: ",
                          first, meanA, second, meanB, t, pValue)
        return lead + (pValue < 0.05 ? "the difference is significant at the 5 % level (\(meanA > meanB ? first : second) is better)"
                                     : "no significant difference at the 5 % level")
    }

    /// The folder of the twenty runs of `a` against `b`, and the record beside it.
    public static func folder(root: String, _ a: String, _ b: String) -> String { "\(root)/" + FileName.component("5x2cv-\(a)-vs-\(b)") }
    public static func path(root: String, _ a: String, _ b: String) -> String { folder(root: root, a, b) + ".json" }

    public func write(to path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(e.encode(self), to: path)
    }

    public static func read(_ path: String) throws -> FiveByTwoRecord? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(FiveByTwoRecord.self, from: d)
        } catch {
            throw IOFailure(path: path, "not a 5x2cv record (\(error))")
        }
    }
}
