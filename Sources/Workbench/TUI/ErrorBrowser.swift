import Charts
import Experiments

/// What the errors screen shows: which split, which filters, which image is
/// selected, how thumbnails are drawn. Keys change it; the screen renders it.
struct ErrorBrowser {
    enum Split { case validation, test }

    var split = Split.validation
    /// Filters: true class and predicted class (nil: any).
    var label: Int?, predicted: Int?
    /// Position in the filtered list.
    var selected = 0
    var mode: Thumbnail.Mode
    var enlarged = false

    /// The set to show: the chosen split's errors, else the other's.
    func errors(in s: Session.Snapshot) -> Misclassifications? {
        split == .test ? (s.testErrors ?? s.validationErrors) : (s.validationErrors ?? s.testErrors)
    }

    func items(in s: Session.Snapshot) -> [Misclassifications.Item] {
        errors(in: s)?.filtered(label: label, predicted: predicted) ?? []
    }

    /// Moves the selection by `step` items (a row is `columns` items, a page `perPage`),
    /// clamped to the list.
    mutating func move(by step: Int, count: Int) {
        selected = min(max(selected + step, 0), max(count - 1, 0))
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
