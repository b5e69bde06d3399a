import ArgumentParser
import Experiments
import Foundation
import NN

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Training and inference images/s per preset, GFLOP/s and share of the measured sgemm peak.",
        discussion: "Each preset is measured in a child process of its own, so its peak RSS is its own.")

    @Option(name: .customLong("preset"), help: "Presets to measure (repeatable); default: all in experiments/.")
    var presets: [String] = []

    @Option(help: "Batch size.")
    var batch = 32

    @Option(help: "Timed samples per measurement (after 2 warm-up steps), each of as many steps as last 0.2 s; the median is reported.")
    var steps = 7

    @Option(help: "Worker threads for matrix products and every other parallel loop.")
    var threads = 2

    @Flag(help: "One JSON object per preset per line.")
    var json = false

    @Flag(help: "Also time one real epoch end to end on the report profile: data preparation, augmentation, training, validation, checkpoint.")
    var epoch = false

    @Flag(help: "Instead of the summary, each layer's inference, forward and backward time and its share of a training step.")
    var layers = false

    @Option(help: ArgumentHelp("Input size instead of the preset's (32x32x1), e.g. 224x224x3, the study's own.", valueName: "HxWxC"))
    var input: InputSize?

    @OptionGroup var kernels: KernelOptions

    @Flag(help: "Only say what would run: the CPU, our kernels' instruction set and OpenBLAS' core.")
    var machine = false

    @Flag(help: "Only the sgemm 2048^3 peak (GEMM.sgemm on the workers), with what runs it.")
    var sgemm = false

    @Option(help: .hidden)
    var products: GEMM.Products?

    @Flag(help: .hidden)
    var child = false

    func run() throws {
        let names = presets.isEmpty ? Presets.all.filter { $0 != "vgg16-v3" } : presets   // v3 is v2's network
        GEMM.threadCount = threads
        kernels.apply()
        GEMM.Products.forced = products
        func config(_ preset: String) throws -> ExperimentConfig {
            try ConfigLoader.load(Presets.path(for: preset), overrides: input?.overrides ?? [])
        }
        if machine {
            print(machineLines.joined(separator: "\n"))
            return
        }
        if layers {
            for n in names {
                print("\(n), batch \(batch):")
                print(LayerProfile.table(try LayerProfile.measure(try config(n), batch: batch, steps: steps)))
            }
            return
        }
        if child {
            for n in names {
                let r = try Benchmark.measure(try config(n), batch: batch, steps: steps)
                print(String(decoding: try JSONEncoder().encode(r), as: UTF8.self))
            }
            return
        }
        let peak = Benchmark.sgemmPeak()
        if sgemm {
            print(machineLines.joined(separator: "\n"))
            print(String(format: "sgemm 2048^3 peak: %.1f GFLOP/s on %d threads, by %@", peak, threads, GEMM.Products.current.rawValue))
            return
        }
        let description = MachineDescription.current
        if !json {
            print(machineLines[0...1].joined(separator: "\n"))
            print(String(format: "sgemm 2048^3 peak: %.1f GFLOP/s on %d threads; batch %d, %@ input", peak, threads, batch, input?.description ?? "32x32x1"))
            if let why = BLASAdvice.belowCPU() { print(why) }
        }
        if !json { print("preset        train img/s  infer img/s  train GFLOP/s  share of peak  peak RSS MiB") }
        for n in names {
            let line = try measureInChild(n)
            guard let r = try? JSONDecoder().decode(Benchmark.Result.self, from: Data(line.utf8)) else {
                throw ValidationError("bench child for \(n) printed no result: \(line)")
            }
            let timing = epoch ? try EpochTiming.measure(try ConfigLoader.load(Presets.path(for: n), overrides: ["data.profile=report", "epochs=1"])) : nil
            if json {
                var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                object["sgemm_peak_gflops"] = peak
                (object["cpu"], object["kernels"], object["blas"]) = (description.cpu, description.kernels, description.blas)
                object["blas_core"] = BLAS.status.core
                object["input"] = input?.description ?? "32x32x1"
                object["share_of_sgemm_peak"] = r.trainGFLOPs / peak
                if let t = timing {
                    (object["epoch_seconds"], object["epoch_preparation_seconds"], object["epoch_training_seconds"]) = (t.total, t.preparation, t.training)
                }
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print(String(format: "%@ %11.1f  %11.1f  %13.1f  %12.0f%%  %12.0f", n.padding(toLength: 12, withPad: " ", startingAt: 0),
                             r.trainImagesPerSecond, r.inferImagesPerSecond, r.trainGFLOPs, 100 * r.trainGFLOPs / peak, r.peakRSSMiB))
                if let t = timing {
                    print(String(format: "             one report epoch end to end: %.1f s (data preparation %.1f s, training %.1f s, "
                                 + "validation, test and files %.1f s)", t.total, t.preparation, t.training, t.total - t.preparation - t.training))
                }
            }
        }
    }

    /// The CPU and what runs on it; the advice, if the BLAS is below the CPU.
    private var machineLines: [String] {
        let cpu = CPUFeatures.current, now = MachineDescription.current
        return ["CPU: \(cpu.model) (\(cpu.vendor) family \(cpu.family) model \(cpu.modelNumber)); it runs "
                    + InstructionSet.supported.map(\.rawValue).joined(separator: ", "),
                "our kernels: \(now.kernels); OpenBLAS: \(now.blas)"] + (BLASAdvice.belowCPU().map { [$0] } ?? [])
    }

    private func measureInChild(_ preset: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = ["bench", "--child", "--preset", preset, "--batch", String(batch), "--steps", String(steps), "--threads", String(threads)]
            + kernels.arguments + (products.map { ["--products", $0.rawValue] } ?? []) + (input.map { ["--input", $0.description] } ?? [])
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ValidationError("bench child for \(preset) failed with status \(p.terminationStatus)") }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// One real epoch of a preset, timed from data preparation to the last file written.
enum EpochTiming {
    static func measure(_ config: ExperimentConfig) throws -> (total: Double, preparation: Double, training: Double) {
        let root = NSTemporaryDirectory() + "/bench-epoch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let start = Date()
        let run = try TrainingRun(config: config, root: root)
        let prepared = Date()
        var training = 0.0
        try run.run { if case let .epochEnded(r) = $0 { training = r.seconds } }
        return (Date().timeIntervalSince(start), prepared.timeIntervalSince(start), training)
    }
}

