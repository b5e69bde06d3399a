import Foundation

/// What a user (the TUI, or a signal handler) can ask of a running training.
public enum SessionCommand: Sendable, Equatable {
    case pause, resume, stop
    case setLearningRate(Float)
    case setDropout(Float)
}

/// A thread-safe queue of commands, read by the training thread between
/// batches; while paused, the training thread waits here for the next command.
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

    /// Commands sent since the last call, without waiting.
    func take() -> [SessionCommand] {
        condition.lock()
        defer { condition.unlock() }
        return takePending()
    }

    /// Waits until a command arrives (while paused), then takes those sent.
    func waitForCommands() -> [SessionCommand] {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty { condition.wait() }
        return takePending()
    }

    private func takePending() -> [SessionCommand] {
        defer { pending.removeAll() }
        return pending
    }
}
