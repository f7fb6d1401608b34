import COpenBLAS
import Foundation

// The plain (non-differentiable) kernels every primitive's forward and pullback code calls.
// Loops run over contiguous buffers; nothing allocates per element.

extension Tensor {
    /// Applies `f` to every element.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(f))
    }

    /// The shape two operands broadcast to. Ranks up to 2 are aligned on the right; an extent
    /// of 1 (or a missing axis) stretches to the other operand's extent.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        return Swift.zip(pa, pb).map { x, y in
            precondition(x == y || x == 1 || y == 1, "broadcast: incompatible shapes \(a) and \(b)")
            return max(x, y)
        }
    }

    /// Elementwise `f(a, b)` with broadcasting (see ``broadcastShape(_:_:)``).
    @inlinable
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        if a.shape == b.shape {
            let out = a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    [Double](unsafeUninitializedCapacity: pa.count) { po, initialized in
                        for i in 0..<pa.count { po[i] = f(pa[i], pb[i]) }
                        initialized = pa.count
                    }
                }
            }
            return Tensor(shape: a.shape, scalars: out)
        }
        let shape = broadcastShape(a.shape, b.shape)
        let (rows, columns) = shape.count == 2 ? (shape[0], shape[1]) : (1, shape.first ?? 1)
        let (ar, ac) = a.matrixExtents, (br, bc) = b.matrixExtents
        // Strides of 0 along broadcast axes.
        let (aRow, aCol) = (ar == 1 ? 0 : ac, ac == 1 ? 0 : 1)
        let (bRow, bCol) = (br == 1 ? 0 : bc, bc == 1 ? 0 : 1)
        let scalars = a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                [Double](unsafeUninitializedCapacity: rows * columns) { po, initialized in
                    for i in 0..<rows {
                        for j in 0..<columns {
                            po[i * columns + j] = f(pa[i * aRow + j * aCol], pb[i * bRow + j * bCol])
                        }
                    }
                    initialized = rows * columns
                }
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Sums a broadcast gradient back to `shape`, the inverse of broadcasting:
    /// every axis that was stretched is summed over.
    public func unbroadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let (rows, columns) = matrixExtents
        let t = Tensor.zeros(target)
        let (tr, tc) = t.matrixExtents
        var out = t.scalars
        scalars.withUnsafeBufferPointer { pg in
            out.withUnsafeMutableBufferPointer { po in
                for i in 0..<rows {
                    let oi = tr == 1 ? 0 : i
                    for j in 0..<columns {
                        po[oi * tc + (tc == 1 ? 0 : j)] += pg[i * columns + j]
                    }
                }
            }
        }
        return Tensor(shape: target, scalars: out)
    }

    /// Matrix product op(a) · op(b), where op transposes when asked.
    ///
    /// (n×k)·(k×m) costs n·k·m multiply-adds; the loop order i–p–j streams rows of `b`.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul: operands must be matrices, got \(a.shape) and \(b.shape)")
        let (n, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, m) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2, "matmul: inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        if n * k * m >= blasThreshold { return blasMatmul(a, b, n: n, k: k, m: m, transposeA: transposeA, transposeB: transposeB) }
        // The streaming kernel below vectorises (an axpy per row); a dot-product loop does not.
        if transposeB { return matmul(a, b.transposed(), transposeA: transposeA) }
        var out = [Double](repeating: 0, count: n * m)
        let lda = a.shape[1], ldb = b.shape[1]
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    if !transposeB {
                        for i in 0..<n {
                            let orow = po.baseAddress! + i * m
                            for p in 0..<k {
                                let aip = transposeA ? pa[p * lda + i] : pa[i * lda + p]
                                if aip == 0 { continue }
                                let brow = pb.baseAddress! + p * ldb
                                for j in 0..<m { orow[j] += aip * brow[j] }
                            }
                        }
                    } else {
                        for i in 0..<n {
                            for j in 0..<m {
                                let brow = pb.baseAddress! + j * ldb
                                var s = 0.0
                                if transposeA {
                                    for p in 0..<k { s += pa[p * lda + i] * brow[p] }
                                } else {
                                    let arow = pa.baseAddress! + i * lda
                                    for p in 0..<k { s += arow[p] * brow[p] }
                                }
                                po[i * m + j] = s
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [n, m], scalars: out)
    }

    /// The transpose of a matrix (a vector is treated as a 1×n row).
    public func transposed() -> Tensor {
        let (r, c) = matrixExtents
        var out = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = scalars[i * c + j] } }
        return Tensor(shape: [c, r], scalars: out)
    }

    /// Sum of all elements.
    public func sum() -> Double { scalars.reduce(0, +) }

    /// Sum along `axis` of a matrix: axis 0 gives a vector of column sums, axis 1 of row sums.
    public func sum(alongAxis axis: Int) -> Tensor {
        let (r, c) = matrixExtents
        precondition(axis == 0 || axis == 1, "sum(alongAxis:): axis must be 0 or 1")
        if axis == 0 {
            var out = [Double](repeating: 0, count: c)
            for i in 0..<r { for j in 0..<c { out[j] += scalars[i * c + j] } }
            return Tensor(out)
        }
        var out = [Double](repeating: 0, count: r)
        for i in 0..<r { for j in 0..<c { out[i] += scalars[i * c + j] } }
        return Tensor(out)
    }

    // Plain arithmetic for code that does not differentiate.
    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b, *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zip(a, b, /) }
    public static func * (a: Double, b: Tensor) -> Tensor { b.map { a * $0 } }
    public static func + (a: Tensor, b: Double) -> Tensor { a.map { $0 + b } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
}

