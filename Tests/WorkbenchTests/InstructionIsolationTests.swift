import Foundation
import XCTest

/// Only the kernel targets built for AVX2 and AVX-512 may hold their
/// instructions: anything else in the binary runs on every x86-64 CPU, and a
/// CPU is only ever handed the kernels it supports. Checked on the machine
/// code itself, since a generic specialisation shared across targets could
/// carry wide instructions where none were written.
final class InstructionIsolationTests: XCTestCase {
    func testAVXInstructionsStayInTheirKernelTargets() throws {
        #if !arch(x86_64)
        throw XCTSkip("x86-64 only")
        #else
        let binary = CommandLineTests.binaryPath
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build -c release")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/objdump")
        p.arguments = ["-d", "--no-show-raw-insn", binary]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)

        // VEX/EVEX-encoded instructions start with 'v'; BMI1/2 and MOVBE are the rest of x86-64-v3's integer additions.
        let v3Integer: Set<Substring> = ["andn", "bextr", "blsi", "blsr", "blsmsk", "bzhi", "pdep", "pext", "rorx", "sarx", "shlx", "shrx", "movbe"]
        var function = "", avxOutside: [String: Int] = [:], avx512InAVX2: [String: Int] = [:], zmmInAVX512 = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasSuffix(">:"), let open = line.firstIndex(of: "<") {
                function = String(line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)])
                continue
            }
            let fields = line.split(separator: "\t")
            guard fields.count >= 2 else { continue }
            let instruction = fields[1], mnemonic = instruction.split(separator: " ").first ?? ""
            if function.contains("11KernelsAVX2") {
                if instruction.contains("zmm") || instruction.contains("%k") || instruction.contains("mm16") || instruction.contains("mm31") {
                    avx512InAVX2[function, default: 0] += 1
                }
            } else if function.contains("13KernelsAVX512") {
                if instruction.contains("zmm") { zmmInAVX512 += 1 }
            } else if mnemonic.hasPrefix("v") || v3Integer.contains(mnemonic) {
                avxOutside[function, default: 0] += 1
            }
        }
        XCTAssertEqual(avxOutside, [:], "AVX or BMI instructions outside KernelsAVX2/KernelsAVX512")
        XCTAssertEqual(avx512InAVX2, [:], "AVX-512 instructions in KernelsAVX2")
        XCTAssertGreaterThan(zmmInAVX512, 0, "the AVX-512 kernels use 512-bit vectors")
        #endif
    }
}