/// `--input HxWxC`.
struct InputSize: ExpressibleByArgument, CustomStringConvertible {
    let height: Int, width: Int, channels: Int

    init?(argument: String) {
        let parts = argument.split(separator: "x").map { Int($0) }
        guard parts.count == 3, let h = parts[0], let w = parts[1], let c = parts[2],
              (1...4096).contains(h), (1...4096).contains(w), c == 1 || c == 3 else { return nil }
        (height, width, channels) = (h, w, c)
    }

    var description: String { "\(height)x\(width)x\(channels)" }
    var overrides: [String] { ["input.height=\(height)", "input.width=\(width)", "input.channels=\(channels)"] }
}

/// Why the sgemm peak is lower than this CPU allows, when it is.
enum BLASAdvice {
    static func belowCPU() -> String? {
        let status = BLAS.status, best = InstructionSet.best
        guard status.instructionSet < best else { return nil }
        switch status.choice {
        case .environment:
            return "  below this CPU: OPENBLAS_CORETYPE=\(status.core) in the environment runs OpenBLAS' \(status.instructionSet.rawValue) kernels "
                + "though the CPU has \(best.rawValue); unset OPENBLAS_CORETYPE to let the workbench choose "
                + (BLAS.replacement(forCore: status.core, on: best) ?? "better ones")
        case .fallback:
            return "  below this CPU: OpenBLAS fell back to its generic \(status.core) kernels and could not be reloaded; "
                + "set OPENBLAS_CORETYPE=\(BLAS.replacement(forCore: status.core, on: best) ?? "SkylakeX") before starting the workbench"
        case .detected, .corrected:
            return nil
        }
    }
}
