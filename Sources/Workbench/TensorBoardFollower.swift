import Experiments
import Interchange

/// `train --tensorboard DIR`: keeps an event file up with the run, appending
/// what its record gained after each epoch, change and its end (TensorBoardLog
/// reads the files the run has just written). A failed write is said once on
/// stderr and the run trains on without it.
final class TensorBoardFollower {
    private let log: TensorBoardLog
    private let next: (RunEvent) -> Void
    private var failed = false

    init(run: String, folder: String, then next: @escaping (RunEvent) -> Void) throws {
        log = try TensorBoardLog(run: run, folder: folder)
        self.next = next
        Console.out("tensorboard: \(log.file)\n")
    }

    func handle(_ event: RunEvent) {
        next(event)
        if case .batch = event { return }
        guard !failed else { return }
        do {
            try log.append()
        } catch {
            failed = true
            Console.error("warning: tensorboard: \(error); training goes on without it\n")
        }
    }
}
