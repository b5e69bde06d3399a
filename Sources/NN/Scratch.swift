import Glibc

/// Working memory a layer needs only during one call (Winograd's transformed
/// tiles), shared by all layers instead of kept by each: a pool of buffers,
/// one per thread computing at the time, grown to the largest request.
enum Scratch {
    private final class Buffer {
        var pointer: UnsafeMutablePointer<Float>
        var capacity: Int
        init(capacity: Int) {
            pointer = .allocate(capacity: capacity)
            self.capacity = capacity
        }
        func reserve(_ count: Int) {
            guard count > capacity else { return }
            pointer.deallocate()
            pointer = .allocate(capacity: count)
            capacity = count
        }
    }

    nonisolated(unsafe) private static var free: [Buffer] = []
    nonisolated(unsafe) private static var lock = pthread_mutex_t()
    private static let lockReady: Void = { pthread_mutex_init(&lock, nil) }()

    /// Runs `body` with `count` uninitialised floats, returned to the pool after.
    static func with<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        _ = lockReady
        pthread_mutex_lock(&lock)
        let buffer = free.popLast() ?? Buffer(capacity: count)
        pthread_mutex_unlock(&lock)
        buffer.reserve(count)
        defer {
            pthread_mutex_lock(&lock)
            free.append(buffer)
            pthread_mutex_unlock(&lock)
        }
        return body(buffer.pointer)
    }
}
