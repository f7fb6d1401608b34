import Foundation
import NumericalMethods
import Testing

@Test("Cholesky on arrays: L Lᵀ = A, the solve inverts A, ln det A = 2 Σ ln Lᵢᵢ by hand, and a matrix that is not positive definite is refused at its pivot")
func choleskyFactorsSolvesAndRefuses() throws {
    let a = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]
    let l = try Cholesky.factor(a, n: 3)
    for i in 0..<3 {
        for j in 0..<3 {
            let llt = (0..<3).reduce(0.0) { $0 + l[i * 3 + $1] * l[j * 3 + $1] }
            #expect(abs(llt - a[i * 3 + j]) < 1e-12)
        }
    }
    let b = [1, -2, 0.5, 3, 0, 1]   // two right-hand sides as columns of a 3 × 2 matrix
    let x = Cholesky.solve(factor: l, n: 3, b, columns: 2)
    for i in 0..<3 {
        for c in 0..<2 {
            #expect(abs((0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * x[$1 * 2 + c] } - b[i * 2 + c]) < 1e-12)
        }
    }
    // det A = 4(15 − 1) − 2(6 − 0.4) + 0.4(2 − 2) = 44.8
    #expect(abs(Cholesky.logDeterminant(factor: l, n: 3) - Foundation.log(44.8)) < 1e-12)
    #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 1)) { try Cholesky.factor([1, 2, 2, 1], n: 2) }
}

@Test("the Jacobi eigendecomposition reconstructs a symmetric matrix: A = V Λ Vᵀ, VᵀV = I")
func symmetricEigenReconstructs() {
    // A = B Bᵀ for a fixed B with entries sin(7i + 3j).
    let b = (0..<7).map { i in (0..<7).map { j in sin(Double(7 * i + 3 * j)) } }
    let a = (0..<7).map { i in (0..<7).map { j in (0..<7).reduce(0.0) { $0 + b[i][$1] * b[j][$1] } } }
    let (values, v) = symmetricEigen(a)
    for i in 0..<7 {
        for j in 0..<7 {
            let reconstructed = (0..<7).reduce(0.0) { $0 + v[i][$1] * values[$1] * v[j][$1] }
            let orthogonal = (0..<7).reduce(0.0) { $0 + v[$1][i] * v[$1][j] }
            #expect(abs(reconstructed - a[i][j]) < 1e-12 * 50)
            #expect(abs(orthogonal - (i == j ? 1 : 0)) < 1e-12)
        }
    }
}

@Test("the FFT equals the direct sum Σₜ xₜ e^{∓2πikt/n} for n = 1, 2, 8, 64, and the inverse brings x back times n")
func fftMatchesTheDirectTransform() {
    for n in [1, 2, 8, 64] {
        let x = (0..<n).map { cos(Double($0 * $0) / 3) }
        var (re, im) = (x, [Double](repeating: 0, count: n))
        fft(&re, &im, inverse: false)
        for k in 0..<n {
            let angle = { (t: Int) in -2 * Double.pi * Double(k * t) / Double(n) }
            let directRe = (0..<n).reduce(0.0) { $0 + x[$1] * cos(angle($1)) }
            let directIm = (0..<n).reduce(0.0) { $0 + x[$1] * sin(angle($1)) }
            #expect(abs(re[k] - directRe) < 1e-10 && abs(im[k] - directIm) < 1e-10, "n \(n), k \(k)")
        }
        fft(&re, &im, inverse: true)
        for t in 0..<n { #expect(abs(re[t] / Double(n) - x[t]) < 1e-12 && abs(im[t]) < 1e-10) }
    }
}

@Test("Φ⁻¹ inverts Φ to 1e-14 and Φ⁻¹(0.975) = 1.959963984540054")
func normalQuantileInvertsTheCDF() {
    for p in [0.001, 0.1, 0.5, 0.975, 0.999] { #expect(abs(standardNormalCDF(standardNormalQuantile(p)) - p) < 1e-14) }
    #expect(abs(standardNormalQuantile(0.975) - 1.959963984540054) < 1e-12)
}

@Test("Householder + QL eigenvalues equal the Jacobi ones to 1e-10 relative on random symmetric matrices (n = 1, 2, 7, 40), and a rank-deficient Gram matrix's zero eigenvalues come out zero")
func symmetricEigenvaluesMatchJacobi() {
    var state: UInt64 = 12345
    func next() -> Double {  // a small LCG: the test needs numbers, not statistics
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    for n in [1, 2, 7, 40] {
        let b = (0..<(n * n)).map { _ in next() }
        let a = (0..<(n * n)).map { i in b[i] + b[(i % n) * n + i / n] }
        let fast = symmetricEigenvalues(a, size: n).sorted()
        let jacobi = symmetricEigen((0..<n).map { i in Array(a[(i * n)..<((i + 1) * n)]) }).values.sorted()
        let scale = jacobi.map(abs).max()!
        #expect(zip(fast, jacobi).allSatisfy { abs($0 - $1) <= 1e-10 * scale }, "n = \(n): \(fast) against \(jacobi)")
    }
    // JᵀJ for J 3 × 6: rank 3, so three eigenvalues are zero.
    let j = (0..<18).map { _ in next() }
    var g = [Double](repeating: 0, count: 36)
    for r in 0..<3 { for a in 0..<6 { for b in 0..<6 { g[a * 6 + b] += j[r * 6 + a] * j[r * 6 + b] } } }
    let values = symmetricEigenvalues(g, size: 6).sorted()
    #expect(values.prefix(3).allSatisfy { abs($0) < 1e-12 } && values.suffix(3).allSatisfy { $0 > 1e-6 }, "\(values)")
}
