/// The loops that dominate training and inference outside sgemm, each over
/// one chunk of its work (NN splits the work over the workers and picks this
/// target's instruction set at run time: Sources/NN/Kernels.swift). The same
/// sources build every Kernels* target; only ISA.swift differs.
public enum HotKernels {}
