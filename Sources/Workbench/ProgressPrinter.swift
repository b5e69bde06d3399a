import Experiments
import Foundation

/// Keras-style progress: on a terminal a bar redrawn in place per batch
/// (at most 10 times a second); otherwise one plain line per epoch.
final class ProgressPrinter {
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private let preset: String
    private var lastDraw = Date.distantPast

    init(preset: String) { self.preset = preset }

    func handle(_ event: RunEvent) {
        switch event {
        case let .started(id, train, val, test, from, epochs):
            write("\(preset): run \(id), \(train) train / \(val) val / \(test) test images"
                  + (from > 0 ? ", resuming after epoch \(from) of \(epochs)" : "") + "\n")
        case let .batch(epoch, b, rate, elapsed):
            guard isTerminal, b.batch == b.batches || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            let eta = Double(b.batches - b.batch) * elapsed / Double(b.batch)
            write("\r\u{1B}[2KEpoch \(epoch) \(pad(b.batch, b.batches))/\(b.batches) \(bar(b.batch, b.batches)) - ETA: \(duration(eta))"
                  + String(format: " - loss: %.4f - accuracy: %.4f - %.1f img/s", b.loss, b.accuracy, rate))
        case let .epochEnded(r):
            let line = String(format: "Epoch %d/%d - %@ - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f - %.1f img/s",
                              r.epoch, r.epochs, duration(r.seconds), r.trainLoss, r.trainAccuracy, r.validationLoss, r.validationAccuracy, r.imagesPerSecond)
            write((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n")
        case let .changed(change):
            write((isTerminal ? "\r\u{1B}[2K" : "") + change.logText + "\n")
        case .tested, .finished:
            break
        }
    }

    func finish(_ s: RunSummary, directory: String) {
        if let acc = s.testAccuracy, let ci = s.testAccuracyInterval {
            write(String(format: "test accuracy %.4f (Wilson 95%% interval %.4f-%.4f, %d images)\n", acc, ci.low, ci.high, s.testConfusion?.total ?? 0))
        }
        if let line = Self.resumeLine(s, directory: directory) { write(line + "\n") }
        write("run record: \(directory)\n")
    }

    /// For a run stopped before its end: how far it got and the command that continues it.
    static func resumeLine(_ s: RunSummary, directory: String) -> String? {
        guard s.state == .stopped, !directory.isEmpty else { return nil }
        return "stopped after epoch \(s.epochsCompleted) of \(s.epochsPlanned); continue with: workbench train --resume \(directory)"
    }

    private func write(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    private func bar(_ i: Int, _ n: Int) -> String {
        let width = 30, filled = i * width / max(n, 1)
        return "[" + String(repeating: "=", count: max(filled - 1, 0)) + (filled > 0 ? (i == n ? "=" : ">") : "")
            + String(repeating: ".", count: width - filled) + "]"
    }

    private func pad(_ i: Int, _ n: Int) -> String {
        String(repeating: " ", count: String(n).count - String(i).count) + String(i)
    }

    private func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}
