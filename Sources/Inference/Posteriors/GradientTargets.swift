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
    let (n, m) = (phi.shape[0], phi.shape[1])
    // Φw as (Φᵀ)ᵀw from a stored Φᵀ: the kernel runs it as the row wᵀΦᵀ, vectorised along the n
    // outputs, each still the fma chain over p = 0 ..< m in order (the same bits as Φ·w).
    let (design, transposed) = (phi.scalars, phi.transposed().scalars)
    return { w in
        var gradient = [Double](repeating: 0, count: m)
        var value = 0.0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n + m) { buffer in
            let residual = buffer.baseAddress!, back = residual + n
            // Two matrix–vector products: Φw, then Φᵀ(y − Φw).
            transposed.withUnsafeBufferPointer { pt in
                w.withUnsafeBufferPointer { pw in
                    Tensor.multiplyAccumulate(rows: n, columns: 1, inner: m, pt.baseAddress!, leading: n, transposed: true,
                                              pw.baseAddress!, leading: 1, transposed: false, into: residual, overwrite: true)
                }
            }
            for i in 0..<n { residual[i] = y[i] - residual[i] }
            design.withUnsafeBufferPointer { pd in
                Tensor.multiplyAccumulate(rows: m, columns: 1, inner: n, pd.baseAddress!, leading: m, transposed: true,
                                          residual, leading: 1, transposed: false, into: back, overwrite: true)
            }
            var sse = 0.0, ww = 0.0
            for i in 0..<n { sse += residual[i] * residual[i] }
            for j in 0..<m {
                ww += w[j] * w[j]
                gradient[j] = beta * back[j] - alpha * w[j]
            }
            value = -0.5 * beta * sse - 0.5 * alpha * ww
        }
        return (value, gradient)
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
