import Dispatch
import Experiments
import Foundation

/// Reads the search folders under a root off the UI thread, as `RunCatalog`
/// reads runs: the UI asks for a refresh and draws the latest finished scan
/// (nil before the first one ends).
final class SearchCatalog: @unchecked Sendable {
    let root: String
    private let queue = DispatchQueue(label: "workbench.searches", qos: .utility)
    private let lock = NSLock()
    private var found: (searches: [SearchFolder], problems: [String])?
    private var scans = 0
    private var scanning = false
    private(set) var lastRequest = Date.distantPast

    init(root: String) { self.root = root }

    var latest: (searches: [SearchFolder], problems: [String])? {
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

    /// Starts a scan unless one is under way.
    func refresh() {
        lock.lock()
        defer { lock.unlock() }
        lastRequest = Date()
        guard !scanning else { return }
        scanning = true
        queue.async { [self] in
            let result = SearchFolder.scan(root)
            lock.lock()
            found = result
            scans += 1
            scanning = false
            lock.unlock()
        }
    }
}
