import Foundation

/// The runs table for scripts and reports. CSV and JSON carry the numbers as
/// recorded, unformatted (Swift's shortest round-trip text, so pandas reads
/// them back exactly), a missing value empty (CSV) or null (JSON); text and
/// Markdown round them for reading, as the Runs screen does.
extension RunTable {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json, markdown }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .csv: return CSV.text(header: Self.columns.map(\.name), rows: rows.map { r in Self.columns.map { $0.value(r).csv } })
        case .json: return json()
        case .markdown: return markdown()
        }
    }

    /// One value of a machine-readable column.
    enum Value {
        case number(Double), integer(Int), text(String), flag(Bool), missing

        var csv: String {
            switch self {
            case .number(let d): return d.isFinite ? "\(d)" : ""
            case .integer(let i): return "\(i)"
            case .text(let s): return s
            case .flag(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }

        var json: String {
            switch self {
            case .number(let d): return d.isFinite ? "\(d)" : "null"
            case .integer(let i): return "\(i)"
            case .text(let s): return Self.quoted(s)
            case .flag(let b): return b ? "true" : "false"
            case .missing: return "null"
            }
        }

        /// A JSON string: JSONEncoder does the escaping (it cannot fail on a String).
        private static func quoted(_ s: String) -> String {
            let e = JSONEncoder()
            e.outputFormatting = .withoutEscapingSlashes
            return (try? e.encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
    }

    /// The CSV header and JSON keys, in this order.
    static let columns: [(name: String, value: (Row) -> Value)] = [
        ("id", { .text($0.id) }),
        ("name", { $0.name.map(Value.text) ?? .missing }),
        // Tags are single words: space-separated they read back unambiguously.
        ("tags", { .text($0.tags.joined(separator: " ")) }),
        ("note", { $0.note.map(Value.text) ?? .missing }),
        ("preset", { .text($0.preset) }),
        ("network", { .text($0.network) }),
        ("optimizer", { .text($0.optimizer) }),
        ("lr", { .number($0.lr) }),
        ("dropout", { .number($0.dropout) }),
        ("lr_start", { .number($0.startLR) }),
        ("dropout_start", { .number($0.startDropout) }),
        ("tuned_live", { .flag($0.tunedLive) }),
        ("batch_size", { .integer($0.batchSize) }),
        ("epochs_done", { .integer($0.epochsCompleted) }),
        ("epochs_planned", { .integer($0.epochsPlanned) }),
        ("best_val_accuracy", { $0.bestValidationAccuracy.map(Value.number) ?? .missing }),
        ("best_val_epoch", { $0.bestValidationEpoch.map(Value.integer) ?? .missing }),
        ("test_accuracy", { $0.testAccuracy.map(Value.number) ?? .missing }),
        ("test_wilson95_low", { $0.testInterval.map { .number($0.low) } ?? .missing }),
        ("test_wilson95_high", { $0.testInterval.map { .number($0.high) } ?? .missing }),
        ("train_seconds", { .number($0.seconds) }),
        ("state", { .text($0.state.rawValue) }),
        ("archived", { .flag($0.archived) }),
        ("directory", { .text($0.directory) }),
    ]

    private func json() -> String {
        let objects = rows.map { r in
            "  {" + Self.columns.map { "\(Value.text($0.name).json): \($0.value(r).json)" }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// The columns a person reads, values rounded as on the Runs screen; a
    /// value set live during training is marked `*`. Name and tags appear
    /// when a run has one; notes (free text, several lines) only in CSV and JSON.
    private var display: (header: [String], rows: [[String]]) {
        let annotated = rows.contains { $0.name != nil || !$0.tags.isEmpty }
        let header = ["run"] + (annotated ? ["name", "tags"] : []) + ["preset", "opt", "lr", "dropout", "batch", "epochs", "best val", "test (Wilson 95%)", "time", "state"]
        let cells = rows.map { r -> [String] in
            let live = { (now: Double, start: Double) in now != start ? "*" : "" }
            let best = r.bestValidationAccuracy.map { String(format: "%.3f @%d", $0, r.bestValidationEpoch ?? 0) } ?? "-"
            let test = r.testAccuracy.map { a in
                r.testInterval.map { String(format: "%.3f (%.3f-%.3f)", a, $0.low, $0.high) } ?? String(format: "%.3f", a)
            } ?? "-"
            let annotation = annotated ? [r.name ?? "-", r.tags.isEmpty ? "-" : r.tags.joined(separator: ",")] : []
            let figures = [r.preset, r.optimizer, String(format: "%g", r.lr) + live(r.lr, r.startLR),
                           String(format: "%.2f", r.dropout) + live(r.dropout, r.startDropout), "\(r.batchSize)",
                           "\(r.epochsCompleted)/\(r.epochsPlanned)", best, test, Self.clock(r.seconds),
                           r.state.rawValue + (r.archived ? " (archived)" : "")]
            return ([r.id] + annotation + figures).map(Self.printable)
        }
        return (header, cells)
    }

    private var footnote: String? {
        rows.contains { $0.lr != $0.startLR || $0.dropout != $0.startDropout } ? "* set live during training (events.log); lr_start and dropout_start in --csv/--json" : nil
    }

    /// Columns padded to their widest cell, two spaces apart.
    private func text() -> String {
        let (header, cells) = display
        let widths = header.indices.map { i in ([header] + cells).map { $0[i].count }.max() ?? 0 }
        let lines = ([header] + cells).map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return (lines + (footnote.map { [$0] } ?? [])).map { $0 + "\n" }.joined()
    }

    private func markdown() -> String {
        let (header, cells) = display
        func line(_ row: [String]) -> String { "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        let rule = "|" + header.map { _ in "---|" }.joined()
        return ([line(header), rule] + cells.map(line) + (footnote.map { ["", $0] } ?? [])).map { $0 + "\n" }.joined()
    }

    /// Training time as m:ss or h:mm:ss.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? max(seconds.rounded(), 0) : 0)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// A folder made by hand may have any name: control characters never reach the terminal.
    static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? "?" : $0 }))
    }
}
