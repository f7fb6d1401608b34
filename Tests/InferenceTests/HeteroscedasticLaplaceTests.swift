import Foundation
import Testing
import Autodiff
import Inference
import NeuralNetworks
import Probability

/// The negative log posterior's gradient against central differences (step 10⁻⁶, 10⁻⁶ relative),
/// on 1→5→2 tanh at random weights.
@Test("The heteroscedastic negative log posterior's gradient matches central differences")
func heteroscedasticGradient() {
    let network = MLP(sizes: [1, 5, 2], activation: .tanh)
    var rng = Xoshiro256(seed: 91)
    let x = (0..<8).map { _ in rng.uniform(-1, 1) }, y = x.map { $0 + 0.1 * rng.normal() }
    let w = (0..<network.parameterCount).map { _ in 0.5 * rng.normal() }
    let g = HeteroscedasticLaplace.negativeLogPosterior(network: network, inputs: x, targets: y, priorVariance: 2, at: w).gradient
    for j in w.indices {
        var (up, down) = (w, w)
        up[j] += 1e-6
        down[j] -= 1e-6
        let d = (HeteroscedasticLaplace.negativeLogPosterior(network: network, inputs: x, targets: y, priorVariance: 2, at: up).value
                 - HeteroscedasticLaplace.negativeLogPosterior(network: network, inputs: x, targets: y, priorVariance: 2, at: down).value) / 2e-6
        #expect(abs(g[j] - d) < 1e-6 * max(1, abs(d)), "weight \(j)")
    }
}

/// Without a hidden layer, μ = a x + b and o₂ = c x + d, so J_μ = (x, 0, 1, 0) and
/// J_σ² = sigmoid(o₂)(0, x, 0, 1) in θ = (a, c, b, d): P = Σᵢ J_μᵀJ_μ/σ²ᵢ + J_σ²ᵀJ_σ²/(2σ⁴ᵢ) + I/s²
/// entry by entry (10⁻¹²), and the GLM predictive's epistemic variance is J_μ(x) P⁻¹ J_μ(x)ᵀ.
@Test("The heteroscedastic GGN is the Fisher information in (μ, σ²) pulled back through the Jacobians")
func heteroscedasticPrecision() throws {
    let network = MLP(sizes: [1, 2])
    let (x, y) = ([-1.0, 0.5, 2.0], [0.3, -0.2, 1.0])
    let w = [0.4, -0.7, 0.1, 0.2]
    let laplace = try HeteroscedasticLaplace(network: network, inputs: x, targets: y, priorVariance: 3, mean: w)
    var p = [Double](repeating: 0, count: 16)
    for xi in x {
        let o = w[1] * xi + w[3]
        let v = softplus(o) + 1e-6, s = sigmoid(o)
        let (jm, jv) = ([xi, 0, 1, 0], [0, s * xi, 0, s])
        for a in 0..<4 { for b in 0..<4 { p[a * 4 + b] += jm[a] * jm[b] / v + jv[a] * jv[b] / (2 * v * v) } }
    }
    for a in 0..<4 { p[a * 4 + a] += 1.0 / 3 }
    for (a, b) in zip(laplace.precision, p) { #expect(abs(a - b) < 1e-12 * max(1, abs(b))) }
    // J_μ(x) P⁻¹ J_μ(x)ᵀ at x = 1.5 via the 2 × 2 block of P⁻¹ on (a, b), from the explicit inverse.
    let inverse = try Tensor(shape: [4, 4], scalars: p).cholesky().choleskySolve(.identity(4))
    let j = [1.5, 0, 1, 0]
    let expected = (0..<4).reduce(0.0) { t, a in t + (0..<4).reduce(0.0) { $0 + j[a] * inverse[a, $1] * j[$1] } }
    #expect(abs(laplace.linearisedPredictive([1.5], count: 1).epistemic[0] / expected - 1) < 1e-10)
    #expect(throws: LaplaceError.priorVarianceNotPositive(0)) { try HeteroscedasticLaplace(network: network, inputs: x, targets: y, priorVariance: 0, mean: w) }
}
