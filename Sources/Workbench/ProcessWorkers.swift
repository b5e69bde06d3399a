import Experiments
import Foundation
import Glibc

/// `search --parallel K`: K child processes of this binary (`search --worker`),
/// each training one job at a time on its share of the cores. Orders go to a
/// child's stdin and reports come back on its stdout, one JSON line each; the
/// child's progress goes to the shared stderr. Ctrl-C reaches them through `interrupt`.
final class ProcessWorkers: TrialWorkers {
    private final class Child {
        let process = Process()
        let orders = Pipe(), reports = Pipe()
        var busy = false   // under the workers' `lock`
    }

    private let children: [Child]
    private let arrived = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var inbox: [(child: Int, line: String)] = []   // under `lock`

    init(count: Int, arguments: [String]) throws {
        // A child that died makes writing its orders fail with EPIPE, an error to report, instead of SIGPIPE killing this process.
        signal(SIGPIPE, SIG_IGN)
        children = (0..<count).map { _ in Child() }
        for (i, c) in children.enumerated() {
            c.process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            c.process.arguments = ["search", "--worker"] + arguments
            c.process.standardInput = c.orders
            c.process.standardOutput = c.reports
            try c.process.run()
            let handle = c.reports.fileHandleForReading
            Thread.detachNewThread { [weak self] in
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    guard !chunk.isEmpty else {
                        self?.deliver(i, "")   // end of file: the child is gone
                        return
                    }
                    pending.append(chunk)
                    while let n = pending.firstIndex(of: 0x0A) {
                        self?.deliver(i, String(decoding: pending[pending.startIndex..<n], as: UTF8.self))
                        pending.removeSubrange(pending.startIndex...n)
                    }
                }
            }
        }
    }

    private func deliver(_ child: Int, _ line: String) {
        lock.lock()
        inbox.append((child, line))
        lock.unlock()
        arrived.signal()
    }

    var capacity: Int { children.count }

    func submit(_ order: WorkOrder) throws {
        guard let c = children.first(where: { !isBusy($0) }) else { throw IOFailure(path: order.run, "no idle worker process for it") }
        var line = try JSONEncoder().encode(order)
        line.append(0x0A)
        setBusy(c, true)
        try c.orders.fileHandleForWriting.write(contentsOf: line)
    }

    func nextReport() throws -> WorkReport {
        var (i, line) = take()
        // An idle child that ends (Ctrl-C reaches the whole process group) had nothing to report.
        while line.isEmpty && !isBusy(children[i]) { (i, line) = take() }
        setBusy(children[i], false)
        guard !line.isEmpty else {
            throw IOFailure(path: "worker process \(children[i].process.processIdentifier)", "ended before reporting its job (exit status \(children[i].process.terminationStatus))")
        }
        do {
            return try JSONDecoder().decode(WorkReport.self, from: Data(line.utf8))
        } catch {
            throw IOFailure(path: "worker process \(children[i].process.processIdentifier)", "sent '\(line)', not a job report")
        }
    }

    /// Passes a Ctrl-C on: each child stops after its batch, as `train` does (they
    /// run in process groups of their own, so a terminal's Ctrl-C reaches this process only).
    /// Only busy children: an idle one, waiting for orders, would take the signal as "quit now".
    func interrupt() {
        lock.lock()
        defer { lock.unlock() }
        for c in children where c.busy && c.process.isRunning { kill(c.process.processIdentifier, SIGINT) }
    }

    // `busy` is read by `interrupt` on the signal queue too.
    private func isBusy(_ c: Child) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return c.busy
    }

    private func setBusy(_ c: Child, _ busy: Bool) {
        lock.lock()
        c.busy = busy
        lock.unlock()
    }

    private func take() -> (Int, String) {
        arrived.wait()
        lock.lock()
        defer { lock.unlock() }
        return inbox.removeFirst()
    }

    func finish() {
        for c in children {
            try? c.orders.fileHandleForWriting.close()
            c.process.waitUntilExit()
        }
    }

    /// The child's side: orders from stdin until it closes, one report line each on
    /// the original stdout; everything else this process prints goes to stderr.
    static func serve(_ training: TrialTraining) {
        let reportFD = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        while let line = readLine() {
            let report: WorkReport
            if let order = try? JSONDecoder().decode(WorkOrder.self, from: Data(line.utf8)) {
                var r = training.carryOut(order)
                r.worker = "process \(getpid())"
                report = r
            } else {
                report = WorkReport(trial: -1, failure: "a worker got '\(line)', not a job")
            }
            guard var bytes = try? JSONEncoder().encode(report) else { return }
            bytes.append(0x0A)
            let written = bytes.withUnsafeBytes { write(reportFD, $0.baseAddress, $0.count) }
            guard written == bytes.count else { return }
        }
    }
}
