import Foundation

/// One line of a chart: (x, y) points in x order.
public struct Series: Sendable {
    /// The value at `x`: the last point at or before it, within one x unit (one
    /// epoch: a per-batch series gives its value at the end of that epoch).
    public func value(at x: Double) -> Double? {
        points.last { $0.x <= x + 1e-9 }.flatMap { x - $0.x < 1 - 1e-9 ? $0.y : nil }
    }


    public let name: String
    public let points: [(x: Double, y: Double)]
    public let style: Style

    public init(name: String, points: [(x: Double, y: Double)], style: Style) {
        self.name = name
        self.points = points
        self.style = style
    }
}

/// A shaded region between a lower and an upper value per x (an interval per
/// epoch), drawn behind the lines: a stipple of every other dot (Unicode) or
/// '.' (ASCII), so a line drawn through it stays readable.
public struct Band: Sendable {
    public let points: [(x: Double, low: Double, high: Double)]
    public let style: Style

    public init(points: [(x: Double, low: Double, high: Double)], style: Style) {
        self.points = points
        self.style = style
    }
}

/// A character at a point of the plot (a search's promotion or stop), drawn over the lines.
public struct Mark: Sendable {
    public let x: Double, y: Double
    public let character: Character
    public let style: Style

    public init(x: Double, y: Double, character: Character, style: Style) {
        self.x = x
        self.y = y
        self.character = character
        self.style = style
    }
}

/// A line chart with axes, ticks, a legend and x-axis markers. Unicode: each
/// cell holds a 2x4 braille dot matrix (U+2800 + dot bits), so lines are drawn
/// at 2x4 the cell resolution; ASCII: one '*' per cell.
public struct LineChart: Sendable {
    public var title: String
    public var series: [Series]
    public var logScale = false
    /// x positions of interactive changes (lr, dropout, pause), drawn under the axis.
    public var markers: [Double] = []
    /// The best validation epoch, marked on the axis.
    public var best: Double?
    public var xRange: ClosedRange<Double>?
    /// An x (an epoch) to read exact values at: a vertical line there, and the
    /// legend gives each named series' value at it.
    public var cursor: Double?
    /// A log10 x axis (learning rates), its ticks labelled as powers of ten.
    public var logX = false
    /// Shaded intervals behind the lines (not in the legend: the line they belong to is).
    public var bands: [Band] = []
    /// Characters at points, over everything else in the plot.
    public var marks: [Mark] = []

    public init(title: String, series: [Series], logScale: Bool = false, markers: [Double] = [], best: Double? = nil, xRange: ClosedRange<Double>? = nil,
                cursor: Double? = nil) {
        self.cursor = cursor
        self.title = title
        self.series = series
        self.logScale = logScale
        self.markers = markers
        self.best = best
        self.xRange = xRange
    }

    public func render(width: Int, height: Int, glyphs: Glyphs) -> Grid {
        guard !logX else {
            // Plotted as log10(x) on a linear axis; only the labels say powers of ten.
            var linear = self
            linear.logX = false
            linear.series = series.map { s in Series(name: s.name, points: s.points.filter { $0.x > 0 }.map { (log10($0.x), $0.y) }, style: s.style) }
            linear.bands = bands.map { b in Band(points: b.points.filter { $0.x > 0 }.map { (log10($0.x), $0.low, $0.high) }, style: b.style) }
            linear.markers = markers.filter { $0 > 0 }.map(log10)
            linear.marks = marks.filter { $0.x > 0 }.map { Mark(x: log10($0.x), y: $0.y, character: $0.character, style: $0.style) }
            linear.best = best.flatMap { $0 > 0 ? log10($0) : nil }
            linear.xRange = xRange.flatMap { $0.lowerBound > 0 ? log10($0.lowerBound)...log10($0.upperBound) : nil }
            linear.cursor = cursor.flatMap { $0 > 0 ? log10($0) : nil }
            return linear.render(width: width, height: height, glyphs: glyphs, xLabel: { String(format: "1e%.0f", $0.rounded() + 0) }, integerTicks: true)
        }
        return render(width: width, height: height, glyphs: glyphs, xLabel: nil, integerTicks: false)
    }

