/// What a run or a benchmark ran on: the CPU, the instruction set of our
/// kernels and OpenBLAS' kernels, as the run record and `bench` state them.
public struct MachineDescription: Codable, Equatable, Sendable {
    public var cpu: String
    /// InstructionSet's raw value: baseline, avx2, avx512.
    public var kernels: String
    /// OpenBLAS' core name and how it was chosen, e.g. "SkylakeX (OpenBLAS' choice)".
    public var blas: String

    public init(cpu: String, kernels: String, blas: String) {
        (self.cpu, self.kernels, self.blas) = (cpu, kernels, blas)
    }

    /// This process, now (loads OpenBLAS if nothing has yet).
    public static var current: MachineDescription {
        MachineDescription(cpu: CPUFeatures.current.model, kernels: Kernels.instructionSet.rawValue, blas: BLAS.status.description)
    }

    /// How `other` computes differently from this one, in words ("kernels avx2 -> avx512"),
    /// or nil if the same code runs: the CPU's name alone, or why a BLAS core was chosen, changes no result.
    public func differences(to other: MachineDescription) -> String? {
        func core(_ blas: String) -> String { blas.components(separatedBy: " (").first ?? blas }
        var parts: [String] = []
        if kernels != other.kernels { parts.append("our kernels \(kernels) -> \(other.kernels)") }
        if core(blas) != core(other.blas) { parts.append("OpenBLAS \(core(blas)) -> \(core(other.blas))") }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: ", ") + (cpu == other.cpu ? "" : " (CPU \(cpu) -> \(other.cpu))")
    }
}
