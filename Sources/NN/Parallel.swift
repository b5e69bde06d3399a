import Dispatch

/// Splits 0..<count into one contiguous chunk per worker and runs them at once.
/// Chunks never share output, so results do not depend on scheduling.
enum Parallel {
    /// Set through `GEMM.threadCount`; the machine's two cores by default.
    nonisolated(unsafe) static var workers = 2
    /// Element-wise passes (optimizer updates) split only above this many elements.
    static let elementwiseChunk = 1 << 16

    static func chunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        indexedChunks(count, minimumPerChunk: minimumPerChunk) { _, range in body(range) }
    }

    /// As `chunks`, also passing the chunk's index (for per-chunk partial sums
    /// that the caller then adds in index order, so results stay deterministic).
    /// Returns the number of chunks used, at most `workers`.
    @discardableResult
    static func indexedChunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Int, Range<Int>) -> Void) -> Int {
        let n = min(workers, max(count / minimumPerChunk, 1))
        guard n > 1 else {
            body(0, 0..<count)
            return 1
        }
        DispatchQueue.concurrentPerform(iterations: n) { i in
            body(i, count * i / n..<count * (i + 1) / n)
        }
        return n
    }
}
