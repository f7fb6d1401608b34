import Foundation
import Testing
import Autodiff
import Probability

/// The elementwise kernels (tanh, its pullback, eˣ − 1, Adam) give the portable kernel's bits
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
}
