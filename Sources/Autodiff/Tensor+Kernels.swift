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
        zipInlined(a, b, f)
    }

    /// The body of ``zip(_:_:_:)``, always inlined where it is called: into the arithmetic
    /// operators below, where `f` is then known at the loop and inlined into it (called through a
    /// pointer it cost a call per element and the loop could not vectorise). Only there: the
    /// other callers of `zip` pass closures that the compiler specialises already.
    @usableFromInline @inline(__always)
    static func zipInlined(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
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
        // One operand a single number (a tensor times a constant), the other of the result's shape.
        if b.scalars.count == 1 && a.shape == shape {
            let y = b.scalars[0]
            return Tensor(shape: shape, scalars: a.scalars.map { f($0, y) })
        }
        if a.scalars.count == 1 && b.shape == shape {
            let x = a.scalars[0]
            return Tensor(shape: shape, scalars: b.scalars.map { f(x, $0) })
        }
        let (rows, columns) = shape.count == 2 ? (shape[0], shape[1]) : (1, shape.first ?? 1)
        let (ar, ac) = a.matrixExtents, (br, bc) = b.matrixExtents
        // A matrix and one row of it (a bias added to every row), the common case: without the
        // general loop's stride arithmetic.
        if ar == rows && ac == columns && br == 1 && bc == columns {
            let out = a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    [Double](unsafeUninitializedCapacity: rows * columns) { po, initialized in
                        for i in 0..<rows {
                            let offset = i * columns
                            for j in 0..<columns { po[offset + j] = f(pa[offset + j], pb[j]) }
                        }
                        initialized = rows * columns
                    }
                }
            }
            return Tensor(shape: shape, scalars: out)
        }
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
        // Summed to one number: the general loop's additions, in its order (row-major from +0).
        if target.reduce(1, *) == 1 {
            var sum = 0.0
            for x in scalars { sum += x }
            return Tensor(shape: target, scalars: [sum])
        }
        let (rows, columns) = matrixExtents
        // A bias's gradient (rows × m summed to one row of m), the common case: each column's
        // additions in the same order as the general loop below, without its index arithmetic.
        if target.reduce(1, *) == columns && target.last == columns && (target.count == 1 || target[0] == 1) && rows > 1 {
            var out = [Double](repeating: 0, count: columns)
            scalars.withUnsafeBufferPointer { pg in
                out.withUnsafeMutableBufferPointer { po in po.addColumnSums(of: pg.baseAddress!, rows: rows) }
            }
            return Tensor(shape: target, scalars: out)
        }
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
    /// (n×k)·(k×m) costs n·k·m multiply-adds (see ``multiplyAccumulate(_:_:transposeA:transposeB:into:overwrite:)``).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        let (n, m) = (transposeA ? a.shape[1] : a.shape[0], transposeB ? b.shape[0] : b.shape[1])
        return matmul(a, b, transposeA: transposeA, transposeB: transposeB, shape: [n, m])
    }

    /// The product under a shape the caller already holds (a pullback's gradient has its input's
    /// shape): one array fewer per product.
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, shape: [Int]) -> Tensor {
        let count = shape.reduce(1, *)
        // Left unset: multiplyAccumulate with overwrite writes every element.
        var out = [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        multiplyAccumulate(a, b, transposeA: transposeA, transposeB: transposeB, into: &out, overwrite: true)
        return Tensor(shape: shape, scalars: out)
    }

    /// The affine map x · W + b (b added to every row): each element's sum starts from its bias
    /// and accumulates the product, the bits of writing the bias first, without that pass.
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        precondition(x.rank == 2 && w.rank == 2 && b.count == w.shape[1] && x.shape[1] == w.shape[0],
                     "affine: shapes \(x.shape) · \(w.shape) + \(b.shape) do not fit")
        let (n, k, m) = (x.shape[0], x.shape[1], w.shape[1])
        let out = [Double](unsafeUninitializedCapacity: n * m) { c, initialized in
            b.scalars.withUnsafeBufferPointer { pb in
                guard n > 0, m > 0 else { return }
                if k == 0 {   // an empty sum (and the operands may have no storage)
                    for i in 0..<n { (c.baseAddress! + i * m).update(from: pb.baseAddress!, count: m) }
                    return
                }
                x.scalars.withUnsafeBufferPointer { px in
                    w.scalars.withUnsafeBufferPointer { pw in
                        multiply(rows: n, columns: m, inner: k, px.baseAddress!, leading: k, transposed: false,
                                 pw.baseAddress!, leading: m, transposed: false, into: c.baseAddress!, startingFrom: pb.baseAddress!)
                    }
                }
            }
            initialized = n * m
        }
        return Tensor(shape: [n, m], scalars: out)
    }

    /// C += op(a) · op(b) into the row-major n×m buffer `c` (C = op(a) · op(b) with `overwrite`,
    /// and then `c` may hold anything on entry); see ``multiplyAccumulate(rows:columns:inner:_:leading:transposed:_:leading:transposed:into:leading:overwrite:)``.
    static func multiplyAccumulate(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, into c: inout [Double],
                                   overwrite: Bool = false) {
        precondition(a.rank == 2 && b.rank == 2, "matmul: operands must be matrices, got \(a.shape) and \(b.shape)")
        let (n, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, m) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2, "matmul: inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        precondition(c.count == n * m, "matmul: output holds \(c.count) numbers, the product \(n * m)")
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard n > 0, m > 0 else { return }
                    if k == 0 {   // an empty sum (and the operands may have no storage)
                        if overwrite { pc.update(repeating: 0) }
                        return
                    }
                    Tensor.multiplyAccumulate(rows: n, columns: m, inner: k, pa.baseAddress!, leading: a.shape[1], transposed: transposeA,
                                              pb.baseAddress!, leading: b.shape[1], transposed: transposeB,
                                              into: pc.baseAddress!, overwrite: overwrite)
                }
            }
        }
    }

    /// C += op(A) · op(B) on raw row-major storage: op(A) is rows×inner, op(B) inner×columns, C
    /// rows×columns. A and B are stored with their `leading` numbers per row; C's rows lie the
    /// `leading` after `into:` apart (≥ columns; `columns` when not given), and its numbers
    /// between rows are neither read nor written.
    /// With `overwrite`, C = op(A) · op(B) and C may hold anything on entry. Extents may be 0.
    ///
    /// Runs the ``MatrixKernel/selected`` kernel: element (i, j) is accumulated as
    /// c ← fma(op(A)_ip, op(B)_pj, c) for p = 0, 1, …, k − 1, so the result has the same bits on
    /// every CPU and from any number of threads. The operands may sit anywhere inside larger
    /// buffers, such as one layer's weights inside a flat parameter vector θ.
    public static func multiplyAccumulate(rows n: Int, columns m: Int, inner k: Int,
                                          _ a: UnsafePointer<Double>, leading lda: Int, transposed transposeA: Bool,
                                          _ b: UnsafePointer<Double>, leading ldb: Int, transposed transposeB: Bool,
                                          into c: UnsafeMutablePointer<Double>, leading ldc: Int? = nil, overwrite: Bool) {
        multiplyAccumulate(rows: n, columns: m, inner: k, a, leading: lda, transposed: transposeA,
                           b, leading: ldb, transposed: transposeB, into: c, leading: ldc, overwrite: overwrite, kernel: .selected)
    }

    /// The transpose of a matrix (a vector is treated as a 1×n row).
    public func transposed() -> Tensor {
        let (r, c) = matrixExtents
        let out = scalars.withUnsafeBufferPointer { x in
            [Double](unsafeUninitializedCapacity: r * c) { y, initialized in
                // In 8×8 tiles, so that both the rows read and the rows written stay in cache.
                for i0 in stride(from: 0, to: r, by: 8) {
                    for j0 in stride(from: 0, to: c, by: 8) {
                        for i in i0..<min(i0 + 8, r) {
                            let row = x.baseAddress! + i &* c, column = y.baseAddress! + i
                            for j in j0..<min(j0 + 8, c) { column[j &* r] = row[j] }
                        }
                    }
                }
                initialized = r * c
            }
        }
        return Tensor(shape: [c, r], scalars: out)
    }

    /// Sum of all elements.
    public func sum() -> Double { scalars.reduce(0, +) }

    /// Sum along `axis` of a matrix: axis 0 gives a vector of column sums, axis 1 of row sums.
    public func sum(alongAxis axis: Int) -> Tensor { Tensor(sums(alongAxis: axis)) }

    /// The sums of ``sum(alongAxis:)`` as plain numbers.
    func sums(alongAxis axis: Int) -> [Double] {
        let (r, c) = matrixExtents
        precondition(axis == 0 || axis == 1, "sum(alongAxis:): axis must be 0 or 1")
        var out = [Double](repeating: 0, count: axis == 0 ? c : r)
        if r == 0 || c == 0 { return out }
        scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                if axis == 0 {
                    o.addColumnSums(of: x.baseAddress!, rows: r)   // each column's sum in row order
                } else {
                    for i in 0..<r {
                        let rowStart = x.baseAddress! + i * c
                        for j in 0..<c { o[i] += rowStart[j] }
                    }
                }
            }
        }
        return out
    }

    // Plain arithmetic for code that does not differentiate.
    public static func + (a: Tensor, b: Tensor) -> Tensor { zipInlined(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zipInlined(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zipInlined(a, b, *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zipInlined(a, b, /) }
    public static func * (a: Double, b: Tensor) -> Tensor { b.map { a * $0 } }
    public static func + (a: Tensor, b: Double) -> Tensor { a.map { $0 + b } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
}
