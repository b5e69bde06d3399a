import Dispatch
import Experiments
import Foundation

/// Reads the run folders under a root off the UI thread, and forms their
/// groups of seeds there too (t intervals per epoch are not the UI's work). The
/// UI asks for a refresh and takes whatever the latest finished scan found (nil
/// before the first one ends: not yet read is not "no runs").
final class RunCatalog: @unchecked Sendable {
    let root: String
    private let queue = DispatchQueue(label: "workbench.runs", qos: .utility)
    private let lock = NSLock()
    private var found: (runs: [RunListing], problems: [String], groups: [RunGroup])?
    private var scans = 0
    private var scanning = false
    private var errors: [String: Result<Misclassifications, Error>] = [:]
    private var loading: Set<String> = []
    private var comparisons: [String: Result<RunComparison, Error>] = [:]
    private(set) var lastRequest = Date.distantPast

    init(root: String) { self.root = root }

    var latest: (runs: [RunListing], problems: [String], groups: [RunGroup])? {
        lock.lock()
        defer { lock.unlock() }
        return found
    }

    /// How many scans have finished: a new one is news to draw.
    var version: Int {
        lock.lock()
        defer { lock.unlock() }
        return scans
    }

    /// Starts a scan unless one is under way; `archived`: the runs in `archive/` too.
    func refresh(includingArchived archived: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        lastRequest = Date()
        guard !scanning else { return }
        scanning = true
        queue.async { [self] in
            let result = RunListing.scan(root, includingArchived: archived)
            let groups = RunGroup.groups(of: result.runs)
            lock.lock()
            found = (result.runs, result.problems, groups)
            scans += 1
            scanning = false
            lock.unlock()
        }
    }

    /// McNemar's test of two runs on their predictions.csv, computed off the
    /// UI thread; nil while it is. Kept per pair of folders: a finished run's predictions do not change.
    func comparison(of a: RunListing, _ b: RunListing) -> Result<RunComparison, Error>? {
        let key = a.directory + "\n" + b.directory
        lock.lock()
        defer { lock.unlock() }
        if let r = comparisons[key] { return r }
        if !loading.contains(key) {
            loading.insert(key)
            queue.async { [self] in
                let result = Result { try RunComparison.compare(a.directory, b.directory) }
                lock.lock()
                comparisons[key] = result
                loading.remove(key)
                lock.unlock()
            }
        }
        return nil
    }

    /// The test set's misclassified images of a recorded run, rebuilt off the
    /// UI thread from its predictions.csv and its data; nil while loading.
    func testErrors(of run: RunListing) -> Result<Misclassifications, Error>? {
        lock.lock()
        defer { lock.unlock() }
        if let r = errors[run.id] { return r }
        if !loading.contains(run.id) {
            loading.insert(run.id)
            queue.async { [self] in
                let result = Result { try Misclassifications.recorded(run) }
                lock.lock()
                errors[run.id] = result
                loading.remove(run.id)
                lock.unlock()
            }
        }
        return nil
    }
}
