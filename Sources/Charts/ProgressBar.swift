/// A horizontal bar with a label: "epoch 3/20 ███████░░░░░".
public struct ProgressBar: Sendable {
    public let label: String
    public let fraction: Double

    public init(label: String, fraction: Double) {
        self.label = label
        self.fraction = min(max(fraction, 0), 1)
    }

    public func render(width: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: 1)
        let x = grid.put(label + " ", x: 0, y: 0, style: .label)
        let barWidth = max(width - x, 0)
        let filled = Int((fraction * Double(barWidth)).rounded())
        for i in 0..<barWidth {
            grid[x + i, 0] = i < filled ? Cell(glyphs.barFull, .series(0)) : Cell(glyphs.barEmpty, .dim)
        }
        return grid
    }
}
