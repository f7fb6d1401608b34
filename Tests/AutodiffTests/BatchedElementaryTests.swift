import CKernels
import Testing
import Autodiff
import NumericalMethods
import Probability

/// The batched eˣ, ln x, softplus and σ (eight lanes; the scalar functions on the elements outside
/// the lanes' range) give the scalar functions' bits, element for element, under every instruction
/// set this CPU has: on 300,029 arguments (every magnitude and sign; uniform on (−709, 709), where
/// the scale 2ⁿ is large; uniform on (−40, 40)), the edges of the lanes' ranges (|x| = 708, the
/// largest subnormal), the scalar functions' own limits (overflow, subnormal results, ±0, ±∞,
/// NaN), every tail length of a lane group (nothing written past the end), and in place.
@Test("batched eˣ, ln x, softplus and σ give the scalar functions' bits on every instruction set")
func batchedElementaryIsTheScalarOne() {
    var rng = Xoshiro256(seed: 2026)
    let edges: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, 708, -708, 708.0000000000001, -708.0000000000001,
                           709.782712893384, 709.8, -745.1, -745.2, 1e-300, 0x1p-1022, Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), 0x1p-1074,
                           .greatestFiniteMagnitude, -1, 1, 0.5, 1.4142135623730951, 1.414213562373095, 36.7, -36.7, 1e-17, -1e-17, 2]
    let wide = (0..<100_000).map { _ in (rng.bernoulli(0.5) ? 1.0 : -1.0) * Elementary.exp(rng.uniform(-745, 709)) }
    let large = (0..<100_000).map { _ in rng.uniform(-709, 709) }
    let moderate = (0..<100_000).map { _ in rng.uniform(-40, 40) }
    let x = edges + wide + large + moderate
    let functions: [(String, (Int32, UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, Int) -> Void, (Double) -> Double)] = [
        ("exp", uq_exp_batch, Elementary.exp), ("log", uq_log_batch, Elementary.log),
        ("softplus", uq_softplus_batch, Autodiff.softplus), ("sigmoid", uq_sigmoid_batch, Autodiff.sigmoid),
    ]
    let marker = -12345.5
    for (name, batch, scalar) in functions {
        let expected = x.map { scalar($0).bitPattern }
        for kernel in [UQMatrixKernelPortable, UQMatrixKernelAVX2, UQMatrixKernelAVX512] where uq_matrix_kernel_available(kernel) != 0 {
            var y = [Double](repeating: 0, count: x.count)
            batch(Int32(kernel.rawValue), &y, x, x.count)
            #expect(y.map(\.bitPattern) == expected, "\(name), kernel \(kernel.rawValue)")
            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer { batch(Int32(kernel.rawValue), $0.baseAddress, $0.baseAddress, x.count) }
            #expect(inPlace.map(\.bitPattern) == expected, "\(name) in place, kernel \(kernel.rawValue)")
            for n in 1...17 {   // lengths that end inside a lane group, in a buffer 8 longer
                var tail = [Double](repeating: marker, count: n + 8)
                batch(Int32(kernel.rawValue), &tail, Array(x[3..<(3 + n)]), n)
                #expect(tail.prefix(n).map(\.bitPattern) == Array(expected[3..<(3 + n)]), "\(name), kernel \(kernel.rawValue), \(n) elements")
                #expect(tail.suffix(8).allSatisfy { $0 == marker }, "\(name), kernel \(kernel.rawValue): written past \(n) elements")
            }
        }
    }
    #expect(Elementary.softplus(x).map(\.bitPattern) == x.map { Autodiff.softplus($0).bitPattern })   // the Swift face
}
