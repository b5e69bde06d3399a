import XCTest
@testable import NN

extension XCTestCase {
    /// Runs `body` once per instruction set this CPU supports (baseline, AVX2,
    /// AVX-512), so each build of the kernels is checked against the same
    /// references; a failure names the set it happened in.
    func forEachInstructionSet(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) rethrows {
        try Kernels.forEachSupported { isa in
            let before = testRun?.totalFailureCount ?? 0
            try body()
            if (testRun?.totalFailureCount ?? 0) > before {
                XCTFail("the failures above ran the \(isa) kernels", file: file, line: line)
            }
        }
    }
}
