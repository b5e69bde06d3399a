import CMPI
import Experiments
import Foundation

/// `mpirun -np N workbench search ...`: rank 0 schedules and trains one job on a
/// thread of its own; ranks 1...N-1 train the jobs it sends. The search folder
/// must be one path every rank sees (a shared `--out`). Messages are the same
/// JSON as `--parallel`'s lines, over Open MPI (loaded at run time: see CMPI).
final class MPIWorkers: TrialWorkers {
    static let orderTag: Int32 = 1, reportTag: Int32 = 2, quitTag: Int32 = 3

    /// This process's place when mpirun started it with more than one rank; nil otherwise.
    static func launched() throws -> (rank: Int, size: Int)? {
        guard let n = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init), n > 1 else { return nil }
        var message = [CChar](repeating: 0, count: 300)
        guard cmpi_start(&message) == 0 else { throw IOFailure(path: "mpirun", String(cString: message)) }
        return (Int(cmpi_rank()), Int(cmpi_size()))
    }

    private let size: Int
    private let training: TrialTraining
    private var busy: Set<Int> = []   // ranks with a job; 0 is this one
    private let local = DispatchSemaphore(value: 0)
    private var localReport: WorkReport?   // set before `local` is signalled

    init(size: Int, training: TrialTraining) {
        self.size = size
        self.training = training
    }

    var capacity: Int { size }

    func submit(_ order: WorkOrder) throws {
        guard let rank = (0..<size).first(where: { !busy.contains($0) }) else { throw IOFailure(path: order.run, "no idle rank for it") }
        busy.insert(rank)
        guard rank != 0 else {
            let training = training
            Thread.detachNewThread { [self] in
                localReport = training.carryOut(order)
                localReport?.worker = "rank 0 on \(ProcessInfo.processInfo.hostName)"
                local.signal()
            }
            return
        }
        try Self.send(try JSONEncoder().encode(order), to: rank, tag: Self.orderTag)
    }

    /// Rank 0's own job or a report from another rank, whichever comes first.
    func nextReport() throws -> WorkReport {
        while true {
            if busy.contains(0), local.wait(timeout: .now()) == .success, let r = localReport {
                busy.remove(0)
                return r
            }
            var waiting: Int32 = 0, source: Int32 = 0, tag: Int32 = 0, count: Int32 = 0
            guard cmpi_poll(&waiting, &source, &tag, &count) == 0 else { throw IOFailure(path: "mpirun", "MPI_Iprobe failed") }
            if waiting != 0 {
                let data = try Self.receive(count: count, from: source, tag: tag)
                busy.remove(Int(source))
                return try JSONDecoder().decode(WorkReport.self, from: data)
            }
            usleep(20_000)
        }
    }

    func finish() {
        for rank in 1..<size { try? Self.send(Data(), to: rank, tag: Self.quitTag) }
        cmpi_finish()
    }

    /// A rank above 0: jobs from rank 0 until it says quit.
    static func serve(_ training: TrialTraining) throws {
        defer { cmpi_finish() }
        while true {
            var from: Int32 = 0, tag: Int32 = 0, count: Int32 = 0
            guard cmpi_wait(0, &from, &tag, &count) == 0 else { throw IOFailure(path: "mpirun", "MPI_Probe failed") }
            let data = try receive(count: count, from: 0, tag: tag)
            guard tag == orderTag else { return }
            let report: WorkReport
            if let order = try? JSONDecoder().decode(WorkOrder.self, from: data) {
                var r = training.carryOut(order)
                r.worker = "rank \(cmpi_rank()) on \(ProcessInfo.processInfo.hostName)"
                report = r
            } else {
                report = WorkReport(trial: -1, failure: "rank \(cmpi_rank()) got a message that is not a job")
            }
            try send(try JSONEncoder().encode(report), to: 0, tag: reportTag)
        }
    }

    private static func send(_ data: Data, to rank: Int, tag: Int32) throws {
        let rc = data.withUnsafeBytes { cmpi_send($0.baseAddress, Int32(data.count), Int32(rank), tag) }
        guard rc == 0 else { throw IOFailure(path: "mpirun", "MPI_Send to rank \(rank) failed (\(rc))") }
    }

    private static func receive(count: Int32, from source: Int32, tag: Int32) throws -> Data {
        var bytes = [UInt8](repeating: 0, count: max(Int(count), 1))
        guard cmpi_receive(&bytes, count, source, tag) == 0 else { throw IOFailure(path: "mpirun", "MPI_Recv from rank \(source) failed") }
        return Data(bytes.prefix(Int(count)))
    }
}
