/// Single-precision matrix products of our own, for when OpenBLAS' kernels are
/// below this CPU (its core forced by OPENBLAS_CORETYPE, or one it cannot
/// reload): C (m x n) = alpha * op(A) op(B) + beta * C, row-major, blocked as
/// Goto & van de Geijn's "Anatomy of high-performance matrix multiplication"
/// (2008): op(B) packed in panels of `panelWidth` columns, op(A) in panels of
/// `panelRows` rows, and a register tile of panelRows x panelWidth summed over
/// each block of `depth` k-values. Sources/NN/GEMM.swift chooses and splits.
extension HotKernels {
    /// The register tile: 6 rows x 2 vectors = 12 accumulators (of 16 or 32 vector registers).
    public static let panelRows = 6
    public static var panelWidth: Int { 2 * Wide.scalarCount }
    /// k-values per packed block (the A panel stays in L1, the B block in L2).
    public static let depth = 256
    /// Rows of op(A) packed at once, and columns of op(B).
    public static let blockRows = 120, blockColumns = 1024

    /// Whether the packed kernel suits a product: whole register tiles in both
    /// directions and enough k-values to pay for the packing. Narrow products
    /// (a Dense layer with 3 units, a k of 3) stay with OpenBLAS, whose kernels
    /// for them are fine at any core.
    public static func gemmSuits(m: Int, n: Int, k: Int) -> Bool {
        m >= 2 * panelRows && n >= panelWidth && k >= 16
    }

