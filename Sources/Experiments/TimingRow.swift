/// One row of a run's timings.csv: epoch,seconds,images_per_second.
struct TimingRow: Equatable, Sendable {
    let epoch: Int
    let seconds: Double, imagesPerSecond: Double

    static let header = ["epoch", "seconds", "images_per_second"]

    init?(fields f: [String]) {
        guard f.count == Self.header.count, let epoch = Int(f[0]), epoch >= 1,
              let s = Double(f[1]), s >= 0, let rate = Double(f[2]), rate >= 0 else { return nil }
        (self.epoch, seconds, imagesPerSecond) = (epoch, s, rate)
    }

    static func validRows(_ text: String, path: String) throws -> [(epoch: Int, fields: [String])] {
        try CSV(parsing: text, path: path, expected: header).rows.map { r in
            guard let row = TimingRow(fields: r.fields) else {
                throw IOFailure(path: path, "line \(r.line) is not epoch,seconds,images_per_second (a whole epoch >= 1, two numbers >= 0): '\(CSV.line(r.fields))'")
            }
            return (row.epoch, r.fields)
        }
    }
}
