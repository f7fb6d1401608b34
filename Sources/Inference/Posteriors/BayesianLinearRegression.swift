import Foundation
import NumericalMethods
import Autodiff

/// Exact Bayesian linear regression with fixed features (Bishop, PRML §3.3):
///
/// prior p(w) = N(0, α⁻¹ I), likelihood p(y | w) = Πᵢ N(yᵢ | φ(xᵢ)ᵀw, β⁻¹).
///
/// The posterior is Gaussian, p(w | D) = N(m_N, S_N) with
/// S_N⁻¹ = α I + β ΦᵀΦ and m_N = β S_N Φᵀ y;
/// the posterior predictive at x is N(φᵀm_N, β⁻¹ + φᵀ S_N φ): aleatoric β⁻¹ plus epistemic φᵀS_Nφ.
public struct BayesianLinearRegression: Sendable {
    /// α, the prior precision (1/s² for prior standard deviation s).
    public let priorPrecision: Double
    /// β, the noise precision (1/σ²).
    public let noisePrecision: Double
    /// m_N.
    public let posteriorMean: [Double]
    /// S_N.
    public let posteriorCovariance: Tensor
    /// ln p(y | α, β), the log evidence (marginal likelihood).
    public let logEvidence: Double

    /// Conditions the prior on the design matrix Φ (n×M) and the targets y.
    public init(design phi: Tensor, targets y: [Double], priorPrecision alpha: Double, noisePrecision beta: Double) throws {
        precondition(phi.rank == 2 && phi.shape[0] == y.count, "BayesianLinearRegression: Φ is \(phi.shape), y has \(y.count) values")
        precondition(alpha > 0 && beta > 0, "BayesianLinearRegression: precisions must be positive")
        let (n, m) = (phi.shape[0], phi.shape[1])
        priorPrecision = alpha
        noisePrecision = beta
        // A = S_N⁻¹ = αI + βΦᵀΦ
        let a = Tensor.identity(m) * Tensor(alpha) + beta * Tensor.matmul(phi, phi, transposeA: true)
        let l = try a.cholesky()
        let phiTy = Tensor.matmul(phi, .column(y), transposeA: true)
        let mean = l.choleskySolve(beta * phiTy).reshaped([m])
        posteriorMean = mean.scalars
        posteriorCovariance = l.choleskySolve(.identity(m))
        // PRML (3.86): ln p(y) = M/2 ln α + N/2 ln β − E(m_N) − ½ ln|A| − N/2 ln 2π,
        // E(m_N) = β/2 ‖y − Φ m_N‖² + α/2 m_Nᵀ m_N.
        let residual = Tensor.column(y) - Tensor.matmul(phi, mean.reshaped([m, 1]))
        let energy = beta / 2 * (residual * residual).sum() + alpha / 2 * (mean * mean).sum()
        logEvidence = Double(m) / 2 * Elementary.log(alpha) + Double(n) / 2 * Elementary.log(beta) - energy
            - l.choleskyLogDeterminant() / 2 - Double(n) / 2 * Elementary.log(2 * Double.pi)
    }

    /// The posterior predictive at the rows of `phi`: mean φᵀm_N, epistemic variance φᵀS_Nφ,
    /// and aleatoric variance β⁻¹ (the same at every input).
    public func predict(design phi: Tensor) -> (mean: [Double], epistemic: [Double], aleatoric: Double) {
        let m = posteriorMean.count
        let mean = Tensor.matmul(phi, Tensor(shape: [m, 1], scalars: posteriorMean)).scalars
        let sPhiT = Tensor.matmul(posteriorCovariance, phi, transposeB: true)   // M×n
        let epistemic = (0..<phi.shape[0]).map { i in
            (0..<m).reduce(0.0) { $0 + phi[i, $1] * sPhiT[$1, i] }
        }
        return (mean, epistemic, 1 / noisePrecision)
    }

    /// `count` weight vectors drawn from the posterior: w = m_N + L z, L Lᵀ = S_N, z ~ N(0, I).
    public func samplePosterior<G: RandomNumberGenerator>(count: Int, using rng: inout G) throws -> [[Double]] {
        let l = try posteriorCovariance.cholesky()
        return (0..<count).map { _ in
            let z = rng.normals(posteriorMean.count)
            return zip(posteriorMean, l.lowerTriangularTimes(z)).map(+)
        }
    }
}

/// Least squares, the maximum-likelihood weights: argmin_w ‖y − Φw‖², solved by Householder
/// QR (stable when ΦᵀΦ is ill-conditioned, as it is for many overlapping features).
public func leastSquares(design phi: Tensor, targets y: [Double]) -> [Double] {
    var a = phi.scalars
    var b = y
    let (n, m) = (phi.shape[0], phi.shape[1])
    precondition(n >= m, "leastSquares: needs at least as many points (\(n)) as features (\(m))")
    for k in 0..<m {
        // Householder reflection zeroing column k below the diagonal.
        var norm = 0.0
        for i in k..<n { norm += a[i * m + k] * a[i * m + k] }
        norm = norm.squareRoot()
        if norm == 0 { continue }
        let alpha = a[k * m + k] > 0 ? -norm : norm
        var v = [Double](repeating: 0, count: n)
        for i in k..<n { v[i] = a[i * m + k] }
        v[k] -= alpha
        var vv = 0.0
        for i in k..<n { vv += v[i] * v[i] }
        if vv == 0 { continue }
        for j in k..<m {
            var d = 0.0
            for i in k..<n { d += v[i] * a[i * m + j] }
            let f = 2 * d / vv
            for i in k..<n { a[i * m + j] -= f * v[i] }
        }
        var d = 0.0
        for i in k..<n { d += v[i] * b[i] }
        let f = 2 * d / vv
        for i in k..<n { b[i] -= f * v[i] }
    }
    var w = [Double](repeating: 0, count: m)
    for i in stride(from: m - 1, through: 0, by: -1) {
        var s = b[i]
        for j in (i + 1)..<max(i + 1, m) { s -= a[i * m + j] * w[j] }
        w[i] = s / a[i * m + i]
    }
    return w
}

/// Ridge regression, argmin_w ‖y − Φw‖² + λ‖w‖² = (ΦᵀΦ + λI)⁻¹Φᵀy. With λ = σ²/s² it is the
/// MAP estimate under the prior w ~ N(0, s² I) and noise N(0, σ²).
public func ridgeRegression(design phi: Tensor, targets y: [Double], lambda: Double) throws -> [Double] {
    let m = phi.shape[1]
    let a = Tensor.matmul(phi, phi, transposeA: true) + Tensor.identity(m) * Tensor(lambda)
    return try a.spdSolve(Tensor.matmul(phi, .column(y), transposeA: true)).reshaped([m]).scalars
}
