import Autodiff
import Foundation
import Inference
import NeuralNetworks
import Probability
import Testing

/// Features and targets of a small problem: N = 30 points, k = 5 features (the last a 1), n = 3 outputs.
private func problem() -> (phi: [Double], y: [Double], count: Int, k: Int, n: Int) {
    var rng = Xoshiro256(seed: 7)
    let (count, k, n) = (30, 5, 3)
    let phi = (0..<(count * k)).map { $0 % k == k - 1 ? 1 : rng.normal() }
    // y = Φ W + noise with W ~ N(0, 1) and noise sd 0.5: an evidence optimum inside (0, ∞).
    let w = (0..<(k * n)).map { _ in rng.normal() }
    let y = (0..<(count * n)).map { r in (0..<k).reduce(0.0) { $0 + phi[(r / n) * k + $1] * w[$1 * n + r % n] } + 0.5 * rng.normal() }
    return (phi, y, count, k, n)
}

@Test("multi-output last-layer Laplace with the exact mean is Bayesian linear regression on the features, output by output: means, covariance, predictive variance and the summed log evidence to 1e-9 relative")
func multiOutputLastLayerIsBayesianLinearRegression() throws {
    let (phi, y, count, k, n) = problem()
    let (σ2, s2) = (0.3, 2.0)
    let laplace = try MultiOutputLastLayerLaplace(features: phi, count: count, targets: y, outputs: n, noiseVariance: σ2, priorVariance: s2)
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(b), 1e-3) }
    var logEvidence = 0.0
    let design = Tensor(shape: [count, k], scalars: phi)
    for j in 0..<n {
        let blr = try BayesianLinearRegression(design: design, targets: (0..<count).map { y[$0 * n + j] }, priorPrecision: 1 / s2, noisePrecision: 1 / σ2)
        #expect(zip((0..<k).map { laplace.mean[$0 * n + j] }, blr.posteriorMean).allSatisfy(close), "output \(j)")
        logEvidence += blr.logEvidence
        let test = Tensor(shape: [2, k], scalars: Array(phi.prefix(2 * k)))
        let (_, epistemic, _) = blr.predict(design: test)
        #expect(zip(laplace.predict(features: Array(phi.prefix(2 * k)), count: 2).epistemic, epistemic).allSatisfy(close))
        if j == 0 { #expect(zip(laplace.covariance, blr.posteriorCovariance.scalars).allSatisfy(close)) }
    }
    #expect(close(laplace.evidence.logEvidence(priorVariance: s2, noiseVariance: σ2), logEvidence))
}

@Test("tuned multi-output last layer: MacKay's fixed point is a stationary point of the evidence (gradient below 1e-6 of n·N), and draws of the last layer have the posterior's mean within 4 Monte Carlo SE")
func multiOutputLastLayerTunedAndSampled() throws {
    let (phi, y, count, k, n) = problem()
    let fit = try MultiOutputLastLayerLaplace.tuned(features: phi, count: count, targets: y, outputs: n, noiseVariance: 1, priorVariance: 1)
    let g = fit.evidence.gradient(priorVariance: fit.priorVariance, noiseVariance: fit.noiseVariance)
    #expect(abs(g.logPriorVariance) < 1e-6 * Double(count * n) && abs(g.logNoiseVariance) < 1e-6 * Double(count * n), "\(g)")
    // 4,000 draws: the mean of each weight within 4 SE = 4 √(Λ⁻¹ₐₐ/4000) of mₐⱼ.
    var rng = Xoshiro256(seed: 3)
    let draws = (0..<4000).map { _ in fit.sample(using: &rng) }
    let covariance = fit.covariance
    for a in 0..<k {
        for j in 0..<n {
            let m = draws.reduce(0.0) { $0 + $1[a * n + j] } / 4000
            #expect(abs(m - fit.mean[a * n + j]) <= 4 * (covariance[a * k + a] / 4000).squareRoot(), "weight \(a), output \(j)")
        }
    }
}

@Test("the last layer's features and weights of an MLP give back its outputs: f(x) = φ(x)ᵀW")
func lastLayerFeaturesReproduceTheNetwork() {
    let network = MLP(sizes: [3, 4, 5, 2], activation: .tanh)
    var rng = Xoshiro256(seed: 5)
    let θ = network.initialParameters(using: &rng).scalars
    let x = (0..<(6 * 3)).map { _ in rng.normal() }
    let phi = MultiOutputLastLayerLaplace.features(network, parameters: θ, at: x, count: 6)
    let w = MultiOutputLastLayerLaplace.lastLayer(network, parameters: θ)
    let f = network.forward(x, count: 6, parameters: θ)
    for i in 0..<6 { for j in 0..<2 {
        let v = (0..<6).reduce(0.0) { $0 + phi[i * 6 + $1] * w[$1 * 2 + j] }
        #expect(abs(v - f[i * 2 + j]) < 1e-12)
    } }
    #expect(MultiOutputLastLayerLaplace.replacingLastLayer(network, parameters: θ, with: w) == θ)
}
