import Foundation
import Autodiff
import NeuralNetworks

/// The posterior of a Bayesian physics-informed network (Yang, Meng & Karniadakis 2021, "B-PINNs")
/// for the 1-D problem λ u″(x) + k·tanh(u(x)) = f(x), u the network 𝑢_θ:
///
///   ln p(θ, k | D) = − Σ_i (u_θ(x_i) − ũ_i)² / (2σ_u²)                    (measurements of u)
///                    − Σ_j (λ u_θ″(ξ_j) + k·tanh u_θ(ξ_j) − f̃_j)² / (2σ_f²) (the residual against f)
///                    − ‖θ‖² / (2σ_θ²) − (k − μ_k)² / (2s_k²) + c.
///
/// The residual is a likelihood term: the sensors of the source f measure λu″ + k tanh u with
/// Gaussian noise. With a known k (the forward problem) the state is θ; with an unknown k (the
/// inverse problem) it is (θ, k), k last, with the Gaussian prior N(μ_k, s_k²). Without f sensors
/// (``residualWeight`` 0) it is the data-only posterior of an ordinary Bayesian network.
public struct PhysicsInformedPosterior: Sendable {
    /// The coefficient k of the reaction term: known, or unknown with a Gaussian prior.
    public enum Coefficient: Sendable, Equatable {
        case known(Double)
        case unknown(priorMean: Double, priorStandardDeviation: Double)
    }

    /// The network u_θ: ℝ → ℝ.
    public let network: MLP
    /// Locations and noisy values of the u sensors, and their noise sd σ_u.
    public let uInputs: [Double], uValues: [Double], uNoise: Double
    /// Locations and noisy values of the f sensors, and their noise sd σ_f.
    public let fInputs: [Double], fValues: [Double], fNoise: Double
    /// λ, the diffusion coefficient.
    public let lambda: Double
    public let coefficient: Coefficient
    /// σ_θ of the prior N(0, σ_θ² I) on the weights.
    public let priorStandardDeviation: Double
    /// 1 keeps the residual term, 0 drops it (the data-only posterior).
    public let residualWeight: Double
    /// False drops the weights' prior term: −ln p is then the PINN's plain weighted loss (what
    /// the members of a deep ensemble of PINNs minimise). The prior of k stays.
    public let includesWeightPrior: Bool

    /// - Precondition: the network maps ℝ → ℝ, one value per sensor, positive standard deviations.
    public init(network: MLP, uInputs: [Double], uValues: [Double], uNoise: Double, fInputs: [Double], fValues: [Double], fNoise: Double,
                lambda: Double, coefficient: Coefficient, priorStandardDeviation: Double = 1, residualWeight: Double = 1,
                includesWeightPrior: Bool = true) {
        precondition(network.sizes.first == 1 && network.sizes.last == 1, "PhysicsInformedPosterior: the network must map ℝ → ℝ")
        precondition(uInputs.count == uValues.count && fInputs.count == fValues.count, "PhysicsInformedPosterior: one value per sensor")
        precondition(uNoise > 0 && fNoise > 0 && priorStandardDeviation > 0, "PhysicsInformedPosterior: standard deviations must be positive")
        (self.network, self.uInputs, self.uValues, self.uNoise, self.fInputs, self.fValues, self.fNoise) =
            (network, uInputs, uValues, uNoise, fInputs, fValues, fNoise)
        (self.lambda, self.coefficient, self.priorStandardDeviation, self.residualWeight) = (lambda, coefficient, priorStandardDeviation, residualWeight)
        self.includesWeightPrior = includesWeightPrior
    }

    /// The length of the state: the network's θ, and k last when it is unknown.
    public var dimension: Int { network.parameterCount + (isInverse ? 1 : 0) }

    /// Whether k is part of the state.
    public var isInverse: Bool { if case .unknown = coefficient { return true } else { return false } }

    /// k at `state`: the known value, or the state's last coordinate.
    public func k(_ state: [Double]) -> Double {
        switch coefficient {
        case .known(let k): return k
        case .unknown: return state[state.count - 1]
        }
    }

