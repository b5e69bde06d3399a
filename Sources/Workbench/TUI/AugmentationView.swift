import Charts
import Experiments

/// The picker's augmentation where the dashboard's charts are: a few training
/// images, each beside variants drawn as training would draw them, drawn
/// again (off the UI thread) whenever a field below changes.
enum AugmentationView {
    /// As many images (up to 3) and variants (up to 6) as fit a `width` x `height` area, thumbnails up to 8 rows.
    static func request(_ config: ExperimentConfig, mode: Thumbnail.Mode, width: Int, height: Int) -> AugmentationSampler.Request {
        var r = AugmentationSampler.Request(config: config)
        // The title and the grid's header take a row each; each image a band of rows plus a gap.
        let room = max(height - 2, 3)
        r.rows = min(8, room - 1)
        r.images = max(1, min(3, room / (r.rows + 1)))
        r.columns = max(4, 2 * r.rows * config.input.width / max(config.input.height, 1))
        // Class names up to 10 characters (Fashion-MNIST's "ankle boot") and 2 of gap.
        r.variants = max(1, min(6, (width - 12) / (r.columns + 2) - 1))
        r.mode = mode
        return r
    }

    static func render(_ drawing: AugmentationSampler.Drawing?, current: Bool, config: ExperimentConfig, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        let a = config.augmentation?.augmentation
        let settings = a.map(AugmentationPreview.describe) ?? "augmentation off"
        let title = "augmentation: \(settings) (\(config.input.height)x\(config.input.width), seed \(config.seed))"
        grid.put(title.count <= width ? title : String(title.prefix(width - 1)) + "…", x: 0, y: 0, style: .title)
        switch drawing?.grid {
        case nil: grid.put("reading the training images…", x: 0, y: 2, style: .dim)
        case .failure(let why)?:
            grid.put(String("cannot show the training images: \(why)".prefix(width)), x: 0, y: 2, style: .warning)
        case .success(let g)?:
            grid.place(g, x: 0, y: 1)
            // An earlier drawing stays until this one is ready, saying so.
            if !current {
                let note = " drawing… "
                grid.put(note, x: max(width - note.count, 0), y: 0, style: .dim)
            }
        }
        if a == nil { grid.put("(turn augmentation on in the picker: the variants are the originals)", x: 0, y: height - 1, style: .dim) }
        return grid
    }
}
