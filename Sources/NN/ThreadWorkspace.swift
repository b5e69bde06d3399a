import Foundation

/// A buffer of floats per thread, kept for the thread's life: the packing space
/// of our GEMM, which runs inside parallel loops and is called thousands of
/// times a step (a fresh allocation of that size would be a fresh mmap and its
/// page faults every call).
enum ThreadWorkspace {
    private final class Buffer {
        let pointer: UnsafeMutablePointer<Float>, capacity: Int
        init(_ capacity: Int) {
            self.capacity = capacity
            pointer = .allocate(capacity: capacity)
        }
        deinit { pointer.deallocate() }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in if let raw { Unmanaged<AnyObject>.fromOpaque(raw).release() } }
        return key
    }()

    /// This thread's buffer of at least `count` floats (contents undefined).
    static func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        if let raw = pthread_getspecific(key) {
            let buffer = Unmanaged<Buffer>.fromOpaque(raw).takeUnretainedValue()
            if buffer.capacity >= count { return buffer.pointer }
            Unmanaged<Buffer>.fromOpaque(raw).release()
        }
        let buffer = Buffer(count)
        pthread_setspecific(key, Unmanaged.passRetained(buffer).toOpaque())
        return buffer.pointer
    }
}
