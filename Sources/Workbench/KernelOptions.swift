import ArgumentParser
import NN

extension InstructionSet: ExpressibleByArgument {}

/// `--isa`: which build of our kernels runs (default: the best this CPU has),
/// so that the older path can be compared with the newer on one machine.
struct KernelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Our kernels' instruction set: baseline, avx2 or avx512 (default: the best this CPU runs).", valueName: "isa"))
    var isa: InstructionSet?

    func validate() throws {
        if let isa, !InstructionSet.supported.contains(isa) {
            throw ValidationError("--isa \(isa.rawValue): this CPU (\(CPUFeatures.current.model)) runs "
                                  + InstructionSet.supported.map(\.rawValue).joined(separator: ", ") + " only")
        }
    }

    func apply() { if let isa { Kernels.instructionSet = isa } }

    /// The same choice for a child process.
    var arguments: [String] { isa.map { ["--isa", $0.rawValue] } ?? [] }
}
extension GEMM.Products: ExpressibleByArgument {}
