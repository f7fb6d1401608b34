import Foundation
import Autodiff

/// ln N(x | 0, Σ) up to a constant for a 2-D Gaussian with unit variances and correlation ρ:
/// −(x₁² − 2ρx₁x₂ + x₂²) / (2(1 − ρ²)).
public func correlatedGaussianLogDensity(correlation rho: Double) -> LogDensity {
    let c = 1 / (2 * (1 - rho * rho))
    return { x in -c * (x[0] * x[0] - 2 * rho * x[0] * x[1] + x[1] * x[1]) }
}

/// The log posterior of Bayesian linear regression, up to a constant, evaluated from the data:
/// ln p(w | D) = −(β/2) ‖y − Φw‖² − (α/2) ‖w‖² + c. (The exact posterior is
/// ``BayesianLinearRegression``; samplers use this to be checked against it.)
public func linearRegressionLogPosterior(design phi: Tensor, targets y: [Double], priorPrecision alpha: Double, noisePrecision beta: Double) -> LogDensity {
    let (n, m) = (phi.shape[0], phi.shape[1])
    let rows = phi.scalars
    return { w in
        var sse = 0.0
        for i in 0..<n {
            var f = 0.0
            for j in 0..<m { f += rows[i * m + j] * w[j] }
            sse += (y[i] - f) * (y[i] - f)
        }
        var ww = 0.0
        for j in 0..<m { ww += w[j] * w[j] }
        return -0.5 * beta * sse - 0.5 * alpha * ww
    }
}
