/// The instruction sets our own kernels are compiled for (Package.swift), best last.
public enum InstructionSet: String, CaseIterable, Comparable, Sendable, Codable {
    case baseline   // x86-64 as of 2003 (SSE2), or whatever another architecture's compiler targets
    case avx2       // x86-64-v3: 8 floats per instruction, fused multiply-add
    case avx512     // x86-64-v4: 16 floats per instruction, 32 vector registers

    /// Those this CPU can run.
    public static var supported: [InstructionSet] {
        let cpu = CPUFeatures.current
        return allCases.filter { $0 == .baseline || ($0 == .avx2 && cpu.hasAVX2) || ($0 == .avx512 && cpu.hasAVX512) }
    }

    public static var best: InstructionSet { supported.max()! }

    public static func < (a: InstructionSet, b: InstructionSet) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
