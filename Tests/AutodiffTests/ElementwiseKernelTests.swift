import Foundation
import Testing
import Autodiff
import Probability

/// The elementwise kernels (tanh, its pullback, eˣ − 1, Adam, column sums, ReLU's pullback) give the portable kernel's bits
/// with every instruction set this CPU runs: on lengths that end inside a lane group (tails),
/// on special values, and from any offset.
@Suite struct ElementwiseKernels {
    /// Arguments of every magnitude and sign, with the special values, of an odd length.
    static func arguments(seed: UInt64, count: Int) -> [Double] {
        var rng = Xoshiro256(seed: seed)
        let special: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 22, 22.000000000000004, -30, 1e-300, 700, -700]
        return special + (0..<(count - special.count)).map { _ in (rng.bernoulli(0.5) ? 1 : -1) * Foundation.pow(10, rng.uniform(-12, 2.5)) }
    }

    /// The same bits, NaN for NaN.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// The same bits, any NaN for any NaN: when an addition meets two NaNs (∞ − ∞ gives −NaN on
    /// x86), which one it returns is the order in which the compiler put the operands.
    static func sameUpToNaNs(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    static func run(_ x: [Double], _ kernel: MatrixKernel,
                    _ body: (UnsafeMutableBufferPointer<Double>, UnsafeBufferPointer<Double>, MatrixKernel) -> Void) -> [Double] {
        var y = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in body(py, px, kernel) } }
        return y
    }

    @Test(arguments: MatrixKernel.available.filter { $0 != .portable })
    func tanhAndExpm1GiveThePortableBits(_ kernel: MatrixKernel) {
        for count in [1, 7, 8, 9, 1003] {
            let x = Self.arguments(seed: UInt64(count), count: max(count, 11)).prefix(count).map { $0 }
            let tanh: (UnsafeMutableBufferPointer<Double>, UnsafeBufferPointer<Double>, MatrixKernel) -> Void = { $0.assignHyperbolicTangent(of: $1, kernel: $2) }
            let expm1: (UnsafeMutableBufferPointer<Double>, UnsafeBufferPointer<Double>, MatrixKernel) -> Void = {
                $0.assignExponentialMinusOne(of: $1, kernel: $2)
            }
            let bounded = x.map { max(-700, min(700, $0.isNaN ? 0 : $0)) }
            #expect(Self.same(Self.run(x, kernel, tanh), Self.run(x, .portable, tanh)), "tanh, \(count) elements")
            #expect(Self.same(Self.run(bounded, kernel, expm1), Self.run(bounded, .portable, expm1)), "expm1, \(count) elements")
            let pullback: (UnsafeMutableBufferPointer<Double>, UnsafeBufferPointer<Double>, MatrixKernel) -> Void = { g, h, k in
                for i in g.indices { g[i] = Double(i % 13) - 6.5 }
                g.multiplyByTanhDerivative(outputs: h.baseAddress!, kernel: k)
            }
            let h = Self.run(x, .portable, tanh)
            #expect(Self.same(Self.run(h, kernel, pullback), Self.run(h, .portable, pullback)), "tanh pullback, \(count) elements")
        }
    }

    /// tanh's forward tangents and their pullback, on a tail length: the portable bits, and the
    /// formulas a′ = 1 − h², a″ = −2h a′, a‴ = −2a′² + 4h²a′ written out in Swift, in the same order.
    @Test(arguments: MatrixKernel.available)
    func tanhTangentsGiveTheScalarFormulasBits(_ kernel: MatrixKernel) {
        var rng = Xoshiro256(seed: 12)
        let n = 203
        let h = (0..<n).map { _ in rng.uniform(-1, 1) }
        let (t0, s0) = ((0..<n).map { _ in rng.normal() }, (0..<n).map { _ in rng.normal() })
        let (hb0, tb0, sb0) = ((0..<n).map { _ in rng.normal() }, (0..<n).map { _ in rng.normal() }, (0..<n).map { _ in rng.normal() })
        var (t, s) = (t0, s0)
        h.withUnsafeBufferPointer { ph in
            t.withUnsafeMutableBufferPointer { pt in
                s.withUnsafeMutableBufferPointer { ps in tanhTangents(outputs: ph.baseAddress!, first: pt.baseAddress!, second: ps.baseAddress!, count: n, kernel: kernel) }
            }
        }
        var (hb, tb, sb) = (hb0, tb0, sb0)
        h.withUnsafeBufferPointer { ph in t0.withUnsafeBufferPointer { pz1 in s0.withUnsafeBufferPointer { pz2 in
            hb.withUnsafeMutableBufferPointer { a in tb.withUnsafeMutableBufferPointer { b in sb.withUnsafeMutableBufferPointer { c in
                tanhTangentsPullback(outputs: ph.baseAddress!, first: pz1.baseAddress!, second: pz2.baseAddress!,
                                     adjoints: a.baseAddress!, b.baseAddress!, c.baseAddress!, count: n, kernel: kernel)
            } } }
        } } }
        var expected = [[Double]](repeating: [], count: 5)
        for k in 0..<n {
            let d1 = 1 - h[k] * h[k], d2 = -2 * h[k] * d1, d3 = -2 * d1 * d1 + 4 * h[k] * h[k] * d1
            let (z1, z2, gh, gt, gs) = (t0[k], s0[k], hb0[k], tb0[k], sb0[k])
            expected[0].append(d1 * z1)
            expected[1].append(d1 * z2 + d2 * z1 * z1)
            expected[2].append(gh * d1 + gt * d2 * z1 + gs * (d2 * z2 + d3 * z1 * z1))
            expected[3].append(gt * d1 + 2 * gs * d2 * z1)
            expected[4].append(gs * d1)
        }
        #expect(Self.same(t, expected[0]) && Self.same(s, expected[1]), "forward tangents, \(kernel)")
        #expect(Self.same(hb, expected[2]) && Self.same(tb, expected[3]) && Self.same(sb, expected[4]), "pullback, \(kernel)")
    }

    @Test(arguments: MatrixKernel.available.filter { $0 != .portable })
    func adamGivesThePortableBits(_ kernel: MatrixKernel) {
        var rng = Xoshiro256(seed: 9)
        let n = 1003
        let start = (0..<n).map { _ in rng.normal() }
        let gradients = (0..<5).map { _ in (0..<n).map { _ in rng.normal() * 10 } }
        func steps(_ k: MatrixKernel) -> [Double] {
            var (θ, m, v) = (start, [Double](repeating: 0, count: n), [Double](repeating: 0, count: n))
            for (t, g) in gradients.enumerated() {
                θ.withUnsafeMutableBufferPointer { pθ in m.withUnsafeMutableBufferPointer { pm in v.withUnsafeMutableBufferPointer { pv in
                    g.withUnsafeBufferPointer { pg in
                        adamStep(parameters: pθ, firstMoment: pm, secondMoment: pv, gradient: pg, beta1: 0.9, beta2: 0.999,
                                 stepSize: 1e-3 * Double(t + 1), epsilon: 1e-8, kernel: k)
                    }
                } } }
            }
            return θ + m + v
        }
        #expect(Self.same(steps(kernel), steps(.portable)))
    }

    /// Column sums (a bias's gradient) and ReLU's pullback: every instruction set gives the portable
    /// kernel's bits and the plain loops' (each column summed in row order from its starting value,
    /// a NaN's sign aside; g kept where h > 0, +0 elsewhere), on widths with tails (and both of the
    /// column sums' paths, m ≤ 128 and above) and on special values.
    @Test(arguments: MatrixKernel.available)
    func columnSumsAndReLUPullbackGiveThePlainLoopsBits(_ kernel: MatrixKernel) {
        for (rows, columns) in [(1, 1), (20, 1), (7, 9), (32, 50), (3, 1003)] {
            let g = Self.arguments(seed: UInt64(rows * columns), count: max(rows * columns, 11)).prefix(rows * columns).map { $0 }
            let start = Self.arguments(seed: 5, count: max(columns, 11)).prefix(columns).map { $0 }
            var plain = start
            for i in 0..<rows { for j in 0..<columns { plain[j] += g[i * columns + j] } }
            var summed = start
            g.withUnsafeBufferPointer { pg in summed.withUnsafeMutableBufferPointer { $0.addColumnSums(of: pg.baseAddress!, rows: rows, kernel: kernel) } }
            var portable = start
            g.withUnsafeBufferPointer { pg in portable.withUnsafeMutableBufferPointer { $0.addColumnSums(of: pg.baseAddress!, rows: rows, kernel: .portable) } }
            #expect(Self.same(summed, portable), "column sums, \(rows) × \(columns), \(kernel) against portable")
            #expect(Self.sameUpToNaNs(summed, plain), "column sums, \(rows) × \(columns), \(kernel)")
        }
        // Rows further apart than the matrix is wide (a padded buffer): the numbers between rows
        // are never summed.
        for (rows, columns, leading) in [(7, 9, 12), (3, 1003, 1011)] {
            var g = Self.arguments(seed: UInt64(leading), count: rows * leading)
            for i in 0..<rows { for j in columns..<leading { g[i * leading + j] = .nan } }   // would spoil any sum that read them
            var plain = [Double](repeating: 0, count: columns)
            for i in 0..<rows { for j in 0..<columns { plain[j] += g[i * leading + j] } }
            var summed = [Double](repeating: 0, count: columns)
            g.withUnsafeBufferPointer { pg in
                summed.withUnsafeMutableBufferPointer { $0.addColumnSums(of: pg.baseAddress!, rows: rows, leading: leading, kernel: kernel) }
            }
            #expect(Self.sameUpToNaNs(summed, plain), "column sums, \(rows) × \(columns) in rows \(leading) apart, \(kernel)")
        }
        for count in [1, 7, 8, 9, 1003] {
            let g = Self.arguments(seed: UInt64(count), count: max(count, 11)).prefix(count).map { $0 }
            let h = Self.arguments(seed: UInt64(count + 1), count: max(count, 11)).prefix(count).map { $0 }
            let plain = zip(g, h).map { $1 > 0 ? $0 : 0 }
            var pulled = g
            h.withUnsafeBufferPointer { ph in pulled.withUnsafeMutableBufferPointer { $0.multiplyByReLUDerivative(outputs: ph.baseAddress!, kernel: kernel) } }
            #expect(Self.same(pulled, plain), "ReLU pullback, \(count) elements, \(kernel)")
        }
    }
}
