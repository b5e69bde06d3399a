import XCTest
@testable import NN

final class BLASTests: XCTestCase {
    /// A core below the CPU is replaced by the one matching it; a matching or better one is left alone.
    func testGenericCoresAreReplacedByTheCPUsOwn() {
        XCTAssertEqual(BLAS.replacement(forCore: "Prescott", on: .avx512), "SkylakeX")
        XCTAssertEqual(BLAS.replacement(forCore: "Haswell", on: .avx512), "SkylakeX")
        XCTAssertEqual(BLAS.replacement(forCore: "Nehalem", on: .avx2), "Haswell")
        XCTAssertEqual(BLAS.replacement(forCore: "Core2", on: .avx2), "Haswell")
        XCTAssertNil(BLAS.replacement(forCore: "Zen", on: .avx2))
        XCTAssertNil(BLAS.replacement(forCore: "Cooperlake", on: .avx512))
        XCTAssertNil(BLAS.replacement(forCore: "SkylakeX", on: .avx2))
        XCTAssertNil(BLAS.replacement(forCore: "Prescott", on: .baseline), "an old CPU keeps what OpenBLAS chose")
    }

    /// What this process loaded: a core this CPU can run, named, and an sgemm that computes.
    func testTheLoadedCoreRunsOnThisCPU() {
        let status = BLAS.status
        XCTAssertNotEqual(status.core, "unknown")
        XCTAssertLessThanOrEqual(status.instructionSet, InstructionSet.best, status.description)
        if status.choice != .environment { XCTAssertEqual(status.instructionSet, InstructionSet.best, status.description) }
        var (a, b, c): ([Float], [Float], [Float]) = ([1, 2, 3, 4], [5, 6, 7, 8], [0, 0, 0, 0])
        GEMM.sgemm(m: 2, n: 2, k: 2, a: &a, b: &b, c: &c)
        XCTAssertEqual(c, [19, 22, 43, 50])
    }
}

/// What makes two machines compute differently: the kernels and OpenBLAS' core, not names or reasons.
final class MachineDifferenceTests: XCTestCase {
    func testOnlyKernelsAndBLASCoreMakeADifference() {
        let a = MachineDescription(cpu: "AMD EPYC", kernels: "avx2", blas: "Haswell (kept from OPENBLAS_CORETYPE)")
        XCTAssertNil(a.differences(to: MachineDescription(cpu: "AMD EPYC 9005", kernels: "avx2", blas: "Haswell (OpenBLAS' choice)")))
        XCTAssertEqual(a.differences(to: MachineDescription(cpu: "AMD EPYC", kernels: "avx512", blas: "SkylakeX (OpenBLAS' choice)")),
                       "our kernels avx2 -> avx512, OpenBLAS Haswell -> SkylakeX")
        XCTAssertEqual(a.differences(to: MachineDescription(cpu: "Intel Xeon", kernels: "avx512", blas: "Haswell")),
                       "our kernels avx2 -> avx512 (CPU AMD EPYC -> Intel Xeon)")
    }
}
