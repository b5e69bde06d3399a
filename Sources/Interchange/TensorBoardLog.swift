import Experiments
import Foundation

/// A TensorBoard event file of a run (`events.out.tfevents.*` in a folder that
/// `tensorboard --logdir` reads): per epoch the scalars loss/train, loss/val,
/// accuracy/train, accuracy/val, lr and dropout; accuracy/test and the test
/// confusion matrix (text, a Markdown table) when the run is done; every
/// events.log line as text, its live changes and decays (the lines about an
/// epoch) under `changes`, the rest (created, resumed, done...) under `events`.
///
/// Each call to `pending` gives what the record holds beyond what was given
/// before, so the same code exports a finished run at once (`export`) and
/// follows one while it trains (`append`, after each epoch and change).
public final class TensorBoardLog {
    public let run: String
    public let file: String
    private var startWritten = false, rowsWritten = 0, linesWritten = 0, testWritten = false

    /// A new event file for `run` in `folder` (created if missing).
    public init(run: String, folder: String, now: Date = Date()) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: folder, "cannot create the folder (\(error.localizedDescription))")
        }
        let host = FileName.component(ProcessInfo.processInfo.hostName)
        // TensorBoard reads files whose names hold "tfevents"; the pid keeps two writers apart.
        (self.run, file) = (run, folder + "/events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(host).\(getpid()).workbench")
    }

    /// Writes every event the record holds now into the file, atomically. Returns how many.
    public static func export(run: String, into folder: String) throws -> (file: String, events: Int) {
        let log = try TensorBoardLog(run: run, folder: folder)
        let events = try log.pending()
        try AtomicFile.write(try frames(events), to: log.file)
        return (log.file, events.count)
    }

    /// Appends what the record holds beyond the last call (TensorBoard reads an
    /// event file as it grows, so this one is appended to, not replaced).
    @discardableResult
    public func append() throws -> Int {
        let events = try pending()
        guard !events.isEmpty else { return 0 }
        let data = try Self.frames(events)
        let fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw IOFailure(path: file, "cannot be opened for appending (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return false }
                let n = write(fd, base + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard written else { throw IOFailure(path: file, "cannot be appended to (\(String(cString: strerror(errno))))") }
        return events.count
    }

    private static func frames(_ events: [Tensorboard_Event]) throws -> Data {
        try events.reduce(into: Data()) { $0.append(TFRecord.frame(try $1.serializedBytes())) }
    }

    /// The events not given before, in the order TensorBoard expects (the file version first).
    func pending(now: Date = Date()) throws -> [Tensorboard_Event] {
        let r = try TensorBoardRecord(run: run)
        var out: [Tensorboard_Event] = []
        if !startWritten {
            var e = Tensorboard_Event()
            e.wallTime = (r.start ?? now).timeIntervalSince1970
            e.fileVersion = "brain.Event:2"
            e.sourceMetadata.writer = "workbench"
            out.append(e)
            startWritten = true
        }
        for row in r.metrics.dropFirst(rowsWritten) {
            let time = r.endOfEpoch(row.epoch, fallback: now)
            var values = [Self.scalar("loss/\(row.phase)", row.loss), Self.scalar("accuracy/\(row.phase)", row.accuracy)]
            if row.phase == "train" { values += [Self.scalar("lr", row.lr), Self.scalar("dropout", row.dropout)] }
            out.append(Self.event(step: row.epoch, time: time, values))
        }
        rowsWritten = max(rowsWritten, r.metrics.count)

        for line in r.events.dropFirst(linesWritten) {
            let words = line.text.split(separator: " ")
            // A change names its epoch; another line takes the epochs ended by its time.
            let epoch = words.count > 2 && words[0] == "epoch" ? Int(words[1]) : nil
            let step = epoch ?? r.metrics.filter { r.endOfEpoch($0.epoch, fallback: .distantFuture) <= (line.time ?? now) }.map(\.epoch).max() ?? 0
            out.append(Self.event(step: step, time: line.time ?? now, [Self.text(epoch == nil ? "events" : "changes", line.text)]))
        }
        linesWritten = max(linesWritten, r.events.count)

        if !testWritten, let s = r.summary, s.state == .done, let accuracy = s.testAccuracy {
            let time = r.events.last { $0.text.hasPrefix("done ") }?.time ?? now
            var values = [Self.scalar("accuracy/test", accuracy)]
            if let m = s.testConfusion { values.append(Self.text("confusion/test", Self.markdown(m))) }
            out.append(Self.event(step: s.epochsCompleted, time: time, values))
            testWritten = true
        }
        // By step (stable: the file version stays first), as TensorBoard lists them.
        return out.enumerated().sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
    }

    /// The confusion matrix as a Markdown table, rows true classes, columns predicted.
    static func markdown(_ m: ConfusionMatrix) -> String {
        let head = "| true \\ predicted | " + m.classNames.joined(separator: " | ") + " |"
        let rule = "|" + String(repeating: "---|", count: m.classNames.count + 1)
        let rows = zip(m.classNames, m.counts).map { "| \($0) | " + $1.map(String.init).joined(separator: " | ") + " |" }
        return ([head, rule] + rows).joined(separator: "\n") + String(format: "\n\naccuracy %.4f (%d of %d)", m.accuracy, m.correct, m.total)
    }

    private static func event(step: Int, time: Date, _ values: [Tensorboard_Summary.Value]) -> Tensorboard_Event {
        var e = Tensorboard_Event()
        e.wallTime = time.timeIntervalSince1970
        e.step = Int64(step)
        e.summary.value = values
        return e
    }

    static func scalar(_ tag: String, _ value: Double) -> Tensorboard_Summary.Value {
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.simpleValue = Float(value)
        return v
    }

    /// A text summary as TensorBoard's text plugin writes it: a scalar string tensor.
    static func text(_ tag: String, _ text: String) -> Tensorboard_Summary.Value {
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.metadata.pluginData.pluginName = "text"
        var t = Tensorboard_TensorProto()
        t.dtype = .dtString
        t.tensorShape = Tensorboard_TensorShapeProto()
        t.stringVal = [Data(text.utf8)]
        v.tensor = t
        return v
    }
}
