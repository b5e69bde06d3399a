import Charts
import Experiments

/// One `predict` answer beside the image it is about: the thumbnail (as the
/// network saw it, padded or resized), then the file and the top classes with
/// their probabilities, one per line.
struct PredictionCard {
    var columns = 16, rows = 8

    func render(_ p: Predictor.Prediction, classNames: [String], top: Int, height: Int, width: Int, channels: Int, mode: Thumbnail.Mode) -> Grid {
        let lines = [p.file] + p.ranked.prefix(top).map { String(format: "%@ %.3f", classNames[$0], p.probabilities[$0]) }
        var grid = Grid(width: columns + 2 + (lines.map(\.count).max() ?? 0), height: max(rows, lines.count))
        grid.place(Thumbnail(height: height, width: width, channels: channels, pixels: p.pixels).render(columns: columns, rows: rows, mode: mode), x: 0, y: 0)
        for (i, line) in lines.enumerated() { grid.put(line, x: columns + 2, y: i, style: i == 0 ? .label : .plain) }
        return grid
    }
}
