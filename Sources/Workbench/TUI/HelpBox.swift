import Charts

/// Every key of every screen (from the key table), drawn over the current
/// screen; taller than the terminal, it scrolls with ↑↓ PgUp PgDn.
enum HelpBox {
    static var lines: [String] { KeyTable.helpLines }
    static var width: Int { lines.map(\.count).max()! + 4 }

    /// Rows of the key list shown in a terminal `height` rows high: the box starts at row 1 and leaves the bottom line.
    static func visibleRows(height: Int) -> Int { min(lines.count, max(height - 5, 1)) }

    /// The first line shown, kept so that the last page is full.
    static func clamp(_ top: Int, height: Int) -> Int { min(max(top, 0), lines.count - visibleRows(height: height)) }

    /// The box from line `top` of the list, for a terminal `height` rows high.
    static func render(top: Int, height: Int) -> Grid {
        let rows = visibleRows(height: height), first = clamp(top, height: height)
        var g = Grid(width: width, height: rows + 3)
        for y in 0..<g.height { for x in 0..<g.width { g[x, y] = Cell(" ", .highlight) } }
        let more = rows < lines.count ? String(format: "  (lines %d-%d of %d: ↑↓ PgUp PgDn scroll)", first + 1, first + rows, lines.count) : ""
        g.put(" keys" + more, x: 1, y: 1, style: .title)
        for (i, l) in lines[first..<first + rows].enumerated() { g.put(" " + l, x: 1, y: i + 2, style: .highlight) }
        return g
    }
}
