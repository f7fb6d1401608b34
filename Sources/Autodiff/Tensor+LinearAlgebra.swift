import Foundation

/// Why a linear-algebra routine could not finish.
public enum LinearAlgebraError: Error, CustomStringConvertible {
    case notPositiveDefinite(pivot: Int)
    public var description: String {
        switch self {
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (Cholesky pivot \(k) is not positive)"
        }
    }
}

extension Tensor {
    /// The lower-triangular Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ.
    public func cholesky() throws -> Tensor {
        precondition(rank == 2 && shape[0] == shape[1], "cholesky: needs a square matrix, got \(shape)")
        let n = shape[0]
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = scalars[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0 else { throw LinearAlgebraError.notPositiveDefinite(pivot: j) }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = scalars[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        return Tensor(shape: [n, n], scalars: l)
    }

    /// Solves L Lᵀ x = b for x, given the Cholesky factor L (`self`); b is a vector or a matrix
    /// of right-hand sides (one per column).
    public func choleskySolve(_ b: Tensor) -> Tensor {
        let n = shape[0]
        let m = b.rank == 1 ? 1 : b.shape[1]
        var x = b.scalars
        for c in 0..<m {
            // forward: L z = b
            for i in 0..<n {
                var s = x[i * m + c]
                for k in 0..<i { s -= scalars[i * n + k] * x[k * m + c] }
                x[i * m + c] = s / scalars[i * n + i]
            }
            // backward: Lᵀ x = z
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i * m + c]
                for k in (i + 1)..<max(i + 1, n) { s -= scalars[k * n + i] * x[k * m + c] }
                x[i * m + c] = s / scalars[i * n + i]
            }
        }
        return Tensor(shape: b.shape, scalars: x)
    }

    /// ln det A = 2 Σᵢ ln Lᵢᵢ, given the Cholesky factor L (`self`).
    public func choleskyLogDeterminant() -> Double {
        let n = shape[0]
        return 2 * (0..<n).reduce(0.0) { $0 + Foundation.log(scalars[$1 * n + $1]) }
    }

    /// Solves A x = b for a symmetric positive-definite A.
    public func spdSolve(_ b: Tensor) throws -> Tensor {
        try cholesky().choleskySolve(b)
    }

    /// The product L z of a lower-triangular matrix and a vector: with z ~ N(0, I) and
    /// L the Cholesky factor of Σ, L z ~ N(0, Σ).
    public func lowerTriangularTimes(_ z: [Double]) -> [Double] {
        let n = shape[0]
        return (0..<n).map { i in (0...i).reduce(0.0) { $0 + scalars[i * n + $1] * z[$1] } }
    }
}
