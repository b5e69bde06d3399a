import KernelShapes
import KernelsAVX2
import KernelsAVX512
import KernelsBaseline

/// The hot kernels, one build per instruction set (Package.swift), all with
/// the same entry points; `active` is the best this CPU runs unless told
/// otherwise (`--isa`). A CPU never gets a set it lacks.
protocol KernelSet {
    static var instructionSet: String { get }
    static func shortPatchForward(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                  filters: Int, relu: Bool, rows: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func shortPatchKernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, dz: UnsafePointer<Float>, filters: Int,
                                         rows: Range<Int>, sum: UnsafeMutablePointer<Float>, biasSum: UnsafeMutablePointer<Float>)
    static func shortPatchThroughDense(_ x: UnsafePointer<Float>, _ g: WindowGeometry, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                       filters: Int, relu: Bool, transposedDense: UnsafePointer<Float>, units: Int, images: Range<Int>,
                                       into y: UnsafeMutablePointer<Float>)
    static func winogradTransformKernel(_ kernel: UnsafePointer<Float>, inputChannels: Int, outputChannels: Int, channels: Range<Int>,
                                        into u: UnsafeMutablePointer<Float>)
    static func winogradTransformInput(_ x: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                       into v: UnsafeMutablePointer<Float>, positionStride: Int)
    static func winogradTransformOutput(_ m: UnsafePointer<Float>, positionStride: Int, _ t: WinogradTiling, channels: Int,
                                        bias: UnsafePointer<Float>?, relu: Bool, tiles: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func winogradTransformOutputGradient(_ dy: UnsafePointer<Float>, _ t: WinogradTiling, channels: Int, tiles: Range<Int>,
                                                into dm: UnsafeMutablePointer<Float>, positionStride: Int)
    static func winogradAddKernelGradient(_ du: UnsafePointer<Float>, inputChannels: Int, outputChannels: Int, channels: Range<Int>,
                                          into gradient: UnsafeMutablePointer<Float>)
    static var gemmWorkspace: Int { get }
    static func gemmSuits(m: Int, n: Int, k: Int) -> Bool
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                     workspace: UnsafeMutablePointer<Float>)
    static func maxPool2x2(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func maxPool(_ x: UnsafePointer<Float>, _ g: WindowGeometry, rows: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func maxPoolBackward(_ x: UnsafePointer<Float>, output y: UnsafePointer<Float>, gradient dy: UnsafePointer<Float>,
                                _ g: WindowGeometry, rows: Range<Int>, into dx: UnsafeMutablePointer<Float>)
    static func rectifyInPlace(_ p: UnsafeMutablePointer<Float>, range: Range<Int>)
    static func rectifiedSum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, range: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func sum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, range: Range<Int>, into y: UnsafeMutablePointer<Float>)
    static func passWherePositive(_ dy: UnsafePointer<Float>, by y: UnsafePointer<Float>, range: Range<Int>, into out: UnsafeMutablePointer<Float>)
    static func addColumnSums(_ x: UnsafePointer<Float>, columns: Int, rows: Range<Int>, into sums: UnsafeMutablePointer<Float>)
    static func normalize(_ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>, mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                          gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>)
    static func addMoments(_ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>,
                           sum: UnsafeMutablePointer<Double>, sumSquares: UnsafeMutablePointer<Double>)
    static func addGradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>,
                                mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                sumDy: UnsafeMutablePointer<Float>, sumDyXhat: UnsafeMutablePointer<Float>)
    static func normalizedGradient(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>, count m: Float,
                                   mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                                   sumDy: UnsafePointer<Float>, sumDyXhat: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>)
    static func scaledGradient(_ dy: UnsafePointer<Float>, channels: Int, rows: Range<Int>, invStd: UnsafePointer<Float>,
                               gamma: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>)
    static func rmspropUpdate(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, velocity v: UnsafeMutablePointer<Float>,
                              range: Range<Int>, learningRate lr: Float, rho: Float, epsilon: Float)
    static func adamUpdate(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                           v: UnsafeMutablePointer<Float>, range: Range<Int>, alpha: Float, beta1: Float, beta2: Float, epsilon: Float)
}

extension KernelsBaseline.HotKernels: KernelSet {}
extension KernelsAVX2.HotKernels: KernelSet {}
extension KernelsAVX512.HotKernels: KernelSet {}

public enum Kernels {
    /// Set before any work starts (the CLI's `--isa`; tests switch it to run every variant).
    nonisolated(unsafe) public static var instructionSet: InstructionSet = .best {
        didSet { precondition(InstructionSet.supported.contains(instructionSet), "this CPU cannot run \(instructionSet)") }
    }

    static var active: any KernelSet.Type {
        switch instructionSet {
        case .baseline: return KernelsBaseline.HotKernels.self
        case .avx2: return KernelsAVX2.HotKernels.self
        case .avx512: return KernelsAVX512.HotKernels.self
        }
    }

    /// Runs `body` with each instruction set this CPU supports in turn (tests of every variant).
    public static func forEachSupported(_ body: (InstructionSet) throws -> Void) rethrows {
        let saved = instructionSet
        defer { instructionSet = saved }
        for isa in InstructionSet.supported {
            instructionSet = isa
            try body(isa)
        }
    }
}
