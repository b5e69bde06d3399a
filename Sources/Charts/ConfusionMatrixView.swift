import Foundation

/// A confusion matrix as a heat map: rows true classes, columns predicted,
/// each cell its count and row percentage, shaded by that percentage; then
/// per-class precision / recall / F1 and the overall accuracy line.
public struct ConfusionMatrixView: Sendable {
    public let classNames: [String]
    public let counts: [[Int]]
    public let accuracyLine: String
    public var cursor: (row: Int, column: Int)?

    public init(classNames: [String], counts: [[Int]], accuracyLine: String, cursor: (row: Int, column: Int)? = nil) {
        self.classNames = classNames
        self.counts = counts
        self.accuracyLine = accuracyLine
        self.cursor = cursor
    }

    public func render(width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        let nameWidth = min(max(classNames.map(\.count).max() ?? 0, 9), 12)
        let cellWidth = 12
        grid.put("true\\pred", x: 0, y: 0, style: .dim)
        for (j, name) in classNames.enumerated() {
            grid.put(String(name.prefix(cellWidth - 1)), x: nameWidth + 2 + j * cellWidth, y: 0, style: .label)
        }
        for (i, row) in counts.enumerated() {
            let y = 1 + i
            grid.put(String(classNames[i].prefix(nameWidth)), x: 0, y: y, style: .label)
            let total = max(row.reduce(0, +), 1)
            for (j, n) in row.enumerated() {
                let pct = Double(n) / Double(total)
                let text = String(format: "%5d %3.0f%%", n, 100 * pct)
                let selected = cursor.map { $0.row == i && $0.column == j } ?? false
                let style: Style = selected ? .highlight : .heat(min(Int(pct * 5), 4))
                grid.put(text.padding(toLength: cellWidth - 1, withPad: " ", startingAt: 0), x: nameWidth + 2 + j * cellWidth, y: y, style: style)
            }
        }
        var y = 2 + counts.count
        grid.put("class".padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + "precision  recall     f1", x: 0, y: y, style: .dim)
        for (c, name) in classNames.enumerated() {
            y += 1
            let tp = Double(counts[c][c])
            let predicted = Double(counts.reduce(0) { $0 + $1[c] }), actual = Double(counts[c].reduce(0, +))
            let p = predicted == 0 ? 0 : tp / predicted, r = actual == 0 ? 0 : tp / actual
            let f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)
            grid.put(String(name.prefix(nameWidth)).padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                     + String(format: "%9.3f %7.3f %6.3f", p, r, f1), x: 0, y: y)
        }
        grid.put(accuracyLine, x: 0, y: y + 1, style: .title)
        return grid
    }
}
