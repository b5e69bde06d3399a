import Charts
import Dataset
import Dispatch
import Experiments
import Foundation

/// The augmentation view's pictures, made off the UI thread: the training
/// images are read once per data setting (profile, folder, split, input size,
/// seed), the grid of originals and variants drawn again for each new request.
/// Only the latest request is drawn: steps taken faster than that are skipped.
final class AugmentationSampler: @unchecked Sendable {
    /// What to draw: the images of these data settings under this augmentation, this big.
    struct Request: Equatable, Sendable {
        /// The picker's settings: their data and seed give the images, their augmentation the variants.
        var config: ExperimentConfig
        var images = 2, variants = 5, columns = 16, rows = 8
        var mode = Thumbnail.Mode.halfBlocks

        var augmentation: Augmentation { config.augmentation?.augmentation ?? Augmentation() }

        func readsSameData(as other: Request) -> Bool {
            let (a, b) = (config, other.config)
            return (a.data, a.split, a.input, a.seed) == (b.data, b.split, b.input, b.seed)
        }
    }

    /// A finished drawing: the grid (or why there is none), for the request it answers.
    struct Drawing: Sendable {
        let request: Request
        let grid: Result<Grid, DrawingError>
    }

    struct DrawingError: Error, Sendable, CustomStringConvertible { let description: String }

    private let queue = DispatchQueue(label: "workbench.augmentation", qos: .userInitiated)
    private let lock = NSLock()
    private var wanted: Request?
    private var latest: Drawing?
    private var drawings = 0
    /// Touched on the queue only.
    private var data: (request: Request, train: ImageSet)?

    /// How many drawings have finished: a new one is news to draw.
    var version: Int {
        lock.lock()
        defer { lock.unlock() }
        return drawings
    }

    /// The latest finished drawing (perhaps of an earlier request, shown until this one's is ready), and
    /// whether it answers `request`; asks for `request` to be drawn if it is new.
    func drawing(for request: Request) -> (drawing: Drawing?, current: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if wanted != request {
            wanted = request
            queue.async { [self] in draw(request) }
        }
        return (latest, latest?.request == request)
    }

    private func draw(_ request: Request) {
        lock.lock()
        let stillWanted = wanted == request
        lock.unlock()
        guard stillWanted else { return }
        let grid: Result<Grid, DrawingError>
        do {
            let train: ImageSet
            if let d = data, d.request.readsSameData(as: request) {
                train = d.train
            } else {
                train = try DataReport.prepare(request.config).train
                data = (request, train)
            }
            var preview = AugmentationPreview(images: train, augmentation: request.augmentation)
            (preview.variants, preview.columns, preview.rows) = (request.variants, request.columns, request.rows)
            grid = .success(preview.render(AugmentationPreview.sample(train, count: request.images), seed: request.config.seed, mode: request.mode))
        } catch {
            grid = .failure(DrawingError(description: "\(error)"))
        }
        lock.lock()
        latest = Drawing(request: request, grid: grid)
        drawings += 1
        lock.unlock()
    }
}