    /// The network's weights in `state`.
    public func weights(_ state: [Double]) -> [Double] { isInverse ? Array(state.dropLast()) : state }

    /// ``valueAndGradient(_:)`` as a sampler's target. Each evaluation costs one forward and one
    /// reverse tangent sweep over all sensors.
    public var logDensityGradient: LogDensityGradient {
        let me = self
        return { state in me.valueAndGradient(state) }
    }

    /// The same posterior without the weights' prior (see ``includesWeightPrior``).
    public var withoutWeightPrior: PhysicsInformedPosterior {
        PhysicsInformedPosterior(network: network, uInputs: uInputs, uValues: uValues, uNoise: uNoise, fInputs: fInputs, fValues: fValues,
                                 fNoise: fNoise, lambda: lambda, coefficient: coefficient, priorStandardDeviation: priorStandardDeviation,
                                 residualWeight: residualWeight, includesWeightPrior: false)
    }

    /// ln p(θ, k | D) + c and its gradient (see the type's documentation): the residual's
    /// derivatives ∂/∂u = −r k (1 − tanh²u)/σ_f², ∂/∂u″ = −r λ/σ_f², ∂/∂k = −Σ r tanh u/σ_f² − (k − μ_k)/s_k²
    /// go back through ``MLP/inputDerivativesParameterGradient(_:count:direction:parameters:outputGradient:)``.
    public func valueAndGradient(_ state: [Double]) -> (value: Double, gradient: [Double]) {
        precondition(state.count == dimension, "PhysicsInformedPosterior: the state has \(state.count) entries, expected \(dimension)")
        let θ = weights(state), k = self.k(state)
        // tanh u is skipped only for a coefficient known to be 0 (the linear problem), never
        // because an unknown k's current value happens to be 0: its gradient needs tanh u.
        let linear = coefficient == .known(0)
        let nu = uInputs.count, nf = residualWeight == 0 ? 0 : fInputs.count
        let x = uInputs + (nf > 0 ? fInputs : [])
        var value = 0.0, dk = 0.0
        let (pu, pf) = (1 / (uNoise * uNoise), residualWeight / (fNoise * fNoise))
        var g = network.inputDerivativesParameterGradient(x, count: nu + nf, parameters: θ) { u, ux, uxx in
            for i in 0..<nu {
                let r = u[i] - uValues[i]
                value -= 0.5 * pu * r * r
                u[i] = -pu * r; ux[i] = 0; uxx[i] = 0
            }
            for j in 0..<nf {
                let i = nu + j
                let t = linear ? 0 : hyperbolicTangent(u[i])
                let r = lambda * uxx[i] + k * t - fValues[j]
                value -= 0.5 * pf * r * r
                dk -= pf * r * t
                u[i] = -pf * r * k * (1 - t * t); ux[i] = 0; uxx[i] = -pf * r * lambda
            }
        }
        let prior = includesWeightPrior ? 1 / (priorStandardDeviation * priorStandardDeviation) : 0
        // A local copy: `value` is captured by the closure above, and the compiler kept it in
        // memory, a store and a load on every step of this chain (the same subtractions either way).
        var total = value
        for j in θ.indices {
            total -= 0.5 * prior * θ[j] * θ[j]
            g[j] -= prior * θ[j]
        }
        value = total
        if case .unknown(let mu, let s) = coefficient {
            value -= 0.5 * (k - mu) * (k - mu) / (s * s)
            g.append(dk - (k - mu) / (s * s))
        }
        return (value, g)
    }

    /// u and the residual's source λu″ + k·tanh u on a grid, for the state.
    public func predict(_ state: [Double], at grid: [Double]) -> (u: [Double], f: [Double]) {
        let d = network.inputDerivatives(grid, count: grid.count, parameters: weights(state))
        let k = self.k(state)
        return (d.value, (0..<grid.count).map { lambda * d.second[$0] + k * (coefficient == .known(0) ? 0 : hyperbolicTangent(d.value[$0])) })
    }
}
