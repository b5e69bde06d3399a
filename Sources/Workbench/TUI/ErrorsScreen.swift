import Charts
import Experiments
import Foundation

/// The misclassified images of the current run as a page of thumbnails, or
/// one of them enlarged with its top-3 probabilities.
enum ErrorsScreen {
    /// Tiles per row and rows of tiles that fit, and the thumbnail size in cells.
    struct Layout: Equatable {
        let columns: Int, rows: Int
        let thumbColumns: Int, thumbRows: Int
        var perPage: Int { columns * rows }
        var tileWidth: Int { thumbColumns + 2 }
        var tileHeight: Int { thumbRows + 3 }
    }

    static func layout(width: Int, height: Int) -> Layout {
        // Status, filter line and help line take three rows.
        let thumbRows = height >= 40 ? 8 : 6
        let l = Layout(columns: 1, rows: 1, thumbColumns: 2 * thumbRows, thumbRows: thumbRows)
        return Layout(columns: max(width / l.tileWidth, 1), rows: max((height - 3) / l.tileHeight, 1),
                      thumbColumns: l.thumbColumns, thumbRows: thumbRows)
    }

    /// `waiting` says why there is nothing yet (a recorded run's images loading, or failing to).
    static func render(_ s: Session.Snapshot, _ b: ErrorBrowser, waiting: String? = nil, readOnly: Bool = false,
                       width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.place(DashboardScreen.statusLine(s, width: width, readOnly: readOnly), x: 0, y: 0)
        grid.put(KeyTable.bar(.errors, state: s.state, width: width), x: 0, y: height - 1, style: .dim)
        guard let errors = b.errors(in: s) else {
            grid.put("errors", x: 0, y: 1, style: .title)
            grid.put(waiting ?? "no predictions yet: the misclassified validation images appear after the first epoch", x: 0, y: 3, style: .dim)
            return grid
        }
        let items = errors.filtered(label: b.label, predicted: b.predicted)
        let names = errors.classNames
        let layout = layout(width: width, height: height)
        let selected = b.selection(in: items, of: errors)
        let page = selected / layout.perPage
        let first = page * layout.perPage, last = min(first + layout.perPage, items.count)
        var header = (items.isEmpty ? "none" : "\(first + 1)-\(last) of \(items.count)") + " errors"
        header += " │ \(errors.split) set after epoch \(errors.epoch): \(errors.items.count) of \(errors.images.count) wrong"
        header += " │ true \(ErrorBrowser.describe(b.label, names)) │ predicted \(ErrorBrowser.describe(b.predicted, names))"
        header += " │ most confidently wrong first"
        grid.put(header, x: 0, y: 1, style: .title)
        if b.shownSplit(in: s) == .test && errors.split != "test" {
            grid.put("(the test set is evaluated when the run finishes)", x: 0, y: 2, style: .dim)
        }
        if let (item, seen, current) = b.enlargedItem(in: errors) {
            let note = current ? nil : seen.split == errors.split ? "no longer wrong after epoch \(errors.epoch): shown as when enlarged"
                : "the page shows the \(errors.split) set now: this image as when enlarged"
            grid.place(enlarged(item, seen, note: note, mode: b.mode, width: width, height: height - 3, glyphs: glyphs), x: 0, y: 2)
            return grid
        }
        guard !items.isEmpty else {
            grid.put("no misclassified images match these filters", x: 0, y: 3, style: .dim)
            return grid
        }
        for (i, item) in items[first..<last].enumerated() {
            let tile = Self.tile(item, errors, layout: layout, mode: b.mode, selected: first + i == selected)
            grid.place(tile, x: (i % layout.columns) * layout.tileWidth, y: 2 + (i / layout.columns) * layout.tileHeight)
        }
        return grid
    }

    /// Why a key did nothing, in place of the key bar until the next key.
    static func messageLine(_ text: String, width: Int) -> Grid {
        var g = Grid(width: width, height: 1)
        g.put(text, x: 0, y: 0, style: .warning)
        return g
    }

    static func thumbnail(_ item: Misclassifications.Item, _ errors: Misclassifications) -> Thumbnail {
        let images = errors.images
        return Thumbnail(height: images.height, width: images.width, channels: images.channels, pixels: images.image(item.index))
    }

    /// A thumbnail with "true→predicted" and the wrong class's probability under it.
    static func tile(_ item: Misclassifications.Item, _ errors: Misclassifications, layout: Layout, mode: Thumbnail.Mode, selected: Bool) -> Grid {
        var g = Grid(width: layout.tileWidth, height: layout.tileHeight)
        g.place(thumbnail(item, errors).render(columns: layout.thumbColumns, rows: layout.thumbRows, mode: mode), x: 0, y: 0)
        let names = errors.classNames
        let style: Style = selected ? .highlight : .label
        g.put(String("\(names[item.label])→\(names[item.predicted])".prefix(layout.thumbColumns)), x: 0, y: layout.thumbRows, style: style)
        g.put(String(String(format: "p %.2f #%d", item.confidence, item.index).prefix(layout.thumbColumns)), x: 0, y: layout.thumbRows + 1, style: selected ? .highlight : .dim)
        return g
    }

    /// One image as large as fits (whole multiples of its size), beside its details.
    static func enlarged(_ item: Misclassifications.Item, _ errors: Misclassifications, note: String? = nil, mode: Thumbnail.Mode,
                         width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var g = Grid(width: width, height: height)
        let images = errors.images
        let scale = max(min((width - 36) / images.width, 2 * height / images.height), 1)
        let columns = images.width * scale, rows = min(images.height * scale / 2, height)
        g.place(thumbnail(item, errors).render(columns: columns, rows: rows, mode: mode), x: 0, y: 0)
        let names = errors.classNames
        let x = columns + 3
        g.put("image #\(item.index) of the \(errors.split) set, epoch \(errors.epoch)", x: x, y: 0, style: .title)
        g.put("true       \(names[item.label])", x: x, y: 2)
        g.put("predicted  \(names[item.predicted])", x: x, y: 3, style: .warning)
        g.put("top 3", x: x, y: 5, style: .dim)
        for (row, (c, p)) in item.top(3).enumerated() {
            let bar = String(repeating: glyphs.barFull, count: Int((p * 12).rounded()))
            g.put(names[c].padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%.3f ", p) + bar, x: x, y: 6 + row,
                  style: c == item.label ? .series(2) : c == item.predicted ? .warning : .plain)
        }
        g.put("Enter or Esc: back to the page", x: x, y: 10, style: .dim)
        if let note { g.put(note, x: x, y: 12, style: .warning) }
        return g
    }
}
