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
