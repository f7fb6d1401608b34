/// What can stop a Laplace approximation: one clear sentence each, never a NaN band.
public enum LaplaceError: Error, CustomStringConvertible, Equatable {
    /// σ² ≤ 0 (or not finite).
    case noiseVarianceNotPositive(Double)
    /// s² ≤ 0.
    case priorVarianceNotPositive(Double)
    /// P = C + (1/s²) I has a non-positive Cholesky pivot.
    case precisionNotPositiveDefinite(curvature: LaplaceApproximation.Curvature, priorPrecision: Double, pivot: Int)
    /// The evidence cannot be tuned: the fit leaves no residual (σ² → 0) or w* = 0 (s² → 0).
    case evidenceDegenerate(String)

    public var description: String {
        switch self {
        case .noiseVarianceNotPositive(let v):
            return "Laplace: the noise variance σ² must be positive, got \(v)"
        case .priorVarianceNotPositive(let v):
            return "Laplace: the prior variance s² must be positive, got \(v)"
        case .precisionNotPositiveDefinite(let curvature, let lambda, let pivot):
            if curvature == .hessian {
                return "Laplace: the Hessian + prior precision \(lambda) is not positive definite (Cholesky pivot \(pivot)): w* is not a minimum of the negative log posterior; train to a minimum or use the GGN"
            }
            return "Laplace: the GGN + prior precision \(lambda) is not positive definite (Cholesky pivot \(pivot)): the GGN is singular, so the prior precision must be positive"
        case .evidenceDegenerate(let why):
            return "Laplace evidence: \(why)"
        }
    }
}
