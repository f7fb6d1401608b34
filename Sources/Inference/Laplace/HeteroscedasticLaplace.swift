import Autodiff
import Foundation
import NeuralNetworks
import NumericalMethods
import Probability

/// The Laplace approximation of a network with a mean and a variance head (Nix & Weigend 1994;
/// chapter 4's heteroscedastic member): outputs (o₁, o₂) at x, μ(x) = o₁ and
/// σ²(x) = softplus(o₂) + 10⁻⁶, likelihood yᵢ ~ N(μ(xᵢ), σ²(xᵢ)), prior w ~ N(0, s² I).
///
/// The GGN of this likelihood uses its Fisher information in (μ, σ²), diag(1/σ², 1/(2σ⁴)):
///
///   P = Σᵢ [ J_μ(xᵢ)ᵀJ_μ(xᵢ)/σ²(xᵢ) + J_v(xᵢ)ᵀJ_v(xᵢ)/(2σ⁴(xᵢ)) ] + (1/s²) I,
///
/// J_μ and J_v = sigmoid(o₂) J_{o₂} the gradients of μ and σ² in w. The GLM predictive is
/// mean μ(x, w*), epistemic J_μ(x) P⁻¹ J_μ(x)ᵀ, aleatoric σ²(x, w*) — what laplace-torch's users
/// ask for (its issues 78, 153, 267). Full structure over all weights.
public struct HeteroscedasticLaplace: Sendable {
    public let network: MLP
    public let mean: [Double]
    public let priorVariance: Double
    /// P (k × k, row-major).
    public let precision: [Double]
    let factor: [Double]
    /// The floor added to softplus(o₂).
    public static let minimumVariance = 1e-6

    /// The Gaussian negative log posterior −ln p(w | D) + c = Σᵢ ½[ln σ²ᵢ + (yᵢ − μᵢ)²/σ²ᵢ] + ‖w‖²/2s²
    /// and its gradient (by ``MLP/parameterGradient(_:count:parameters:outputGradient:)``).
    public static func negativeLogPosterior(network: MLP, inputs x: [Double], targets y: [Double], priorVariance s2: Double,
                                            at w: [Double]) -> (value: Double, gradient: [Double]) {
        precondition(network.sizes.last == 2, "HeteroscedasticLaplace: the network must have 2 outputs (mean, variance)")
        var value = 0.0
        var g = network.parameterGradient(x, count: y.count, parameters: w) { f in
            for i in 0..<y.count {
                let (mu, o) = (f[2 * i], f[2 * i + 1])
                let v = softplus(o) + minimumVariance, r = y[i] - mu
                value += 0.5 * (Elementary.log(v) + r * r / v)
                f[2 * i] = -r / v
                f[2 * i + 1] = 0.5 * (1 / v - r * r / (v * v)) * sigmoid(o)
            }
        }
        var ww = 0.0
        for i in w.indices { g[i] += w[i] / s2; ww += w[i] * w[i] }
        return (value + 0.5 * ww / s2, g)
    }

    /// The MAP by Adam on −ln p(w | D)/n, full batch, from `initial`.
    /// - Throws: ``TrainingDiverged`` at a non-finite gradient.
    public static func maximumAPosteriori(network: MLP, inputs x: [Double], targets y: [Double], priorVariance s2: Double, from initial: [Double],
                                          steps: Int, schedule: LearningRateSchedule = .constant(0.01)) throws -> [Double] {
        var θ = Tensor(initial)
        var adam = Adam(schedule)
        let n = Double(y.count)
        for step in 0..<steps {
            let g = negativeLogPosterior(network: network, inputs: x, targets: y, priorVariance: s2, at: θ.scalars).gradient
            guard g.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: step, loss: .nan) }
            adam.update(&θ, gradient: Tensor(g.map { $0 / n }))
        }
        return θ.scalars
    }

    /// Fits P at `mean`.
    /// - Throws: ``LaplaceError`` if s² ≤ 0 or P is not positive definite.
    public init(network: MLP, inputs x: [Double], targets y: [Double], priorVariance s2: Double, mean w: [Double]) throws {
        precondition(network.sizes.last == 2, "HeteroscedasticLaplace: the network must have 2 outputs (mean, variance)")
        guard s2 > 0 else { throw LaplaceError.priorVarianceNotPositive(s2) }
        let k = network.parameterCount, d = network.sizes[0]
        var p = [Double](repeating: 0, count: k * k)
        let outputs = network.forward(x, count: y.count, parameters: w)
        for i in 0..<y.count {
            let row = Array(x[(i * d)..<((i + 1) * d)])
            let o = outputs[2 * i + 1]
            let v = softplus(o) + Self.minimumVariance
            let jm = network.parameterGradient(row, count: 1, parameters: w) { $0[0] = 1; $0[1] = 0 }
            let jv = network.parameterGradient(row, count: 1, parameters: w) { $0[0] = 0; $0[1] = sigmoid(o) }
            let (cm, cv) = (1 / v, 1 / (2 * v * v))
            for a in 0..<k {
                let (ma, va) = (jm[a] * cm, jv[a] * cv)
                for b in 0..<k { p[a * k + b] += ma * jm[b] + va * jv[b] }
            }
        }
        for a in 0..<k { p[a * k + a] += 1 / s2 }
        do {
            factor = try Cholesky.factor(p, n: k)
        } catch LinearAlgebraError.notPositiveDefinite(let pivot) {
            throw LaplaceError.precisionNotPositiveDefinite(curvature: .generalisedGaussNewton, priorPrecision: 1 / s2, pivot: pivot)
        }
        self.network = network
        (mean, priorVariance, precision) = (w, s2, p)
    }

    /// The GLM predictive at the rows of `x`: mean μ(x, w*), epistemic J_μ(x) P⁻¹ J_μ(x)ᵀ, aleatoric σ²(x, w*).
    public func linearisedPredictive(_ x: [Double], count n: Int) -> PredictiveMoments {
        let d = network.sizes[0], k = network.parameterCount
        let out = network.forward(x, count: n, parameters: mean)
        var epistemic = [Double]()
        for i in 0..<n {
            var u = network.parameterGradient(Array(x[(i * d)..<((i + 1) * d)]), count: 1, parameters: mean) { $0[0] = 1; $0[1] = 0 }
            for r in 0..<k {
                var s = u[r]
                for c in 0..<r { s -= factor[r * k + c] * u[c] }
                u[r] = s / factor[r * k + r]
            }
            epistemic.append(u.reduce(0) { $0 + $1 * $1 })
        }
        return PredictiveMoments(mean: (0..<n).map { out[2 * $0] }, aleatoric: (0..<n).map { softplus(out[2 * $0 + 1]) + Self.minimumVariance }, epistemic: epistemic)
    }
}
