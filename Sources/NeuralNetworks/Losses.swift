import Foundation
import NumericalMethods
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
    return ((log(variance) + square(r) / variance) * 0.5).mean() + 0.5 * Elementary.log(2 * Double.pi)
}

/// Splits a two-column network output into a mean and a positive variance:
/// μ = out[:, 0], σ² = softplus(out[:, 1]) + `minimumVariance`.
public func gaussianHead(_ output: Variable, minimumVariance: Double = 1e-6) -> (mean: Variable, variance: Variable) {
    (output.columns(0..<1), softplus(output.columns(1..<2)) + minimumVariance)
}

/// ``gaussianNegativeLogLikelihood(mean:variance:_:)`` of ``gaussianHead(_:minimumVariance:)``
/// as one node on the tape: the mean Gaussian negative log-likelihood of targets y (n × 1) under
/// μ = out[:, 0] and σ² = softplus(out[:, 1]) + `minimumVariance` of a two-column output.
///
/// It runs the composite's operations in the composite's order, forward and back (the tape's
/// order of accumulation included), so its value and gradient are the composite's bit for bit (a
/// test holds it to that); it records one node instead of eighteen, with their arrays and
/// closures, which is most of a small network's training step (a deep ensemble's members).
/// With r = μ − y and t̄ = ḡ·(1/n)·½ for every point:
/// ∂/∂μ = 2(t̄/σ²)·r, ∂/∂out[:, 1] = (−t̄r²/(σ²)² + t̄/σ²)·sigmoid(out[:, 1]).
public func gaussianHeadNegativeLogLikelihood(_ output: Variable, _ target: Tensor, minimumVariance: Double = 1e-6) -> Variable {
    let out = output.value
    precondition(out.rank == 2 && out.shape[1] == 2, "gaussianHeadNegativeLogLikelihood: needs n × 2 outputs, got shape \(out.shape)")
    let n = out.shape[0]
    precondition(target.shape == [n, 1], "gaussianHeadNegativeLogLikelihood: needs \(n) × 1 targets, got shape \(target.shape)")
    let o = out.scalars, y = target.scalars
    var variance = [Double](repeating: 0, count: n), residual = [Double](repeating: 0, count: n)
    var sum = 0.0   // Tensor.sum's order: from +0, point after point
    for i in 0..<n {
        let v = softplus(o[2 * i + 1]) + minimumVariance
        let r = o[2 * i] - y[i]
        variance[i] = v
        residual[i] = r
        sum += (Elementary.log(v) + r * r / v) * 0.5
    }
    let value = sum * (1 / Double(n)) + 0.5 * Elementary.log(2 * Double.pi)
    return output.tape.record(Tensor(value), inputs: [output]) { g in
        let tb = g.scalar * (1 / Double(n)) * 0.5   // the mean's and the ½'s pullbacks
        var grad = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let (v, r) = (variance[i], residual[i])
            let r2 = r * r
            let r2b = tb / v                                // ∂/∂r² of r²/σ²
            let fromQuotient = -(tb * r2) / (v * v)          // ∂/∂σ² of r²/σ², accumulated first
            let rb = 2 * r2b * r
            let vb = fromQuotient + tb / v                   // + ∂/∂σ² of ln σ²
            // Each column's adjoint reaches the output as a sum with the other column's zeros.
            grad[2 * i] = 0.0 + rb
            grad[2 * i + 1] = vb * sigmoid(o[2 * i + 1]) + 0.0
        }
        return [Tensor(shape: [n, 2], scalars: grad)]
    }
}
