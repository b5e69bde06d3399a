import Experiments

/// A y/N question naming the run, before it is archived, restored or deleted.
struct RunConfirmation {
    enum Action: String { case archive, restore, delete }

    let action: Action
    let run: RunListing

    var question: String {
        let name = run.annotations.name.map { "\(run.id) (\"\($0)\")" } ?? run.id
        switch action {
        case .archive: return "Archive \(name)? It moves to archive/. y / N"
        case .restore: return "Restore \(name) from archive/? y / N"
        case .delete: return "Delete \(name) and every file of it? y / N"
        }
    }
}
