import Dispatch
import Foundation

/// Ctrl-C and SIGTERM (SIGHUP too, for the UI) as a request to stop after the
/// current batch, keeping the checkpoint: the one signal helper of headless
/// training and of the UI. The first signal calls `action` (headless: a stop
/// command into the run's mailbox) and sets `received` (the UI's loop polls
/// it); a second one, or one while nothing watches, exits at once with 130
/// (as headless `train` does). The signal sources are made once per process and signal:
/// libdispatch on Linux does not deliver to sources made again for a signal
/// after earlier ones were cancelled, so the second run of `runs: 2`,
/// `reproduce` or `compare --5x2cv` would not stop on Ctrl-C.
final class StopSignal: @unchecked Sendable {
    private static let lock = NSLock()
    private static var sources: [Int32: DispatchSourceSignal] = [:]
    private static var watcher: StopSignal?

    private let signals: [Int32]
    private let action: (() -> Void)?
    private var count = 0   // under `lock`

    /// Watches `signals` from now until `cancel()`; `action` nil: only `received` says a signal came.
    init(watching signals: [Int32] = [SIGINT, SIGTERM], action: (() -> Void)? = nil) {
        self.signals = signals
        self.action = action
        Self.lock.lock()
        defer { Self.lock.unlock() }
        Self.watcher = self
        for sig in signals where Self.sources[sig] == nil {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: DispatchQueue(label: "signals"))
            s.setEventHandler { StopSignal.received(sig) }
            s.resume()
            Self.sources[sig] = s
        }
    }

    /// Whether a signal came since this watch began.
    var received: Bool {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        return count > 0
    }

    /// The watch is over: a signal from now on exits at once.
    func cancel() {
        Self.lock.lock()
        if Self.watcher === self { Self.watcher = nil }
        Self.lock.unlock()
    }

    private static func received(_ sig: Int32) {
        lock.lock()
        let current = watcher.flatMap { $0.signals.contains(sig) ? $0 : nil }
        current?.count += 1
        let first = current?.count == 1
        lock.unlock()
        guard let current, first else { exit(130) }
        if let action = current.action {
            Console.error("\nstopping after this batch (again to quit at once)\n")
            action()
        }
    }
}