    private func render(width: Int, height: Int, glyphs: Glyphs, xLabel: ((Double) -> String)?, integerTicks: Bool) -> Grid {
        var grid = Grid(width: width, height: height)
        let heading = title + (logScale ? " (log)" : "") + (cursor.map { " @" + Self.format($0) } ?? "")
        grid.put(heading, x: 0, y: 0, style: .title)
        // Unnamed series (raw values behind a smoothed line) stay out of the legend.
        let named = series.filter { !$0.name.isEmpty }
        let readings = cursor.map { x in named.map { s in s.value(at: x).map { String(format: "%.3f", $0) } ?? "-" } }
        // With the cursor: names and values if they fit, else the values beside each colour.
        let entries = readings.map { values in
            let full = zip(named, values).map { $0.name + " " + $1 }
            return full.reduce(heading.count + 2) { $0 + 4 + $1.count } <= width ? full : values
        } ?? named.map(\.name)
        var lx = min(heading.count + 2, width)
        // Whole entries only: a cut name ("t2" of "t23") would name another line.
        for (s, entry) in zip(named, entries) where lx + 2 + entry.count <= width {
            lx = grid.put(glyphs.unicode ? "━ " : "- ", x: lx, y: 0, style: s.style)
            lx = grid.put(entry + "  ", x: lx, y: 0, style: .label)
        }
        let axisWidth = 7
        let plot = (x: axisWidth + 1, y: 1, w: width - axisWidth - 1, h: height - 3)
        guard plot.w >= 4, plot.h >= 2 else { return grid }
        let transform: (Double) -> Double = logScale ? { log10(max($0, 1e-12)) } : { $0 }
        let all = series.flatMap(\.points) + marks.map { ($0.x, $0.y) } + bands.flatMap { $0.points.flatMap { [($0.x, $0.low), ($0.x, $0.high)] } }
        guard !all.isEmpty else {
            grid.put("waiting for data", x: plot.x + 1, y: plot.y + plot.h / 2, style: .dim)
            return grid
        }
        let xs = xRange ?? (all.map(\.x).min()!...max(all.map(\.x).max()!, all.map(\.x).min()! + 1))
        var (yLo, yHi) = (all.map { transform($0.y) }.min()!, all.map { transform($0.y) }.max()!)
        if yHi - yLo < 1e-9 { (yLo, yHi) = (yLo - 0.5, yHi + 0.5) }
        let pad = (yHi - yLo) * 0.05
        // Losses and accuracies are never negative: the margin stops at zero.
        (yLo, yHi) = (yLo >= 0 && !logScale ? max(yLo - pad, 0) : yLo - pad, yHi + pad)

        // Axes and labels.
        for y in plot.y..<(plot.y + plot.h) { grid[plot.x - 1, y] = Cell(glyphs.vertical, .axis) }
        grid[plot.x - 1, plot.y + plot.h] = Cell(glyphs.corner, .axis)
        for x in plot.x..<(plot.x + plot.w) { grid[x, plot.y + plot.h] = Cell(glyphs.horizontal, .axis) }
        let rows = [(plot.y, 1.0), (plot.y + plot.h / 2, 0.5), (plot.y + plot.h - 1, 0.0)].map { row, frac in
            (row, yLo + (yHi - yLo) * (frac == 1 ? 1 - 0.5 / Double(plot.h) : frac == 0 ? 0.5 / Double(plot.h) : 0.5))
        }
        let values = rows.map { logScale ? pow(10, $0.1) : $0.1 }
        for ((row, _), label) in zip(rows, Self.distinctLabels(values, width: axisWidth, significant: true)) {
            grid.put(String(repeating: " ", count: max(axisWidth - label.count, 0)) + label, x: 0, y: row, style: .label)
        }
        func column(_ x: Double) -> Int {
            Int(((x - xs.lowerBound) / (xs.upperBound - xs.lowerBound) * Double(plot.w - 1)).rounded())
        }
        let tickRow = plot.y + plot.h + 1
        var xTicks = ticks(xs, count: max(plot.w / 10, 2))
        if integerTicks { xTicks = Array(Set(xTicks.map { $0.rounded(.up) }.filter { xs.contains($0) })).sorted() }
        for (t, label) in zip(xTicks, xLabel.map { f in xTicks.map(f) } ?? Self.distinctLabels(xTicks, width: axisWidth)) {
            let c = plot.x + column(t)
            grid[c, plot.y + plot.h] = Cell(glyphs.tick, .axis)
            grid.put(label, x: min(c - label.count / 2, width - label.count), y: tickRow, style: .label)
        }
        for m in markers { grid[plot.x + column(m), plot.y + plot.h] = Cell(glyphs.marker, .marker) }
        if let c = cursor, xs.contains(c) {
            for y in plot.y..<(plot.y + plot.h) { grid[plot.x + column(c), y] = Cell(glyphs.vertical, .highlight) }
        }
        if let b = best { grid[plot.x + column(b), plot.y + plot.h] = Cell(glyphs.best, .marker) }

        // Lines, in dot space: 2 x 4 dots per cell with Unicode, 1 x 1 with ASCII.
        let (dw, dh) = glyphs.unicode ? (2, 4) : (1, 1)
        func dotX(_ x: Double) -> Double { (x - xs.lowerBound) / (xs.upperBound - xs.lowerBound) * Double(plot.w * dw - 1) }
        func dotY(_ y: Double) -> Double { (yHi - transform(y)) / (yHi - yLo) * Double(plot.h * dh - 1) }
        var dots = [UInt8](repeating: 0, count: plot.w * plot.h)
        var owner = [Style?](repeating: nil, count: plot.w * plot.h)
        // Bands first, in a layer of their own: a cell a line passes through shows the line alone.
        var shade = [UInt8](repeating: 0, count: plot.w * plot.h)
        var shadeOwner = [Style?](repeating: nil, count: plot.w * plot.h)
        for band in bands {
            // Each dot column between two points gets the interval interpolated linearly between them.
            let spans = band.points.count == 1 ? [(band.points[0], band.points[0])] : Array(zip(band.points, band.points.dropFirst()))
            for (a, b) in spans {
                let (x0, x1) = (Int(dotX(a.x).rounded()), Int(dotX(b.x).rounded()))
                for x in max(x0, 0)...max(min(x1, plot.w * dw - 1), max(x0, 0)) where x < plot.w * dw {
                    let f = x1 == x0 ? 0 : Double(x - x0) / Double(x1 - x0)
                    let (low, high) = (a.low + f * (b.low - a.low), a.high + f * (b.high - a.high))
                    let (top, bottom) = (Int(dotY(high).rounded()), Int(dotY(low).rounded()))
                    for y in max(min(top, bottom), 0)...max(min(max(top, bottom), plot.h * dh - 1), 0) where !glyphs.unicode || (x + y) % 2 == 0 {
                        let cell = (y / dh) * plot.w + x / dw
                        shade[cell] |= glyphs.unicode ? Braille.bit(column: x % 2, row: y % 4) : 1
                        shadeOwner[cell] = band.style
                    }
                }
            }
        }
        for s in series {
            let pts = s.points.map { p -> (Int, Int) in (Int(dotX(p.x).rounded()), Int(dotY(p.y).rounded())) }
            func plotDot(_ x: Int, _ y: Int) {
                guard x >= 0, x < plot.w * dw, y >= 0, y < plot.h * dh else { return }
                let cell = (y / dh) * plot.w + x / dw
                dots[cell] |= glyphs.unicode ? Braille.bit(column: x % 2, row: y % 4) : 1
                owner[cell] = s.style
            }
            if pts.count == 1 { plotDot(pts[0].0, pts[0].1) }
            for (a, b) in zip(pts, pts.dropFirst()) { Braille.line(from: a, to: b, plot: plotDot) }
        }
        // The curves draw over the cursor line: where one crosses it, the curve shows.
        for cy in 0..<plot.h {
            for cx in 0..<plot.w {
                let i = cy * plot.w + cx
                if dots[i] != 0 {
                    grid[plot.x + cx, plot.y + cy] = Cell(glyphs.unicode ? Braille.character(dots[i]) : "*", owner[i] ?? .plain)
                } else if shade[i] != 0 && grid[plot.x + cx, plot.y + cy].character == " " {   // the cursor line stays over a band
                    grid[plot.x + cx, plot.y + cy] = Cell(glyphs.unicode ? Braille.character(shade[i]) : ".", shadeOwner[i] ?? .dim)
                }
            }
        }
        for m in marks {
            let (cx, cy) = (Int(dotX(m.x).rounded()) / dw, Int(dotY(m.y).rounded()) / dh)
            guard cx >= 0, cx < plot.w, cy >= 0, cy < plot.h else { continue }
            grid[plot.x + cx, plot.y + cy] = Cell(m.character, m.style)
        }
        return grid
    }

