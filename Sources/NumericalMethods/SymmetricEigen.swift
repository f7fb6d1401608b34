import Foundation

/// Eigenvalues and eigenvectors (as columns: vectors[i][j] is component i of vector j) of a
/// small symmetric matrix, by cyclic Jacobi rotations until the off-diagonal is below 1e-14 of the norm.
public func symmetricEigen(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
    var a = matrix
    let n = a.count
    var v = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
    let scale = a.joined().reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p][q] * a[p][q] } }
        if off.squareRoot() <= 1e-14 * max(scale, 1e-300) { break }
        for p in 0..<n {
            for q in (p + 1)..<max(p + 1, n) where a[p][q] != 0 {
                // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                let tau = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                let c = 1 / (1 + t * t).squareRoot(), s = t * c
                for k in 0..<n {
                    let (akp, akq) = (a[k][p], a[k][q])
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let (apk, aqk) = (a[p][k], a[q][k])
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let (vkp, vkq) = (v[k][p], v[k][q])
                    v[k][p] = c * vkp - s * vkq
                    v[k][q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<n).map { a[$0][$0] }, v)
}

/// The eigenvalues (unordered) of a symmetric n × n matrix given row-major (only its lower
/// triangle is read): Householder reduction to a tridiagonal matrix T = QᵀAQ, then the implicit
/// QL iteration with Wilkinson shifts on T (Golub & Van Loan §8.3; Press et al., Numerical
/// Recipes 3rd ed., `tred2` and `tqli` without the vectors). About 4n³/3 operations, against the
/// ~10 sweeps of 3n³ of ``symmetricEigen(_:)``'s Jacobi rotations: for the few hundred weights of
/// a network's full Laplace approximation.
public func symmetricEigenvalues(_ matrix: [Double], size n: Int) -> [Double] {
    precondition(matrix.count == n * n, "symmetricEigenvalues: \(matrix.count) entries for a \(n) × \(n) matrix")
    if n == 0 { return [] }
    var z = matrix
    var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
    z.withUnsafeMutableBufferPointer { z in
        // Householder: row i (from the last) is reflected onto its subdiagonal entry.
        for i in stride(from: n - 1, to: 0, by: -1) {
            let l = i - 1
            var h = 0.0, scale = 0.0
            if l > 0 {
                for k in 0..<i { scale += abs(z[i * n + k]) }
                if scale == 0 {
                    e[i] = z[i * n + l]
                } else {
                    for k in 0..<i { z[i * n + k] /= scale; h += z[i * n + k] * z[i * n + k] }
                    var f = z[i * n + l]
                    var g = f >= 0 ? -h.squareRoot() : h.squareRoot()
                    e[i] = scale * g
                    h -= f * g
                    z[i * n + l] = f - g
                    f = 0
                    for j in 0..<i {
                        g = 0
                        for k in 0...j { g += z[j * n + k] * z[i * n + k] }
                        var k = j + 1
                        while k < i { g += z[k * n + j] * z[i * n + k]; k += 1 }
                        e[j] = g / h
                        f += e[j] * z[i * n + j]
                    }
                    let hh = f / (h + h)
                    for j in 0..<i {
                        f = z[i * n + j]
                        g = e[j] - hh * f
                        e[j] = g
                        for k in 0...j { z[j * n + k] -= f * e[k] + g * z[i * n + k] }
                    }
                }
            } else {
                e[i] = z[i * n + l]
            }
            d[i] = h
        }
        for i in 0..<n { d[i] = z[i * n + i] }
    }
    // QL with implicit shifts on the tridiagonal (d the diagonal, e the subdiagonal).
    for i in 1..<max(n, 1) { e[i - 1] = e[i] }
    e[n - 1] = 0
    func pythag(_ a: Double, _ b: Double) -> Double { (a * a + b * b).squareRoot() }
    for l in 0..<n {
        var iterations = 0
        while true {
            var m = l
            while m < n - 1 {
                let dd = abs(d[m]) + abs(d[m + 1])
                if abs(e[m]) <= Double.ulpOfOne * dd { break }
                m += 1
            }
            if m == l || iterations == 60 { break }
            iterations += 1
            var g = (d[l + 1] - d[l]) / (2 * e[l])
            var r = pythag(g, 1)
            g = d[m] - d[l] + e[l] / (g + (g >= 0 ? abs(r) : -abs(r)))
            var (s, c, p) = (1.0, 1.0, 0.0)
            var i = m - 1
            var underflow = false
            while i >= l {
                let f = s * e[i], b = c * e[i]
                r = pythag(f, g)
                e[i + 1] = r
                if r == 0 {
                    d[i + 1] -= p
                    e[m] = 0
                    underflow = true
                    break
                }
                s = f / r
                c = g / r
                g = d[i + 1] - p
                r = (d[i] - g) * s + 2 * c * b
                p = s * r
                d[i + 1] = g + p
                g = c * r - b
                i -= 1
            }
            if underflow { continue }
            d[l] -= p
            e[l] = g
            e[m] = 0
        }
    }
    return d
}
