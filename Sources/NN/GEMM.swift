import CBLAS

/// Row-major single-precision matrix products through OpenBLAS (BLAS.swift), or
/// through our own kernels when OpenBLAS' core is below them (`Products`):
/// C (m x n) = alpha * op(A) * op(B) + beta * C, op(A) is (m x k), op(B) (k x n).
///
/// OpenBLAS runs single-threaded; a big product is split into one block of C
/// per worker (rows, or columns when C is wide and short) and the blocks run on
/// `Parallel`'s workers. One pool for every parallel loop: OpenBLAS' own
/// threads spin after each call and would fight im2col, pooling and the
/// optimizer for the same two cores.
public enum GEMM {
    /// Products below this many multiply-adds, or asked not to (already inside
    /// a parallel loop), run on the calling thread.
    static let splitThreshold = 1 << 18

    public static func sgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, parallel: Bool = true
    ) {
        let workers = Parallel.workers
        let blasSgemm = BLAS.library.sgemm
        let kernels = Products.current == .kernels && Kernels.active.gemmSuits(m: m, n: n, k: k) ? Kernels.active : nil
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta == 0 { c.update(repeating: 0, count: m * n) }
            return
        }
        let (lda, ldb, ldc) = (transA ? m : k, transB ? k : n, n)
        func block(rows: Range<Int>, columns: Range<Int>) {
            guard !rows.isEmpty, !columns.isEmpty else { return }
            let aBlock = a + (transA ? rows.lowerBound : rows.lowerBound * lda)
            let bBlock = b + (transB ? columns.lowerBound * ldb : columns.lowerBound)
            if let kernels {
                kernels.gemm(transA: transA, transB: transB, m: rows.count, n: columns.count, k: k, alpha: alpha, a: aBlock, lda: lda,
                             b: bBlock, ldb: ldb, beta: beta, c: c + rows.lowerBound * ldc + columns.lowerBound, ldc: ldc,
                             workspace: ThreadWorkspace.floats(kernels.gemmWorkspace))
                return
            }
            blasSgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(rows.count), Int32(columns.count), Int32(k), alpha,
                aBlock, Int32(lda), bBlock, Int32(ldb), beta, c + rows.lowerBound * ldc + columns.lowerBound, Int32(ldc))
        }
        if !parallel || m * n * k < splitThreshold || workers == 1 {
            block(rows: 0..<m, columns: 0..<n)
        } else if m >= n {
            Parallel.chunks(m, minimumPerChunk: 8) { rows in block(rows: rows, columns: 0..<n) }
        } else {
            Parallel.chunks(n, minimumPerChunk: 8) { columns in block(rows: 0..<m, columns: columns) }
        }
    }

    /// The triple loop `sgemm` must agree with (tests only; reference for the fast path).
    public static func naive(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let av = transA ? a[p * m + i] : a[i * k + p]
                    let bv = transB ? b[j * k + p] : b[p * n + j]
                    sum += Double(av) * Double(bv)
                }
                c[i * n + j] = alpha * Float(sum) + (beta == 0 ? 0 : beta * c[i * n + j])
            }
        }
    }

    /// Who computes the products.
    public enum Products: String, Sendable {
        case openBLAS, kernels

        /// Ours when they use wider instructions than OpenBLAS' core (one forced by
        /// OPENBLAS_CORETYPE, or a generic one it could not leave), else OpenBLAS.
        public static var automatic: Products {
            BLAS.status.instructionSet < Kernels.instructionSet ? .kernels : .openBLAS
        }

        /// Tests pin one; nil is `automatic`.
        nonisolated(unsafe) public static var forced: Products?

        public static var current: Products { forced ?? automatic }
    }

    /// Workers for products and every other parallel loop; results are
    /// bit-identical only for the same count.
    public static var threadCount: Int {
        get { Parallel.workers }
        set { Parallel.workers = max(1, newValue) }
    }
}
