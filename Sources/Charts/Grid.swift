/// A rectangle of styled cells: what every chart and screen renders into and
/// the terminal layer blits. Writes outside the rectangle are clipped.
public struct Grid: Equatable, Sendable {
    public let width: Int, height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from (x, y) rightwards, clipped at the edge; returns the x after it.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain) -> Int {
        var cx = x
        for ch in text {
            self[cx, y] = Cell(ch, style)
            cx += 1
        }
        return cx
    }

    /// Copies `other` with its top-left corner at (x, y).
    public mutating func place(_ other: Grid, x: Int, y: Int) {
        for oy in 0..<other.height {
            for ox in 0..<other.width { self[x + ox, y + oy] = other[ox, oy] }
        }
    }

    /// The characters, one line per row, trailing spaces kept: what tests compare.
    public var text: String {
        (0..<height).map { y in String((0..<width).map { self[$0, y].character }) }.joined(separator: "\n")
    }
}
