import Autodiff
import Foundation
import NumericalMethods
import NeuralNetworks
import Probability

/// Mean-field Gaussian variational inference on any differentiable log density: the family
/// q(θ) = N(μ, diag σ²), σ = softplus(ρ), fitted by maximising the ELBO
/// E_q[ln π(θ)] + Σ_j ln σ_j + c with the reparameterisation θ = μ + σ ⊙ ε, ε ~ N(0, I)
/// (Bayes-by-Backprop's estimator, Blundell et al. 2015, with the prior inside ln π and the
/// entropy exact). One draw per step gives the unbiased gradients
///   ∂/∂μ = ∇ln π(θ),  ∂/∂ρ = (∇ln π(θ) ⊙ ε + 1/σ) ⊙ sigmoid(ρ),
/// which Adam follows uphill.
public struct MeanFieldGaussianVI: Sendable {
    /// Adam steps, each with one draw of ε.
    public var steps: Int
    /// Adam's learning rate, cosine-annealed to 1% of it over the steps.
    public var learningRate: Double
    /// σ of every coordinate at the start.
    public var initialStandardDeviation: Double

    public init(steps: Int, learningRate: Double, initialStandardDeviation: Double = 1e-3) {
        precondition(steps > 0 && learningRate > 0 && initialStandardDeviation > 0, "MeanFieldGaussianVI: steps, rate and initial sd must be positive")
        (self.steps, self.learningRate, self.initialStandardDeviation) = (steps, learningRate, initialStandardDeviation)
    }

    /// The fitted (μ, σ), starting from μ = `initialMean`. `observe`, if given, hears after every
    /// step t the one-draw estimate of the ELBO at the step's q, ln π(θ) + Σ_j ln σ_j + (d/2)(1 + ln 2π)
    /// (unbiased, with the draw's noise), and the last coordinate's (μ, σ): a convergence trace.
    public func fit(_ target: LogDensityGradient, from initialMean: [Double], using rng: inout Xoshiro256,
                    observe: ((_ step: Int, _ elbo: Double, _ lastMean: Double, _ lastSD: Double) -> Void)? = nil) -> (mean: [Double], sd: [Double]) {
        let d = initialMean.count
        // softplus(ρ₀) = σ₀ ⇔ ρ₀ = ln(exp(σ₀) − 1).
        let rho0 = Elementary.log(exponentialMinusOne(initialStandardDeviation))
        var state = Tensor(initialMean + [Double](repeating: rho0, count: d))
        var adam = Adam(.cosine(learningRate, period: steps, minimum: learningRate / 100))
        var eps = [Double](repeating: 0, count: d), theta = [Double](repeating: 0, count: d)
        var descent = [Double](repeating: 0, count: 2 * d)
        for step in 0..<steps {
            let v = state.scalars
            // σ = softplus(ρ) and σ′ = sigmoid(ρ) once per step, on eight lanes (the scalar functions' bits).
            let rho = Array(v[d...])
            let sigmas = Elementary.softplus(rho), slopes = Elementary.sigmoid(rho)
            rng.normals(into: &eps)
            for j in 0..<d { theta[j] = v[j] + sigmas[j] * eps[j] }
            let (logDensity, g) = target(theta)
            for j in 0..<d {
                descent[j] = -g[j]
                descent[d + j] = -(g[j] * eps[j] + 1 / sigmas[j]) * slopes[j]
            }
            if let observe {
                let logSigmas = Elementary.log(sigmas).reduce(0, +)
                observe(step, logDensity + logSigmas + 0.5 * Double(d) * (1 + Elementary.log(2 * Double.pi)), v[d - 1], sigmas[d - 1])
            }
            adam.update(&state, gradient: Tensor(descent))
        }
        let v = state.scalars
        return (Array(v[..<d]), Elementary.softplus(Array(v[d...])))
    }
}