    /// An x as the cursor's heading gives it: whole epochs without a fraction.
    static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }

    /// About `count` round tick positions inside the range.
    private func ticks(_ r: ClosedRange<Double>, count: Int) -> [Double] {
        let raw = (r.upperBound - r.lowerBound) / Double(count)
        let magnitude = pow(10, floor(log10(max(raw, 1e-12))))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = ceil(r.lowerBound / step) * step
        var out: [Double] = []
        while t <= r.upperBound + 1e-9 {
            out.append(t)
            t += step
        }
        return out
    }

    /// Labels for ascending values, all with the same decimals, as many as it
    /// takes for neighbours to differ (1.0986 / 1.0990, not 1.099 twice; 0.5 /
    /// 1.0 / 1.5, not 0.500 / 1 / 1.500), at most `width` characters.
    /// `significant`: at least about three significant digits (a y axis;
    /// round tick positions need only their step's decimals).
    static func distinctLabels(_ values: [Double], width: Int, significant: Bool = false) -> [String] {
        let gaps = zip(values, values.dropFirst()).map { abs($1 - $0) }.filter { $0 > 0 }
        let gap = gaps.min() ?? 1, largest = values.map(abs).max() ?? 0
        guard largest < 1e5, largest >= 1e-3 || largest == 0 else { return values.map { String(format: "%.1e", $0) } }
        let precise = significant ? (largest >= 100 ? 0 : largest >= 10 ? 1 : 3) : 0
        for decimals in min(6, max(precise, Int(ceil(-log10(gap) - 1e-9)))) ... 6 {
            let labels = values.map { $0 == 0 ? "0" : String(format: "%.\(decimals)f", $0) }
            guard labels.allSatisfy({ $0.count <= width }) else { break }
            if Set(labels).count == Set(values).count { return labels }
        }
        return values.map { String(format: "%.2e", $0) }
    }
}

/// Braille patterns: dots 1-3 and 7 in the left column, 4-6 and 8 in the right.
enum Braille {
    static func bit(column: Int, row: Int) -> UInt8 {
        column == 0 ? [0x01, 0x02, 0x04, 0x40][row] : [0x08, 0x10, 0x20, 0x80][row]
    }

    static func character(_ bits: UInt8) -> Character { Character(Unicode.Scalar(0x2800 + UInt32(bits))!) }

    /// Bresenham's line between two dots.
    static func line(from a: (Int, Int), to b: (Int, Int), plot: (Int, Int) -> Void) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        while true {
            plot(x, y)
            if x == b.0 && y == b.1 { return }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
