import Foundation
import XCTest

/// What runs on this CPU, as `workbench bench --machine` says it: OpenBLAS'
/// core chosen by the CPU's features, a core set in the environment kept, our
/// kernels' instruction set and `--isa`.
final class MachineSelectionTests: XCTestCase {
    private var binary: String { CommandLineTests.binaryPath }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build -c release")
    }

    private func machine(_ args: [String] = [], environment change: [String: String?]) throws -> (status: Int32, text: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["bench", "--machine"] + args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in change { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private var cpuRuns: [String] {
        get throws {
            let line = try machine(environment: [:]).text.split(separator: "\n").first { $0.hasPrefix("CPU: ") } ?? ""
            return line.components(separatedBy: "it runs ").last?.components(separatedBy: ", ") ?? []
        }
    }

    /// OpenBLAS on a CPU it does not know (made to take its generic Prescott kernels first) is reloaded with the CPU's own.
    func testGenericFallbackIsReloadedWithTheMatchingCore() throws {
        let runs = try cpuRuns
        try XCTSkipUnless(runs.contains("avx2"), "this CPU has no AVX2: Prescott is its match")
        let r = try machine(environment: ["OPENBLAS_CORETYPE": nil, "WORKBENCH_TEST_BLAS_FALLBACK": "Prescott"])
        XCTAssertEqual(r.status, 0, r.text)
        let expected = runs.contains("avx512") ? "SkylakeX" : "Haswell"
        XCTAssertTrue(r.text.contains("OpenBLAS: \(expected) (OpenBLAS chose its generic Prescott kernels for this CPU; reloaded with \(expected))"), r.text)
        XCTAssertTrue(r.text.contains("our kernels: \(runs.last!)"), r.text)
    }

    /// A core the user set is kept, and bench says what it costs.
    func testCoreFromTheEnvironmentIsKeptAndExplained() throws {
        let r = try machine(environment: ["OPENBLAS_CORETYPE": "Prescott"])
        XCTAssertEqual(r.status, 0, r.text)
        XCTAssertTrue(r.text.contains("OpenBLAS: Prescott (kept from OPENBLAS_CORETYPE)"), r.text)
        if try cpuRuns.count > 1 { XCTAssertTrue(r.text.contains("below this CPU: OPENBLAS_CORETYPE=Prescott"), r.text) }
    }

    func testIsaForcesAnOlderKernelBuildAndRefusesOneTheCPULacks() throws {
        let baseline = try machine(["--isa", "baseline"], environment: [:])
        XCTAssertTrue(baseline.text.contains("our kernels: baseline"), baseline.text)
        let runs = try cpuRuns
        if !runs.contains("avx512") {
            let refused = try machine(["--isa", "avx512"], environment: [:])
            XCTAssertNotEqual(refused.status, 0)
            XCTAssertTrue(refused.text.contains("--isa avx512: this CPU"), refused.text)
        }
        let unknown = try machine(["--isa", "sse9"], environment: [:])
        XCTAssertNotEqual(unknown.status, 0)
    }
}
