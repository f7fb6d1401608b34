import Testing
import Autodiff
import Probability

/// C (+)= op(A)·op(B) as the course defines it, element by element: c ← fma(a_ip, b_pj, c) for
/// p ascending, from +0 or from C. (`addingProduct` is IEEE 754's fused multiply-add.)
func definitionProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, start: [Double]?) -> [Double] {
    let (n, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let m = transposeB ? b.shape[0] : b.shape[1]
    var c = start ?? [Double](repeating: 0, count: n * m)
    for i in 0..<n {
        for j in 0..<m {
            for p in 0..<k {
                let aip = transposeA ? a.scalars[p * n + i] : a.scalars[i * k + p]
                let bpj = transposeB ? b.scalars[j * k + p] : b.scalars[p * m + j]
                c[i * m + j] = c[i * m + j].addingProduct(aip, bpj)
            }
        }
    }
    return c
}

/// Runs one kernel on tensors: overwrite when `start` is nil, accumulate onto it otherwise.
func kernelProduct(_ kernel: MatrixKernel, _ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, start: [Double]?) -> [Double] {
    let (n, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let m = transposeB ? b.shape[0] : b.shape[1]
    var c = start ?? [Double](repeating: .nan, count: n * m)   // overwrite must not read it
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                Tensor.multiplyAccumulate(rows: n, columns: m, inner: k, pa.baseAddress!, leading: a.shape[1], transposed: transposeA,
                                          pb.baseAddress!, leading: b.shape[1], transposed: transposeB,
                                          into: pc.baseAddress!, overwrite: start == nil, kernel: kernel)
            }
        }
    }
    return c
}

/// Edge sizes around every tile width (6, 8, 24) and block (128), and the course's layer shapes.
let edgeSizes = [1, 7, 8, 9, 31, 513]

/// Shapes n × k × m: every combination of edge sizes for n and m with a few inner extents, plus
/// random shapes from a seeded generator.
let kernelShapes: [(n: Int, k: Int, m: Int)] = {
    var shapes: [(Int, Int, Int)] = []
    for n in edgeSizes { for m in edgeSizes where n * m <= 513 * 31 { for k in [1, 9, 300] { shapes.append((n, k, m)) } } }
    shapes += [(20, 50, 50), (256, 512, 9), (9, 513, 257), (513, 7, 1), (70, 200, 600)]   // the last: two blocks of columns
    var rng = Xoshiro256(seed: 7)
    for _ in 0..<12 { shapes.append((1 + Int(rng.next() % 70), 1 + Int(rng.next() % 300), 1 + Int(rng.next() % 70))) }
    return shapes
}()

