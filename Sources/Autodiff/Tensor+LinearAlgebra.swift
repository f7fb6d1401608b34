import Foundation
import NumericalMethods

extension Tensor {
    /// The lower-triangular Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ
    /// (see `Cholesky.factor`).
    /// - Throws: `LinearAlgebraError.notPositiveDefinite`.
    public func cholesky() throws -> Tensor {
        precondition(rank == 2 && shape[0] == shape[1], "cholesky: needs a square matrix, got \(shape)")
        return Tensor(shape: shape, scalars: try Cholesky.factor(scalars, n: shape[0]))
    }

    /// Solves L Lᵀ x = b for x, given the Cholesky factor L (`self`); b is a vector or a matrix
    /// of right-hand sides (one per column).
    public func choleskySolve(_ b: Tensor) -> Tensor {
        Tensor(shape: b.shape, scalars: Cholesky.solve(factor: scalars, n: shape[0], b.scalars, columns: b.rank == 1 ? 1 : b.shape[1]))
    }

    /// ln det A = 2 Σᵢ ln Lᵢᵢ, given the Cholesky factor L (`self`).
    public func choleskyLogDeterminant() -> Double {
        Cholesky.logDeterminant(factor: scalars, n: shape[0])
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
