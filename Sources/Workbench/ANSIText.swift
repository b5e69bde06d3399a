import Charts

/// A grid as text with ANSI colours, for commands that print thumbnails
/// outside the curses UI: gray half-blocks in xterm's 24-step ramp (colours
/// 232-255), everything else plain.
enum ANSIText {
    static func render(_ grid: Grid) -> String {
        (0..<grid.height).map { y in
            var line = ""
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if case .grays(let top, let bottom) = cell.style {
                    line += "\u{1B}[38;5;\(232 + top)m\u{1B}[48;5;\(232 + bottom)m\(cell.character)\u{1B}[0m"
                } else {
                    line.append(cell.character)
                }
            }
            return line
        }.joined(separator: "\n")
    }
}
