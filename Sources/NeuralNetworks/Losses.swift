import Foundation
import Autodiff

/// Mean squared error (1/n) Σᵢ (ŷᵢ − yᵢ)² (one fused node on the tape).
public func meanSquaredError(_ prediction: Variable, _ target: Tensor) -> Variable {
    prediction.meanSquaredDifference(to: target)
}

/// Mean Gaussian negative log-likelihood of targets y under N(μ, σ²), per point:
/// (1/n) Σᵢ ½ [ln(2π σᵢ²) + (yᵢ − μᵢ)² / σᵢ²].
///
/// With a constant σ² this is MSE/(2σ²) plus a constant; with σ² predicted per input it is
/// the heteroscedastic loss of Nix & Weigend (1994) and Lakshminarayanan et al. (2017).
public func gaussianNegativeLogLikelihood(mean: Variable, variance: Variable, _ target: Tensor) -> Variable {
    let r = mean - target
    return ((log(variance) + square(r) / variance) * 0.5).mean() + 0.5 * Foundation.log(2 * Double.pi)
}

/// Splits a two-column network output into a mean and a positive variance:
/// μ = out[:, 0], σ² = softplus(out[:, 1]) + `minimumVariance`.
public func gaussianHead(_ output: Variable, minimumVariance: Double = 1e-6) -> (mean: Variable, variance: Variable) {
    (output.columns(0..<1), softplus(output.columns(1..<2)) + minimumVariance)
}
