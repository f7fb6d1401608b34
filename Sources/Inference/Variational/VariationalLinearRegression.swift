import Autodiff
import Foundation
import NumericalMethods

/// The ELBO of a Gaussian q(w) = N(m, LLᵀ) for Bayesian linear regression (prior w ~ N(0, α⁻¹I),
/// y ~ N(Φw, β⁻¹I)), in closed form, on the tape:
///
/// ELBO = (N/2) ln(β/2π) − (β/2)(‖y − Φm‖² + ‖ΦL‖²_F) − KL[q ‖ p],
/// KL[q ‖ p] = ½ [α(‖L‖²_F + ‖m‖²) − M − M ln α − 2 Σⱼ ln|Lⱼⱼ|].
///
/// `scale` is read as lower-triangular (its upper part is ignored); a diagonal `mask` makes q
/// mean-field. Since ln p(D) = ELBO + KL[q ‖ p(w | D)], the ELBO equals the log evidence exactly
/// when q is the posterior, and is below it otherwise.
public func linearRegressionELBO(mean m: Variable, scale: Variable, design phi: Tensor, targets y: Tensor,
                                 priorPrecision alpha: Double, noisePrecision beta: Double, mask: Tensor? = nil) -> Variable {
    let (n, d) = (phi.shape[0], phi.shape[1])
    let lower = mask ?? Tensor(shape: [d, d], scalars: (0..<(d * d)).map { ($0 / d) >= ($0 % d) ? 1 : 0 })
    let identity = Tensor(shape: [d, d], scalars: (0..<(d * d)).map { ($0 / d) == ($0 % d) ? 1 : 0 })
    let l = scale * lower
    let residual = y - matmul(phi, m.reshaped([d, 1]))
    let expectedFit = square(residual).sum() + square(matmul(phi, l)).sum()
    let diagonal = (l * identity).sum(alongAxis: 1)
    let logDetCovariance = log(square(diagonal)).sum()   // 2 Σ ln|Lⱼⱼ|
    let kl = ((square(l).sum() + square(m).sum()) * alpha - logDetCovariance - Double(d) * (1 + Elementary.log(alpha))) * 0.5
    return expectedFit * (-0.5 * beta) + 0.5 * Double(n) * Elementary.log(beta / (2 * Double.pi)) - kl
}
