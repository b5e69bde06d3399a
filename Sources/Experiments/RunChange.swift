/// A change to a run while it trained, as its events.log records it: a
/// command (pause, resume, stop, lr, dropout) applied before batch `batch` of
/// `batches` of `epoch`, logged as `epoch 1 batch 5/8 lr 0.001 -> 0.0002`;
/// or a learning-rate decay decided at the end of `epoch` (no batch), logged
/// as `epoch 5 lr 0.0002 -> 0.0001 (step decay: ...)`.
public struct RunChange: Equatable, Sendable {
    public let epoch: Int
    public let batch: Int?, batches: Int?
    public let text: String

    public init(epoch: Int, batch: Int? = nil, batches: Int? = nil, text: String) {
        (self.epoch, self.batch, self.batches, self.text) = (epoch, batch, batches, text)
    }

    /// Where the charts mark it, in epochs trained: a command after batch - 1
    /// batches of its epoch, a decay at its epoch's end.
    public var position: Double {
        guard let batch, let batches, batches > 0 else { return Double(epoch) }
        return Double(epoch - 1) + Double(batch - 1) / Double(batches)
    }

    /// Its events.log text, after the time.
    public var logText: String {
        guard let batch, let batches else { return "epoch \(epoch) \(text)" }
        return "epoch \(epoch) batch \(batch)/\(batches) \(text)"
    }

    /// A live lr or dropout change: the setting and the value it set.
    public var liveSetting: (name: String, value: Double)? {
        guard batch != nil else { return nil }
        let words = text.split(separator: " ")
        guard words.count == 4, ["lr", "dropout"].contains(words[0]), words[2] == "->", let value = Double(words[3]) else { return nil }
        return (String(words[0]), value)
    }

    /// The line's change, if it records one (`line` includes the time).
    init?(logLine line: Substring) {
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 4, words[1] == "epoch", let epoch = Int(words[2]), epoch >= 1 else { return nil }
        if words[3] == "batch" {
            let place = words.count >= 6 ? words[4].split(separator: "/") : []
            guard place.count == 2, let b = Int(place[0]), let n = Int(place[1]), b >= 1, b <= n else { return nil }
            self.init(epoch: epoch, batch: b, batches: n, text: words[5...].joined(separator: " "))
        } else {
            guard words[3] == "lr" else { return nil }
            self.init(epoch: epoch, text: words[3...].joined(separator: " "))
        }
    }

    /// The changes an events.log records that still count: a resume redoes the
    /// epochs after its checkpoint, so changes made in them before are dropped.
    static func recorded(inEventsLog text: String) -> [RunChange] {
        var changes: [RunChange] = []
        for line in text.split(separator: "\n") {
            if let change = RunChange(logLine: line) {
                changes.append(change)
            } else if let r = line.range(of: " resumed at epoch "), let kept = Int(line[r.upperBound...].prefix { $0.isNumber }) {
                changes.removeAll { $0.epoch > kept }
            }
        }
        return changes
    }
}
