/// A grayscale image drawn in cells. Half-blocks: each cell shows two pixel
/// rows, the upper one as the foreground of "▀" and the lower as its
/// background, in xterm's 24-step gray ramp. ASCII: one ramp character per
/// cell. Either way a cell covers one pixel column and two pixel rows of the
/// resampled image, so square pixels stay square in a 1:2 terminal cell.
public struct Thumbnail: Sendable {
    public enum Mode: Sendable { case halfBlocks, ascii }

    /// Darkest to brightest, for terminals without the gray ramp.
    static let ramp = Array(" .:-=+*#%@")

    public let height: Int, width: Int
    /// (height, width) gray levels in [0, 1]; values outside are clamped.
    public let pixels: [Float]

    /// `pixels` in (H, W, C) order: C = 1 gray, C = 3 RGB (converted by luma).
    public init(height: Int, width: Int, channels: Int, pixels: some Collection<Float>) {
        precondition(pixels.count == height * width * channels)
        self.height = height
        self.width = width
        let p = Array(pixels)
        if channels == 1 {
            self.pixels = p
        } else {
            // ITU-R BT.601 luma, as Pillow's convert("L").
            self.pixels = (0..<height * width).map { 0.299 * p[$0 * channels] + 0.587 * p[$0 * channels + 1] + 0.114 * p[$0 * channels + 2] }
        }
    }

    /// The image resampled to `columns` x (2 * `rows`) pixels, in `columns` x `rows` cells.
    public func render(columns: Int, rows: Int, mode: Mode) -> Grid {
        var grid = Grid(width: columns, height: rows)
        guard columns > 0, rows > 0 else { return grid }
        for row in 0..<rows {
            for column in 0..<columns {
                let top = average(column, 2 * row, columns, 2 * rows), bottom = average(column, 2 * row + 1, columns, 2 * rows)
                switch mode {
                case .halfBlocks:
                    grid[column, row] = Cell("▀", .grays(top: Self.level(top, steps: 24), bottom: Self.level(bottom, steps: 24)))
                case .ascii:
                    grid[column, row] = Cell(Self.ramp[Self.level((top + bottom) / 2, steps: Self.ramp.count)], .plain)
                }
            }
        }
        return grid
    }

    static func level(_ v: Float, steps: Int) -> Int {
        min(max(Int((v * Float(steps)).rounded(.down)), 0), steps - 1)
    }

    /// Mean of the source pixels under output pixel (x, y) of a `outWidth` x `outHeight`
    /// resampling (box filter; a source pixel partly covered counts by its overlap).
    private func average(_ x: Int, _ y: Int, _ outWidth: Int, _ outHeight: Int) -> Float {
        let sx = Float(width) / Float(outWidth), sy = Float(height) / Float(outHeight)
        let x0 = Float(x) * sx, x1 = x0 + sx, y0 = Float(y) * sy, y1 = y0 + sy
        var sum: Float = 0, weight: Float = 0
        for py in Int(y0)..<min(Int(y1.rounded(.up)), height) {
            let wy = min(y1, Float(py + 1)) - max(y0, Float(py))
            for px in Int(x0)..<min(Int(x1.rounded(.up)), width) {
                let w = wy * (min(x1, Float(px + 1)) - max(x0, Float(px)))
                sum += w * pixels[py * width + px]
                weight += w
            }
        }
        return weight > 0 ? sum / weight : 0
    }
}