/// Products with at least this many multiply-adds go to OpenBLAS; smaller ones stay in Swift,
/// where there is no call overhead. Chosen by measurement (see the README's performance section).
let blasThreshold = Int(ProcessInfo.processInfo.environment["UQ_BLAS_THRESHOLD"] ?? "") ?? 512

/// OpenBLAS runs on one thread: the course parallelises over chains and members instead, and
/// one thread keeps every result independent of the number of cores.
private let singleThreadedBLAS: Void = openblas_set_num_threads(1)

extension Tensor {
    /// The affine map x · W + b (b added to every row): one pass, the bias written first and the
    /// product accumulated onto it (so BLAS need not zero its output).
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        precondition(x.rank == 2 && w.rank == 2 && x.shape[1] == w.shape[0] && b.count == w.shape[1],
                     "affine: shapes \(x.shape) · \(w.shape) + \(b.shape) do not fit")
        let (n, k, m) = (x.shape[0], x.shape[1], w.shape[1])
        var out = [Double](unsafeUninitializedCapacity: n * m) { c, initialized in
            b.scalars.withUnsafeBufferPointer { pb in
                for i in 0..<n { (c.baseAddress! + i * m).update(from: pb.baseAddress!, count: m) }
            }
            initialized = n * m
        }
        if n * k * m >= blasThreshold {
            _ = singleThreadedBLAS
            x.scalars.withUnsafeBufferPointer { px in
                w.scalars.withUnsafeBufferPointer { pw in
                    out.withUnsafeMutableBufferPointer { c in
                        cblas_dgemm(Int32(COpenBLASRowMajor), Int32(COpenBLASNoTrans), Int32(COpenBLASNoTrans), Int32(n), Int32(m), Int32(k),
                                    1, px.baseAddress, Int32(k), pw.baseAddress, Int32(m), 1, c.baseAddress, Int32(m))
                    }
                }
            }
        } else {
            x.scalars.withUnsafeBufferPointer { px in
                w.scalars.withUnsafeBufferPointer { pw in
                    out.withUnsafeMutableBufferPointer { c in
                        for i in 0..<n {
                            let row = c.baseAddress! + i * m
                            for p in 0..<k {
                                let a = px[i * k + p]
                                let wrow = pw.baseAddress! + p * m
                                for j in 0..<m { row[j] += a * wrow[j] }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [n, m], scalars: out)
    }

    static func blasMatmul(_ a: Tensor, _ b: Tensor, n: Int, k: Int, m: Int, transposeA: Bool, transposeB: Bool) -> Tensor {
        _ = singleThreadedBLAS
        let out = [Double](unsafeUninitializedCapacity: n * m) { c, initialized in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    cblas_dgemm(Int32(COpenBLASRowMajor), Int32(transposeA ? COpenBLASTrans : COpenBLASNoTrans),
                                Int32(transposeB ? COpenBLASTrans : COpenBLASNoTrans), Int32(n), Int32(m), Int32(k),
                                1, pa.baseAddress, Int32(a.shape[1]), pb.baseAddress, Int32(b.shape[1]), 0, c.baseAddress, Int32(m))
                }
            }
            initialized = n * m
        }
        return Tensor(shape: [n, m], scalars: out)
    }
}
