/// The runs table as data: per run folder what the Runs screen shows, with
/// lr and dropout as the run was left (live changes applied: the record's
/// word, RunListing.tunedConfig) beside the values it started with.
/// `workbench runs` writes it as text, CSV, JSON or Markdown.
public struct RunTable: Sendable {
    public struct Row: Equatable, Sendable {
        public let id: String
        public let directory: String
        public let name: String?
        public let tags: [String]
        public let note: String?
        public let preset: String
        public let network: String
        public let optimizer: String
        /// As left: the last live change, or the config's value.
        public let lr: Double, dropout: Double
        public let startLR: Double, startDropout: Double
        public let tunedLive: Bool
        public let batchSize: Int
        public let epochsCompleted: Int, epochsPlanned: Int
        public let bestValidationAccuracy: Double?, bestValidationEpoch: Int?
        public let testAccuracy: Double?
        /// Wilson 95 % interval of the test accuracy.
        public let testInterval: Interval?
        /// Training time, pauses left out (timings.csv).
        public let seconds: Double
        public let state: RunSummary.State
        /// In `<out>/archive/`.
        public let archived: Bool

        public init(_ run: RunListing) {
            let c = run.tunedConfig, s = run.summary
            (id, directory, preset, network) = (run.id, run.directory, c.preset, c.network.rawValue)
            (name, tags, note) = (run.annotations.name, run.annotations.tags, run.annotations.note)
            (optimizer, lr, dropout) = (c.optimizer.kind.rawValue, c.optimizer.lr, c.dropout)
            (startLR, startDropout, tunedLive) = (run.config.optimizer.lr, run.config.dropout, run.isTunedLive)
            (batchSize, epochsCompleted, epochsPlanned) = (c.batchSize, run.epochsCompleted, c.epochs)
            (bestValidationAccuracy, bestValidationEpoch) = (s?.bestValidationAccuracy, s?.bestValidationEpoch)
            (testAccuracy, testInterval) = (s?.testAccuracy, s?.testAccuracyInterval)
            (seconds, state, archived) = (run.seconds, run.state, run.isArchived)
        }
    }

    public let rows: [Row]

    /// In the order given (RunListing.scan: newest first).
    public init(_ runs: [RunListing]) { rows = runs.map(Row.init) }
}