    /// Floats of workspace `gemm` needs: a packed A block and a packed B block.
    public static var gemmWorkspace: Int { depth * (blockRows + blockColumns + panelWidth) }

    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, workspace: UnsafeMutablePointer<Float>) {
        let packedA = workspace, packedB = workspace + depth * blockRows
        let nr = panelWidth
        for jc in stride(from: 0, to: n, by: blockColumns) {
            let nc = min(blockColumns, n - jc)
            for pc in stride(from: 0, to: k, by: depth) {
                let kc = min(depth, k - pc)
                packB(b, ldb: ldb, transposed: transB, rows: pc..<pc + kc, columns: jc..<jc + nc, into: packedB)
                // The first block of k-values applies beta; the later ones add.
                let blockBeta = pc == 0 ? beta : 1
                for ic in stride(from: 0, to: m, by: blockRows) {
                    let mc = min(blockRows, m - ic)
                    packA(a, lda: lda, transposed: transA, alpha: alpha, rows: ic..<ic + mc, columns: pc..<pc + kc, into: packedA)
                    for jr in stride(from: 0, to: nc, by: nr) {
                        for ir in stride(from: 0, to: mc, by: panelRows) {
                            tile(kc, packedA + ir * kc, packedB + jr * kc, beta: blockBeta,
                                 c: c + (ic + ir) * ldc + jc + jr, ldc: ldc, rows: min(panelRows, mc - ir), columns: min(nr, nc - jr))
                        }
                    }
                }
            }
        }
    }

    /// op(A)[rows, columns] * alpha as panels of `panelRows` rows: panel by panel,
    /// k by k, the panel's rows side by side (zeros past the last row).
    @inline(__always)
    private static func packA(_ a: UnsafePointer<Float>, lda: Int, transposed: Bool, alpha: Float, rows: Range<Int>, columns: Range<Int>,
                              into packed: UnsafeMutablePointer<Float>) {
        var out = packed
        for i0 in stride(from: rows.lowerBound, to: rows.upperBound, by: panelRows) {
            let height = min(panelRows, rows.upperBound - i0)
            for p in columns {
                for r in 0..<panelRows {
                    out[r] = r < height ? alpha * (transposed ? a[p * lda + i0 + r] : a[(i0 + r) * lda + p]) : 0
                }
                out += panelRows
            }
        }
    }

    /// op(B)[rows, columns] as panels of `panelWidth` columns: panel by panel, k by k
    /// (zeros past the last column).
    @inline(__always)
    private static func packB(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, rows: Range<Int>, columns: Range<Int>,
                              into packed: UnsafeMutablePointer<Float>) {
        let nr = panelWidth
        var out = packed
        for j0 in stride(from: columns.lowerBound, to: columns.upperBound, by: nr) {
            let width = min(nr, columns.upperBound - j0)
            for p in rows {
                if !transposed && width == nr {
                    let source = b + p * ldb + j0
                    out.store(source.load(0, as: Wide.self), 0)
                    out.store(source.load(Wide.scalarCount, as: Wide.self), Wide.scalarCount)
                } else {
                    for j in 0..<nr { out[j] = j < width ? (transposed ? b[(j0 + j) * ldb + p] : b[p * ldb + j0 + j]) : 0 }
                }
                out += nr
            }
        }
    }

    /// C tile (rows x columns, at most panelRows x panelWidth) = sum over kc of the
    /// packed A panel's column times the packed B panel's row, + beta * C.
    @inline(__always)
    private static func tile(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float,
                             c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int) {
        typealias V = Wide
        let w = V.scalarCount
        var (c00, c01, c10, c11, c20, c21) = (V(), V(), V(), V(), V(), V())
        var (c30, c31, c40, c41, c50, c51) = (V(), V(), V(), V(), V(), V())
        var (ap, bp) = (a, b)
        for _ in 0..<kc {
            let b0 = bp.load(0, as: V.self), b1 = bp.load(w, as: V.self)
            var x = V(repeating: ap[0])
            c00 = multiplyAdd(c00, x, b0); c01 = multiplyAdd(c01, x, b1)
            x = V(repeating: ap[1])
            c10 = multiplyAdd(c10, x, b0); c11 = multiplyAdd(c11, x, b1)
            x = V(repeating: ap[2])
            c20 = multiplyAdd(c20, x, b0); c21 = multiplyAdd(c21, x, b1)
            x = V(repeating: ap[3])
            c30 = multiplyAdd(c30, x, b0); c31 = multiplyAdd(c31, x, b1)
            x = V(repeating: ap[4])
            c40 = multiplyAdd(c40, x, b0); c41 = multiplyAdd(c41, x, b1)
            x = V(repeating: ap[5])
            c50 = multiplyAdd(c50, x, b0); c51 = multiplyAdd(c51, x, b1)
            ap += panelRows
            bp += 2 * w
        }
        store(c00, c01, into: c, rows > 0, beta: beta, columns: columns)
        store(c10, c11, into: c + ldc, rows > 1, beta: beta, columns: columns)
        store(c20, c21, into: c + 2 * ldc, rows > 2, beta: beta, columns: columns)
        store(c30, c31, into: c + 3 * ldc, rows > 3, beta: beta, columns: columns)
        store(c40, c41, into: c + 4 * ldc, rows > 4, beta: beta, columns: columns)
        store(c50, c51, into: c + 5 * ldc, rows > 5, beta: beta, columns: columns)
    }

    /// One row of a tile: row = (s0, s1) + beta * row, its first `columns` values.
    @inline(__always)
    private static func store(_ s0: Wide, _ s1: Wide, into row: UnsafeMutablePointer<Float>, _ inside: Bool, beta: Float, columns: Int) {
        guard inside else { return }
        let w = Wide.scalarCount
        if columns == 2 * w {
            if beta == 0 {   // C is not read: it may hold anything
                row.store(s0, 0)
                row.store(s1, w)
            } else {
                row.store(multiplyAdd(s0, Wide(repeating: beta), row.load(0, as: Wide.self)), 0)
                row.store(multiplyAdd(s1, Wide(repeating: beta), row.load(w, as: Wide.self)), w)
            }
        } else {
            for j in 0..<columns {
                let s = j < w ? s0[j] : s1[j - w]
                row[j] = beta == 0 ? s : s + beta * row[j]
            }
        }
    }
}
