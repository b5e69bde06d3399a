import Experiments
import Foundation

/// Keras-style progress: on a terminal a bar redrawn in place per batch
/// (at most 10 times a second), fitted to the terminal's width (a line that
/// wrapped would leave its first row behind at every redraw); otherwise one
/// plain line per epoch.
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
            write("\r\u{1B}[2K" + Self.batchLine(epoch: epoch, batch: b.batch, batches: b.batches, eta: eta, loss: b.loss, accuracy: b.accuracy,
                                                  rate: rate, width: Self.terminalWidth()))
        case let .epochEnded(r):
            let line = String(format: "Epoch %d/%d - %@ - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f - %.1f img/s",
                              r.epoch, r.epochs, Self.duration(r.seconds), r.trainLoss, r.trainAccuracy, r.validationLoss, r.validationAccuracy, r.imagesPerSecond)
            write((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n")
        case let .changed(change):
            write((isTerminal ? "\r\u{1B}[2K" : "") + change.logText + "\n")
        case .tested, .finished:
            break
        }
    }

    func finish(_ s: RunSummary, directory: String, announcingResume: Bool = true) {
        if let acc = s.testAccuracy, let ci = s.testAccuracyInterval {
            write(String(format: "test accuracy %.4f (Wilson 95%% interval %.4f-%.4f, %d images)\n", acc, ci.low, ci.high, s.testConfusion?.total ?? 0))
        }
        if announcingResume, let line = Self.resumeLine(s, directory: directory) { write(line + "\n") }
        write("run record: \(directory)\n")
    }

    /// For a run stopped before its end: how far it got and the command that continues it.
    static func resumeLine(_ s: RunSummary, directory: String) -> String? {
        guard s.state == .stopped, !directory.isEmpty else { return nil }
        return "stopped after epoch \(s.epochsCompleted) of \(s.epochsPlanned); continue with: workbench train --resume \(directory)"
    }

    private func write(_ s: String) {
        Console.out(s)
    }

    /// The progress line in fewer than `width` columns (the last one would
    /// wrap on some terminals): the bar narrows from 30 to 10; then the
    /// figures go from the right; then the bar; then it is cut.
    static func batchLine(epoch: Int, batch: Int, batches: Int, eta: Double, loss: Float, accuracy: Float, rate: Double, width: Int) -> String {
        let head = "Epoch \(epoch) \(pad(batch, batches))/\(batches)"
        let parts = ["ETA: \(duration(eta))", String(format: "loss: %.4f", loss), String(format: "accuracy: %.4f", accuracy), String(format: "%.1f img/s", rate)]
        let limit = width - 1
        func tail(_ kept: Int) -> String { parts.prefix(kept).map { " - " + $0 }.joined() }
        for kept in [4, 3, 2] {
            let room = limit - head.count - tail(kept).count - 3
            if room >= 10 { return head + " " + bar(batch, batches, width: min(room, 30)) + tail(kept) }
        }
        for kept in stride(from: 4, through: 0, by: -1) where head.count + tail(kept).count <= limit { return head + tail(kept) }
        return String(head.prefix(max(limit, 0)))
    }

    /// Columns of the terminal on stdout: the kernel's window size, else $COLUMNS, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 80
    }

    private static func bar(_ i: Int, _ n: Int, width: Int) -> String {
        let filled = i * width / max(n, 1)
        return "[" + String(repeating: "=", count: max(filled - 1, 0)) + (filled > 0 ? (i == n ? "=" : ">") : "")
            + String(repeating: ".", count: width - filled) + "]"
    }

    private static func pad(_ i: Int, _ n: Int) -> String {
        String(repeating: " ", count: max(String(n).count - String(i).count, 0)) + String(i)
    }

    private static func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}
