import Dispatch

/// Splits 0..<count into one contiguous chunk per core and runs them at once.
/// Chunks never share output, so results do not depend on scheduling.
enum Parallel {
    static let cores = 2

    static func chunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let n = min(cores, max(count / minimumPerChunk, 1))
        guard n > 1 else { return body(0..<count) }
        DispatchQueue.concurrentPerform(iterations: n) { i in
            body(count * i / n..<count * (i + 1) / n)
        }
    }
}
