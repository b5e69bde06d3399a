/// The element-wise passes between the layers' products, split over the
/// workers and run by the selected kernels (Kernels+Elementwise.swift says why
/// they are not plain loops). Chunks never share output; sums are taken per
/// chunk and added in chunk order, so results depend on the thread count only.
enum Elementwise {
    static func rectify(_ p: UnsafeMutablePointer<Float>, count: Int) {
        let kernels = Kernels.active
        Parallel.chunks(count, minimumPerChunk: Parallel.elementwiseChunk) { kernels.rectifyInPlace(p, range: $0) }
    }

    static func rectifiedSum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(count, minimumPerChunk: Parallel.elementwiseChunk) { kernels.rectifiedSum(a, b, range: $0, into: y) }
    }

    static func sum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(count, minimumPerChunk: Parallel.elementwiseChunk) { kernels.sum(a, b, range: $0, into: y) }
    }

    static func passWherePositive(_ dy: UnsafePointer<Float>, by y: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        Parallel.chunks(count, minimumPerChunk: Parallel.elementwiseChunk) { kernels.passWherePositive(dy, by: y, range: $0, into: out) }
    }

    /// Rows a chunk of `columns`-wide rows needs to hold about elementwiseChunk floats.
    static func rowsPerChunk(columns: Int) -> Int { max(1, Parallel.elementwiseChunk / max(columns, 1)) }

    /// sums[c] += x[r, c] over all rows (bias gradients).
    static func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        let kernels = Kernels.active
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Parallel.workers * columns) { buffer in
            let partials = buffer.baseAddress!
            let used = Parallel.indexedChunks(rows, minimumPerChunk: rowsPerChunk(columns: columns)) { chunk, range in
                let partial = partials + chunk * columns
                partial.initialize(repeating: 0, count: columns)
                kernels.addColumnSums(x, columns: columns, rows: range, into: partial)
            }
            kernels.addColumnSums(partials, columns: columns, rows: 0..<used, into: sums)   // the partials in chunk order
        }
    }

    /// Each of `rows` rows of y set to `row` (a bias before a product with beta = 1).
    static func fillRows(_ y: UnsafeMutablePointer<Float>, rows: Int, with row: UnsafePointer<Float>, columns: Int) {
        Parallel.chunks(rows, minimumPerChunk: rowsPerChunk(columns: columns)) { range in
            for r in range { (y + r * columns).update(from: row, count: columns) }
        }
    }
}
