import Foundation

/// What a user (the TUI, or a signal handler) can ask of a running training.
public enum SessionCommand: Sendable, Equatable {
    case pause, resume, stop
    case setLearningRate(Float)
    case setDropout(Float)
}

/// A thread-safe queue of commands, read by the training thread between
/// batches. While paused, `take` blocks until resume or stop.
public final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [SessionCommand] = []

    public init() {}

    public func send(_ command: SessionCommand) {
        condition.lock()
        pending.append(command)
        condition.signal()
        condition.unlock()
    }

    /// Commands sent since the last call; waits while the last of them is a pause.
    func take(paused: inout Bool) -> [SessionCommand] {
        condition.lock()
        defer { condition.unlock() }
        var taken: [SessionCommand] = []
        repeat {
            for c in pending {
                taken.append(c)
                if c == .pause { paused = true }
                if c == .resume || c == .stop { paused = false }
            }
            pending.removeAll()
            if paused { condition.wait() }
        } while paused
        return taken
    }
}
