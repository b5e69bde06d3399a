import Foundation

/// A person's words about a run: a name, tags and a note, kept in the run
/// folder's own `annotations.json`. The training writer never reads or writes
/// that file and annotating never touches the writer's files (config, metrics,
/// events, checkpoint, summary, lock), so a run can be annotated while it
/// trains, with no writer lock. Two annotators at once are serialised by an
/// flock on the run folder itself (the update is a read, change, write), and
/// the file is replaced atomically, so readers see the old words or the new.
public struct RunAnnotations: Codable, Equatable, Sendable {
    public private(set) var name: String?
    /// Sorted, each once.
    public private(set) var tags: [String] = []
    public private(set) var note: String?

    public init() {}

    public var isEmpty: Bool { name == nil && tags.isEmpty && note == nil }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    static let fileName = "annotations.json"
    static let maximumNameLength = 80, maximumTagLength = 32, maximumTags = 32, maximumNoteLength = 4000
    /// Far above what the limits allow: a larger file is not ours.
    static let maximumFileBytes = 64 * 1024

    enum CodingKeys: String, CodingKey, CaseIterable { case name, tags, note }

    /// A file edited by hand is checked as strictly as a command's arguments:
    /// whatever it says reaches the terminal.
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try setName(c.decodeIfPresent(String.self, forKey: .name) ?? "")
        try addTags(c.decodeIfPresent([String].self, forKey: .tags) ?? [])
        try setNote(c.decodeIfPresent(String.self, forKey: .note) ?? "")
    }

    // MARK: Changes (each validates; an empty name or note clears it)

    /// At most 80 characters, surrounding white space dropped, no control characters.
    public mutating func setName(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.check(trimmed, "name", maximum: Self.maximumNameLength, allowing: [])
        name = trimmed.isEmpty ? nil : trimmed
    }

    /// Tags are single words (no white space, commas or control characters), at most 32 characters, 32 per run.
    public mutating func addTags(_ new: [String]) throws {
        for tag in new {
            guard !tag.isEmpty else { throw Invalid(description: "a tag cannot be empty") }
            try Self.check(tag, "tag", maximum: Self.maximumTagLength, allowing: [])
            if let bad = tag.unicodeScalars.first(where: { $0.properties.isWhitespace || $0 == "," }) {
                throw Invalid(description: "tag '\(tag)' contains \(bad == "," ? "a comma" : "white space"); a tag is one word")
            }
        }
        let all = Set(tags + new).sorted()
        guard all.count <= Self.maximumTags else { throw Invalid(description: "a run has at most \(Self.maximumTags) tags; this would make \(all.count)") }
        tags = all
    }

    public mutating func removeTags(_ old: [String]) { tags.removeAll { old.contains($0) } }

    /// At most 4000 characters; line breaks and tabs are kept, other control characters refused.
    public mutating func setNote(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.check(trimmed, "note", maximum: Self.maximumNoteLength, allowing: ["\n", "\t"])
        note = trimmed.isEmpty ? nil : trimmed
    }

    private static func check(_ text: String, _ what: String, maximum: Int, allowing: Set<Unicode.Scalar>) throws {
        guard text.count <= maximum else { throw Invalid(description: "the \(what) is \(text.count) characters long; at most \(maximum) are allowed") }
        // Control and format characters (escape sequences, bidi overrides) would reach the terminal.
        let refused: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator]
        if let bad = text.unicodeScalars.first(where: { refused.contains($0.properties.generalCategory) && !allowing.contains($0) }) {
            throw Invalid(description: "the \(what) contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); use printable text")
        }
    }

    // MARK: The file

    static func path(in directory: String) -> String { directory + "/" + fileName }

    /// The run's annotations; none when the file does not exist.
    public static func read(_ directory: String) throws -> RunAnnotations {
        let path = path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return RunAnnotations() }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int,
              let data = size <= maximumFileBytes ? FileManager.default.contents(atPath: path) : nil else {
            throw IOFailure(path: path, "cannot be read, or is larger than the \(maximumFileBytes) bytes an annotations file can be")
        }
        do {
            return try JSONDecoder().decode(RunAnnotations.self, from: data)
        } catch let e as Invalid {
            throw IOFailure(path: path, e.description)
        } catch let p as KeyProblem {
            throw IOFailure(path: path, "key '\(p.key)': \(p.problem)")
        } catch {
            throw IOFailure(path: path, "not an annotations file ({\"name\": ..., \"tags\": [...], \"note\": ...}): \(error.localizedDescription)")
        }
    }

    /// Reads, changes and writes back the annotations of the run in `directory`,
    /// under the folder's flock; returns them as written. Refuses a folder that
    /// holds no run.
    @discardableResult
    public static func update(_ directory: String, _ change: (inout RunAnnotations) throws -> Void) throws -> RunAnnotations {
        guard FileManager.default.fileExists(atPath: directory + "/config.yaml") else {
            throw IOFailure(path: directory, "is not a run folder (no config.yaml)")
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IOFailure(path: directory, "cannot open the run folder (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw IOFailure(path: directory, "cannot lock the run folder (\(String(cString: strerror(errno))))") }
        var a = try read(directory)
        try change(&a)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(e.encode(a), to: path(in: directory))
        return a
    }
}
