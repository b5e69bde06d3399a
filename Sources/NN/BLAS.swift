import CBLAS
import Foundation

/// OpenBLAS, loaded at run time rather than linked, because its kernels are
/// chosen when the library loads: Debian's 0.3.21 does not know CPUs newer than
/// itself and falls back to generic SSE3 ("Prescott") kernels on them, 4-5x
/// slower than its AVX-512 ones. Loading it ourselves lets us look at what it
/// chose and, when that is below what the CPU runs, load it again with the
/// matching core. A core set in OPENBLAS_CORETYPE by the user is kept as it is.
public enum BLAS {
    /// How the core in use came to be chosen.
    public enum Choice: Sendable, Equatable {
        case environment            // OPENBLAS_CORETYPE was set: kept
        case detected               // OpenBLAS' own choice matches the CPU
        case corrected(from: String) // it fell back to `from`; reloaded with the matching core
        case fallback               // below the CPU, and it could not be reloaded
    }

    public struct Status: Sendable {
        /// OpenBLAS' name for its kernels, e.g. "SkylakeX", "Haswell", "Prescott".
        public let core: String
        public let choice: Choice
        /// The instruction set of that core's kernels.
        public var instructionSet: InstructionSet { BLAS.instructionSet(ofCore: core) }

        /// One line for `bench` and the run record.
        public var description: String {
            switch choice {
            case .environment: return "\(core) (kept from OPENBLAS_CORETYPE)"
            case .detected: return "\(core) (OpenBLAS' choice)"
            case let .corrected(from): return "\(core) (OpenBLAS chose its generic \(from) kernels for this CPU; reloaded with \(core))"
            case .fallback: return "\(core) (OpenBLAS' generic kernels: it could not be reloaded with better ones)"
            }
        }
    }

    public static var status: Status { library.status }

    /// What a CPU that runs `best` should get from OpenBLAS instead of a core
    /// below it, or nil when `core` already matches.
    public static func replacement(forCore core: String, on best: InstructionSet) -> String? {
        guard instructionSet(ofCore: core) < best else { return nil }
        switch best {
        case .avx512: return "SkylakeX"
        case .avx2: return "Haswell"
        case .baseline: return nil
        }
    }

    /// OpenBLAS 0.3.21's x86-64 cores by the widest instructions their sgemm uses.
    static func instructionSet(ofCore core: String) -> InstructionSet {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return .avx512
        case "haswell", "zen": return .avx2
        default: return .baseline
        }
    }

    typealias SgemmFunction = @convention(c) (
        CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Float,
        UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    struct Library: @unchecked Sendable {
        let sgemm: SgemmFunction
        let setThreads: @convention(c) (Int32) -> Void
        let status: Status
    }

    static let library: Library = load()

    private static let file = "libopenblas.so.0"

    private static func load() -> Library {
        // Our workers split the products (GEMM); OpenBLAS runs single-threaded. Saying so before it
        // loads also means it starts no threads of its own, which is what makes a reload safe.
        if getenv("OPENBLAS_NUM_THREADS") == nil { setenv("OPENBLAS_NUM_THREADS", "1", 1) }
        let fromEnvironment = getenv("OPENBLAS_CORETYPE") != nil
        // Tests make the first load take a generic core, as OpenBLAS does on a CPU it does not know.
        let probe = fromEnvironment ? nil : getenv("WORKBENCH_TEST_BLAS_FALLBACK").map { String(cString: $0) }
        if let probe { setenv("OPENBLAS_CORETYPE", probe, 1) }
        var handle = open()
        if probe != nil { unsetenv("OPENBLAS_CORETYPE") }
        var core = coreName(handle)
        var choice: Choice = fromEnvironment ? .environment : .detected
        if !fromEnvironment, let better = replacement(forCore: core, on: InstructionSet.best) {
            dlclose(handle)
            if dlopen(file, RTLD_NOW | RTLD_NOLOAD) == nil {
                setenv("OPENBLAS_CORETYPE", better, 1)
                handle = open()
                unsetenv("OPENBLAS_CORETYPE")   // read at load only; child processes choose for themselves
                choice = .corrected(from: core)
                core = coreName(handle)
            } else {
                handle = open()
                choice = .fallback
            }
        }
        let library = Library(sgemm: unsafeBitCast(symbol(handle, "cblas_sgemm"), to: SgemmFunction.self),
                              setThreads: unsafeBitCast(symbol(handle, "openblas_set_num_threads"), to: (@convention(c) (Int32) -> Void).self),
                              status: Status(core: core, choice: choice))
        library.setThreads(1)
        return library
    }

    private static func open() -> UnsafeMutableRawPointer {
        guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
            fatalError("cannot load OpenBLAS (\(file)): \(String(cString: dlerror())); install it with scripts/install-deps (Debian: libopenblas0)")
        }
        return handle
    }

    private static func symbol(_ handle: UnsafeMutableRawPointer, _ name: String) -> UnsafeMutableRawPointer {
        guard let s = dlsym(handle, name) else { fatalError("\(file) has no \(name): not OpenBLAS?") }
        return s
    }

    private static func coreName(_ handle: UnsafeMutableRawPointer) -> String {
        typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
        guard let f = dlsym(handle, "openblas_get_corename"), let name = unsafeBitCast(f, to: CoreName.self)() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }
}
