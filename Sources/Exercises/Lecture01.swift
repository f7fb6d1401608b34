import Autodiff
import Foundation

// Lecture 1 exercises. Each function has a reference solution between the solution markers;
// `make student` replaces it by a failure naming the exercise, and `make test` grades yours.

/// Exercise 1.1 — MAP is ridge regression.
///
/// With prior w ~ N(0, s² I) and noise N(0, σ²), maximising the posterior of a linear model
/// y = Φw is minimising ‖y − Φw‖² + (σ²/s²)‖w‖². Return that minimiser,
/// w_MAP = (ΦᵀΦ + λI)⁻¹ Φᵀy with λ = σ²/s².
///
/// - Parameters:
///   - phi: the design matrix Φ (n × M).
///   - y: the n targets.
///   - noiseVariance: σ².
///   - priorVariance: s².
public func exercise1_1_mapWeights(phi: Tensor, y: [Double], noiseVariance: Double, priorVariance: Double) throws -> [Double] {
    // BEGIN SOLUTION: Exercise 1.1 (MAP weights)
    let lambda = noiseVariance / priorVariance
    let m = phi.shape[1]
    let a = Tensor.matmul(phi, phi, transposeA: true) + Tensor.identity(m) * Tensor(lambda)
    let b = Tensor.matmul(phi, .column(y), transposeA: true)
    return try a.spdSolve(b).scalars
    // END SOLUTION
}

/// Exercise 1.2 — the posterior predictive variance of Bayesian linear regression.
///
/// Given the posterior covariance S_N of the weights and the noise variance σ², return the
/// variance of the posterior predictive at an input with features φ: σ² + φᵀ S_N φ.
public func exercise1_2_predictiveVariance(features phi: [Double], posteriorCovariance s: Tensor, noiseVariance: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 1.2 (predictive variance)
    let m = phi.count
    var quadratic = 0.0
    for i in 0..<m { for j in 0..<m { quadratic += phi[i] * s[i, j] * phi[j] } }
    return noiseVariance + quadratic
    // END SOLUTION
}

/// Exercise 1.3 — the law of total variance.
///
/// K models (posterior draws, ensemble members) each predict a Gaussian N(μₖ(x), σₖ²(x)) at
/// n inputs: `means[k][i]` and `variances[k][i]`. For the uniform mixture of the K models
/// return, at each input, the aleatoric part E_k[σₖ²] and the epistemic part Var_k[μₖ]
/// (with 1/K, the mixture's own variance).
public func exercise1_3_varianceSplit(means: [[Double]], variances: [[Double]]) throws -> (aleatoric: [Double], epistemic: [Double]) {
    // BEGIN SOLUTION: Exercise 1.3 (law of total variance)
    let k = Double(means.count)
    let n = means[0].count
    var aleatoric = [Double](repeating: 0, count: n)
    var epistemic = [Double](repeating: 0, count: n)
    for i in 0..<n {
        let mu = means.reduce(0) { $0 + $1[i] } / k
        aleatoric[i] = variances.reduce(0) { $0 + $1[i] } / k
        epistemic[i] = means.reduce(0) { $0 + ($1[i] - mu) * ($1[i] - mu) } / k
    }
    return (aleatoric, epistemic)
    // END SOLUTION
}
