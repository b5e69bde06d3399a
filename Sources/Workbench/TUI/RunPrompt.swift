import Experiments

/// The one-line prompt at the bottom of the runs table: a name, tags to add
/// or remove, or a note for one run, typed like the filter. Enter checks the
/// words as `RunAnnotations` would (a refusal keeps the prompt open, with the
/// reason); the loop then writes them.
struct RunPrompt: Equatable {
    enum Kind: String, Equatable { case name, tag, untag, note }

    /// What the prompt refuses before `RunAnnotations` sees it: nothing typed, a tag the run lacks.
    struct Refused: Error, CustomStringConvertible { let description: String }

    let kind: Kind
    let runID: String
    var text: String

    /// A name or note starts from the run's own, to edit; tags start empty.
    init(_ kind: Kind, for run: RunListing) {
        self.kind = kind
        runID = run.id
        switch kind {
        case .name: text = run.annotations.name ?? ""
        case .note: text = run.annotations.note ?? ""
        case .tag, .untag: text = ""
        }
    }

    var label: String {
        switch kind {
        case .name: return "name (empty: none)"
        case .tag: return "tags to add (words)"
        case .untag: return "tags to remove (words)"
        case .note: return "note (empty: none)"
        }
    }

    /// What Enter did, before the run's id.
    var done: String {
        switch kind {
        case .name: return "name set for"
        case .tag: return "tags added to"
        case .untag: return "tags removed from"
        case .note: return "note set for"
        }
    }

    /// Tags are typed as words, split at spaces or commas.
    private var words: [String] { text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }

    /// The change Enter makes, as `RunAnnotations.update` applies it.
    func apply(to a: inout RunAnnotations) throws {
        switch kind {
        case .name: try a.setName(text)
        case .note: try a.setNote(text)
        case .tag:
            guard !words.isEmpty else { throw Refused(description: "type a tag, or Esc") }
            try a.addTags(words)
        case .untag:
            let absent = words.filter { !a.tags.contains($0) }
            guard absent.isEmpty, !words.isEmpty else {
                throw Refused(description: words.isEmpty ? "type a tag, or Esc" : "no tag '\(absent[0])' on this run" + (a.tags.isEmpty ? "" : " (it has \(a.tags.joined(separator: " ")))"))
            }
            a.removeTags(words)
        }
    }
}
