import Foundation

/// Why a linear-algebra routine could not finish.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case notPositiveDefinite(pivot: Int)
    public var description: String {
        switch self {
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (Cholesky pivot \(k) is not positive)"
        }
    }
}

/// The Cholesky factorisation A = L Lᵀ of a symmetric positive-definite n × n matrix, on flat
/// row-major arrays (the `Tensor` methods of Autodiff call these).
public enum Cholesky {
    /// The lower-triangular factor L of `a` (n × n, row-major), column by column:
    /// Lⱼⱼ = √(Aⱼⱼ − Σₖ<ⱼ Lⱼₖ²), Lᵢⱼ = (Aᵢⱼ − Σₖ<ⱼ Lᵢₖ Lⱼₖ)/Lⱼⱼ for i > j.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` at the first pivot that is not positive.
    public static func factor(_ a: [Double], n: Int) throws -> [Double] {
        precondition(a.count == n * n, "Cholesky.factor: needs \(n * n) entries, got \(a.count)")
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0 else { throw LinearAlgebraError.notPositiveDefinite(pivot: j) }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        return l
    }

    /// Solves L Lᵀ X = B for X, given the factor L (n × n) and B (n × m, row-major, one
    /// right-hand side per column): forward substitution L Z = B, then back substitution Lᵀ X = Z.
    public static func solve(factor l: [Double], n: Int, _ b: [Double], columns m: Int) -> [Double] {
        var x = b
        for c in 0..<m {
            for i in 0..<n {
                var s = x[i * m + c]
                for k in 0..<i { s -= l[i * n + k] * x[k * m + c] }
                x[i * m + c] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i * m + c]
                for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * x[k * m + c] }
                x[i * m + c] = s / l[i * n + i]
            }
        }
        return x
    }

    /// ln det A = 2 Σᵢ ln Lᵢᵢ, given the factor L.
    public static func logDeterminant(factor l: [Double], n: Int) -> Double {
        2 * (0..<n).reduce(0.0) { $0 + Elementary.log(l[$1 * n + $1]) }
    }
}
