import Charts
import Experiments

/// What the errors screen shows: which split, which filters, which image is
/// selected, how thumbnails are drawn. Keys change it; the screen renders it.
/// The selection is an image, not a position: the list is re-ranked every
/// epoch, and the selected or enlarged image stays the one the user chose.
struct ErrorBrowser {
    enum Split { case validation, test }

    /// The split chosen with `v`; nil: the test set's errors once the run has
    /// them (when it finishes), until then the validation set's.
    var split: Split?
    /// Filters: true class and predicted class (nil: any).
    var label: Int?, predicted: Int?
    var mode: Thumbnail.Mode
    /// The selected image: its split and its index in that split's images.
    private(set) var selectedImage: (split: String, index: Int)?
    /// Its last position in the list, where the selection falls back to once
    /// the image is no longer wrong (or no image was chosen yet).
    private(set) var position = 0
    /// The enlarged image as it was when enlarged, with the set it came from.
    private(set) var enlarged: (item: Misclassifications.Item, errors: Misclassifications)?

    init(mode: Thumbnail.Mode) { self.mode = mode }

    func shownSplit(in s: Session.Snapshot) -> Split { split ?? (s.testErrors != nil ? .test : .validation) }

    /// The set to show: the chosen split's errors, else the other's.
    func errors(in s: Session.Snapshot) -> Misclassifications? {
        shownSplit(in: s) == .test ? (s.testErrors ?? s.validationErrors) : (s.validationErrors ?? s.testErrors)
    }

    func items(in s: Session.Snapshot) -> [Misclassifications.Item] {
        errors(in: s)?.filtered(label: label, predicted: predicted) ?? []
    }

    /// Where the selected image is in `items` of `errors`; if it is not there, its last position, clamped.
    func selection(in items: [Misclassifications.Item], of errors: Misclassifications) -> Int {
        if let chosen = selectedImage, chosen.split == errors.split, let i = items.firstIndex(where: { $0.index == chosen.index }) { return i }
        return min(position, max(items.count - 1, 0))
    }

    /// Moves the selection by `step` items (a row is `columns` items, a page `perPage`), clamped to the list.
    mutating func move(by step: Int, in s: Session.Snapshot) {
        guard let errors = errors(in: s) else { return }
        let items = errors.filtered(label: label, predicted: predicted)
        position = min(max(selection(in: items, of: errors) + step, 0), max(items.count - 1, 0))
        selectedImage = items.isEmpty ? nil : (errors.split, items[position].index)
    }

    /// A new list (other split, filters or run): from its first image.
    mutating func resetSelection() {
        selectedImage = nil
        position = 0
        enlarged = nil
    }

    /// Enlarges the selected image, or returns to the page.
    mutating func toggleEnlarged(in s: Session.Snapshot) {
        if enlarged != nil {
            enlarged = nil
            return
        }
        guard let errors = errors(in: s) else { return }
        let items = errors.filtered(label: label, predicted: predicted)
        guard !items.isEmpty else { return }
        let i = selection(in: items, of: errors)
        (position, selectedImage, enlarged) = (i, (errors.split, items[i].index), (items[i], errors))
    }

    /// The enlarged image in the latest errors if it is still wrong there, else as when enlarged (`current` false).
    func enlargedItem(in latest: Misclassifications) -> (item: Misclassifications.Item, errors: Misclassifications, current: Bool)? {
        guard let (item, seen) = enlarged else { return nil }
        if latest.split == seen.split, let now = latest.items.first(where: { $0.index == item.index }) { return (now, latest, true) }
        return (item, seen, false)
    }

    /// Cycles a class filter: any -> class 0 -> ... -> last class -> any.
    static func cycle(_ filter: Int?, classes: Int) -> Int? {
        guard let f = filter else { return classes > 0 ? 0 : nil }
        return f + 1 < classes ? f + 1 : nil
    }

    static func describe(_ filter: Int?, _ names: [String]) -> String {
        filter.map { names[$0] } ?? "any"
    }
}