@Suite struct MatrixKernels {
    /// The portable kernel is the definition, bit for bit, for every transpose, overwriting and
    /// accumulating.
    @Test func portableKernelIsTheDefinitionBitForBit() {
        var rng = Xoshiro256(seed: 3)
        // The last two are packed (at least 2¹⁷ multiply-adds), in blocks of 128 steps.
        for (n, k, m) in [(1, 1, 1), (7, 9, 8), (9, 31, 7), (31, 8, 9), (8, 513, 1), (1, 513, 8), (70, 300, 70), (9, 300, 70)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.normal(ta ? [k, n] : [n, k], using: &rng), b = Tensor.normal(tb ? [m, k] : [k, m], using: &rng)
                let start = Tensor.normal([n, m], using: &rng).scalars
                for s in [nil, start] {
                    #expect(kernelProduct(.portable, a, b, transposeA: ta, transposeB: tb, start: s)
                            == definitionProduct(a, b, transposeA: ta, transposeB: tb, start: s), "\(n)×\(k)×\(m) \(ta) \(tb)")
                }
            }
        }
    }

    /// Every kernel this CPU can run gives the portable kernel's bits on every shape.
    @Test(arguments: MatrixKernel.allCases.filter { $0 != .portable && $0.isAvailable })
    func vectorKernelEqualsThePortableOneBitForBit(_ kernel: MatrixKernel) {
        var rng = Xoshiro256(seed: 11)
        var differing: [String] = []
        for (n, k, m) in kernelShapes {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.normal(ta ? [k, n] : [n, k], using: &rng), b = Tensor.normal(tb ? [m, k] : [k, m], using: &rng)
                let start = Tensor.normal([n, m], using: &rng).scalars
                for s in [nil, start] {
                    if kernelProduct(kernel, a, b, transposeA: ta, transposeB: tb, start: s)
                        != kernelProduct(.portable, a, b, transposeA: ta, transposeB: tb, start: s) {
                        differing.append("\(n)×\(k)×\(m)\(ta ? " Aᵀ" : "")\(tb ? " Bᵀ" : "")\(s == nil ? "" : " +=")")
                    }
                }
            }
        }
        #expect(differing.isEmpty, "\(kernel) differs from portable on \(differing.prefix(10))")
    }

    /// Products inside larger buffers (leading extents wider than the operands), as a layer's
    /// weights sit inside θ and its outputs in padded rows: the same bits as on compact copies,
    /// small and packed, for every transpose, overwriting, accumulating and from a start row,
    /// into a compact C (the weight gradient in θ) and into a padded one; the numbers of C
    /// between its rows neither read nor written.
    @Test func operandsInsideLargerBuffersGiveTheSameBits() {
        var rng = Xoshiro256(seed: 5)
        let pad = 5
        /// The rows × columns matrix inside a buffer `pad` numbers wider, and its compact copy.
        func padded(_ rows: Int, _ columns: Int) -> (wide: Tensor, compact: Tensor) {
            let wide = Tensor.normal([rows, columns + pad], using: &rng)
            let compact = (0..<rows).flatMap { i in wide.scalars[(i * (columns + pad))..<(i * (columns + pad) + columns)] }
            return (wide, Tensor(shape: [rows, columns], scalars: compact))
        }
        enum Start: CaseIterable { case zero, row, accumulated }
        for (n, k, m) in [(13, 29, 31), (70, 300, 70)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = ta ? padded(k, n) : padded(n, k), b = tb ? padded(m, k) : padded(k, m)
                let row = Tensor.normal([m], using: &rng).scalars, initial = Tensor.normal([n, m], using: &rng).scalars
                for kernel in MatrixKernel.available {
                    for (ldc, start) in [m, m + pad].flatMap({ ldc in Start.allCases.map { (ldc, $0) } }) {
                        // C's own numbers start as `initial` (read only when accumulating), those between its rows as NaN.
                        var c = [Double](repeating: .nan, count: n * ldc)
                        for i in 0..<n { for j in 0..<m { c[i * ldc + j] = initial[i * m + j] } }
                        a.wide.scalars.withUnsafeBufferPointer { pa in
                            b.wide.scalars.withUnsafeBufferPointer { pb in
                                row.withUnsafeBufferPointer { ps in
                                    c.withUnsafeMutableBufferPointer { pc in
                                        let (lda, ldb) = (a.compact.shape[1] + pad, b.compact.shape[1] + pad)
                                        if start == .row {
                                            Tensor.multiply(rows: n, columns: m, inner: k, pa.baseAddress!, leading: lda, transposed: ta,
                                                            pb.baseAddress!, leading: ldb, transposed: tb,
                                                            into: pc.baseAddress!, leading: ldc, startingFrom: ps.baseAddress!, kernel: kernel)
                                        } else {
                                            Tensor.multiplyAccumulate(rows: n, columns: m, inner: k, pa.baseAddress!, leading: lda, transposed: ta,
                                                                      pb.baseAddress!, leading: ldb, transposed: tb,
                                                                      into: pc.baseAddress!, leading: ldc, overwrite: start == .zero, kernel: kernel)
                                        }
                                    }
                                }
                            }
                        }
                        let expected = definitionProduct(a.compact, b.compact, transposeA: ta, transposeB: tb,
                                                         start: start == .row ? (0..<n).flatMap { _ in row } : start == .accumulated ? initial : nil)
                        let name = "\(kernel) \(n)×\(k)×\(m)\(ta ? " Aᵀ" : "")\(tb ? " Bᵀ" : ""), C's rows \(ldc) apart, \(start)"
                        #expect((0..<n).flatMap { i in c[(i * ldc)..<(i * ldc + m)] } == expected, "\(name)")
                        #expect((0..<n).allSatisfy { i in c[(i * ldc + m)..<((i + 1) * ldc)].allSatisfy(\.isNaN) }, "\(name): between C's rows")
                    }
                }
            }
        }
    }

    /// C = 1·sᵀ + op(A)·op(B) from a start row (a layer's bias) has the bits of filling every row
    /// of C with s and accumulating, for every kernel, shape and transpose (the packed products,
    /// a column from a transposed A, an empty inner extent), and never reads C.
    @Test func startingFromARowIsFillingThenAccumulating() {
        var rng = Xoshiro256(seed: 13)
        var differing: [String] = []
        for kernel in MatrixKernel.available {
            for (n, k, m) in kernelShapes + [(5, 0, 7), (300, 1, 513)] {
                for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                    let a = Tensor.normal(ta ? [k, n] : [n, k], using: &rng), b = Tensor.normal(tb ? [m, k] : [k, m], using: &rng)
                    let row = Tensor.normal([m], using: &rng).scalars
                    var c = [Double](repeating: .nan, count: n * m)
                    a.scalars.withUnsafeBufferPointer { pa in
                        b.scalars.withUnsafeBufferPointer { pb in
                            row.withUnsafeBufferPointer { ps in
                                c.withUnsafeMutableBufferPointer { pc in
                                    // An empty operand may have no storage: any valid pointer will do.
                                    let anyA = pa.baseAddress ?? ps.baseAddress!, anyB = pb.baseAddress ?? ps.baseAddress!
                                    Tensor.multiply(rows: n, columns: m, inner: k, anyA, leading: a.shape[1], transposed: ta,
                                                    anyB, leading: b.shape[1], transposed: tb,
                                                    into: pc.baseAddress!, startingFrom: ps.baseAddress!, kernel: kernel)
                                }
                            }
                        }
                    }
                    let filled = (0..<n).flatMap { _ in row }
                    if c != definitionProduct(a, b, transposeA: ta, transposeB: tb, start: filled) {
                        differing.append("\(kernel) \(n)×\(k)×\(m)\(ta ? " Aᵀ" : "")\(tb ? " Bᵀ" : "")")
                    }
                }
            }
        }
        #expect(differing.isEmpty, "differs from filling and accumulating on \(differing.prefix(10))")
    }

    /// The portable kernel runs everywhere, and the selected one is available.
    @Test func theSelectedKernelIsAvailable() {
        #expect(MatrixKernel.portable.isAvailable)
        #expect(MatrixKernel.selected.isAvailable)
        #expect(MatrixKernel.available.first == .portable)
    }
}
