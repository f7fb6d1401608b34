import Autodiff

/// A log density with its gradient: x ↦ (ln π(x) + c, ∇ ln π(x)). What gradient-based
/// samplers (Langevin, MALA, HMC) need.
public typealias LogDensityGradient = @Sendable ([Double]) -> (value: Double, gradient: [Double])

/// A log density written with the autodiff core; its gradient comes from reverse-mode
/// differentiation.
public func differentiable(_ logDensity: @escaping @Sendable (Variable) -> Variable) -> LogDensityGradient {
    { x in
        let (value, gradient) = valueWithGradient(at: Tensor(x), logDensity)
        return (value, gradient.scalars)
    }
}

/// The value-only half of a ``LogDensityGradient`` (for Metropolis–Hastings).
public func valueOnly(_ target: @escaping LogDensityGradient) -> LogDensity {
    { target($0).value }
}

/// The log posterior of Bayesian linear regression with its gradient, written out by hand:
/// ∇ ln p(w | D) = β Φᵀ(y − Φw) − α w. (Tests check it against the autodiff core.)
public func linearRegressionLogPosteriorGradient(design phi: Tensor, targets y: [Double], priorPrecision alpha: Double, noisePrecision beta: Double) -> LogDensityGradient {
    let m = phi.shape[1]
    let targets = Tensor.column(y)
    return { w in
        // Two matrix–vector products.
        let residual = targets - Tensor.matmul(phi, Tensor(shape: [m, 1], scalars: w))
        let back = Tensor.matmul(phi, residual, transposeA: true).scalars
        var sse = 0.0, ww = 0.0
        for r in residual.scalars { sse += r * r }
        var gradient = [Double](repeating: 0, count: m)
        for j in 0..<m {
            ww += w[j] * w[j]
            gradient[j] = beta * back[j] - alpha * w[j]
        }
        return (-0.5 * beta * sse - 0.5 * alpha * ww, gradient)
    }
}

/// The correlated 2-D Gaussian of ``correlatedGaussianLogDensity(correlation:)`` with its gradient
/// −Σ⁻¹x.
public func correlatedGaussianLogDensityGradient(correlation rho: Double) -> LogDensityGradient {
    let c = 1 / (1 - rho * rho)
    return { x in
        let g = [-c * (x[0] - rho * x[1]), -c * (x[1] - rho * x[0])]
        return (-0.5 * c * (x[0] * x[0] - 2 * rho * x[0] * x[1] + x[1] * x[1]), g)
    }
}
