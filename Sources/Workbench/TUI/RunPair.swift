import Experiments

/// Two marked runs side by side: their config diff, made when the box opens
/// (from the listings, no files read), and the first line of it shown. McNemar's
/// test reads both predictions.csv: the catalog computes it off the UI thread.
struct RunPair {
    let first: RunListing, second: RunListing
    /// The keys that differ, then the identity keys; or why the configs could not be compared.
    let diff: Result<RunDiff, Error>
    var top = 0

    init(_ a: RunListing, _ b: RunListing) {
        (first, second) = (a, b)
        diff = Result { try RunDiff(a, b) }
    }

    /// What the box calls a run: its name, else its id.
    static func label(_ run: RunListing) -> String { run.annotations.name ?? run.id }
}
