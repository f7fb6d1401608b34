import CKernels
import Testing
import Autodiff
import NumericalMethods
import Probability

/// The batched eˣ, ln x, softplus and σ (eight lanes; the scalar functions on the elements outside
/// the lanes' range) give the scalar functions' bits, element for element, under every instruction
/// set this CPU has: on 200,011 arguments of every magnitude and sign, the edges of the lanes' range
/// (|x| = 708), the scalar functions' own limits (overflow, subnormal results, ±0, ±∞, NaN), and
/// every tail length of a lane group. A NaN is any NaN: its sign bit after an addition of two NaNs
/// depends on which operand the compiler puts first (Swift's `softplus(.nan)` gives −NaN, the C
/// fallback +NaN), and no number depends on it.
@Test("batched eˣ, ln x, softplus and σ give the scalar functions' bits on every instruction set")
func batchedElementaryIsTheScalarOne() {
    var rng = Xoshiro256(seed: 2026)
    let edges: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 708, -708, 708.0000000000001, -708.0000000000001,
                           709.782712893384, 709.8, -745.1, -745.2, 1e-300, 0x1p-1022, 0x1p-1074, .greatestFiniteMagnitude,
                           -1, 1, 0.5, 1.4142135623730951, 1.414213562373095, 36.7, -36.7, 1e-17, -1e-17]
    let wide = (0..<100_000).map { _ in (rng.bernoulli(0.5) ? 1.0 : -1.0) * Elementary.exp(rng.uniform(-745, 709)) }
    let moderate = (0..<100_000).map { _ in rng.uniform(-40, 40) }
    let x = edges + wide + moderate
    let functions: [(String, (Int32, UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, Int) -> Void, (Double) -> Double)] = [
        ("exp", uq_exp_batch, Elementary.exp), ("log", uq_log_batch, Elementary.log),
        ("softplus", uq_softplus_batch, Autodiff.softplus), ("sigmoid", uq_sigmoid_batch, Autodiff.sigmoid),
    ]
    for (name, batch, scalar) in functions {
        let expected = x.map(scalar).map(bits)
        for kernel in [UQMatrixKernelPortable, UQMatrixKernelAVX2, UQMatrixKernelAVX512] where uq_matrix_kernel_available(kernel) != 0 {
            var y = [Double](repeating: 0, count: x.count)
            batch(Int32(kernel.rawValue), &y, x, x.count)
            #expect(y.map(bits) == expected, "\(name), kernel \(kernel.rawValue)")
            for n in 1...17 {   // tails: lengths that end inside a lane group
                var tail = [Double](repeating: 0, count: n)
                batch(Int32(kernel.rawValue), &tail, Array(x[7..<(7 + n)]), n)
                #expect(tail.map(bits) == Array(expected[7..<(7 + n)]), "\(name), kernel \(kernel.rawValue), \(n) elements")
            }
        }
    }
    // The Swift faces, and in place (y = x).
    #expect(Elementary.softplus(x).map(bits) == x.map(Autodiff.softplus).map(bits))
    var inPlace = x
    inPlace.withUnsafeMutableBufferPointer { uq_sigmoid_batch(-1, $0.baseAddress, $0.baseAddress, x.count) }
    #expect(inPlace.map(bits) == x.map(Autodiff.sigmoid).map(bits))
}

/// The bit pattern of a number; every NaN maps to one value.
private func bits(_ x: Double) -> UInt64 { x.isNaN ? Double.nan.bitPattern : x.bitPattern }
