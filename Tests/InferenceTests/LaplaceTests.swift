import Foundation
import Testing
import Autodiff
import Inference
import NeuralNetworks
import Probability

/// The design (x, x², x³, 1) of the 25 points, in θ's order for MLP [3, 1] (W, then b).
private func cubicDesign(_ features: [Double]) -> Tensor {
    var rows = [Double]()
    for i in 0..<25 {
        let f: [Double] = Array(features[(i * 3)..<(i * 3 + 3)])
        rows += f
        rows.append(1)
    }
    return Tensor(shape: [25, 4], scalars: rows)
}

/// A cubic with noise on 25 points of [−1, 1], and its polynomial features (x, x², x³).
private func cubicData() -> (x: [Double], features: [Double], y: [Double]) {
    var rng = Xoshiro256(seed: 31)
    let x = linspace(-1, 1, count: 25)
    let features = x.flatMap { [$0, $0 * $0, $0 * $0 * $0] }
    return (x, features, x.map { 0.5 * $0 * $0 * $0 - 0.3 * $0 + 0.2 + 0.1 * rng.normal() })
}

/// A network without a hidden layer is linear in its weights: its Laplace approximation (GGN or
/// Hessian, at the exact MAP) is the exact posterior of Bayesian linear regression on the design
/// (x, x², x³, 1) (θ holds W, then b): the same variances, the same predictive (linearised =
/// exact) and the same log evidence, to rounding (the Hessian's to its central differences).
@Test("Laplace is exact for a linear model: its covariance, linearised predictive and evidence are Bayesian linear regression's")
func laplaceIsExactForALinearModel() throws {
    let (_, features, y) = cubicData()
    let (s2, σ2) = (2.0, 0.01)
    let phi = cubicDesign(features)
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 1 / s2, noisePrecision: 1 / σ2)
    let posterior = BayesianMLP(network: MLP(sizes: [3, 1]), inputs: features, targets: y, noiseVariance: σ2, priorVariance: s2)
    let exactVariances = (0..<4).map { blr.posteriorCovariance[$0, $0] }
    let blrPredictive = blr.predict(design: phi)
    for curvature in LaplaceApproximation.Curvature.allCases {
        let laplace = try LaplaceApproximation(posterior, mean: blr.posteriorMean, curvature: curvature)
        let tolerance: Double = curvature == .hessian ? 1e-6 : 1e-10
        for (a, b) in zip(laplace.marginalVariances, exactVariances) { #expect(abs(a / b - 1) < tolerance, "\(curvature): \(a) vs \(b)") }
        let evidenceError: Double = abs(laplace.logEvidence - blr.logEvidence)
        #expect(evidenceError < 1e3 * tolerance, "\(curvature): \(laplace.logEvidence) vs \(blr.logEvidence)")
        let predictive = laplace.linearisedPredictive(features, count: 25)
        for i in 0..<25 {
            #expect(abs(predictive.mean[i] - blrPredictive.mean[i]) < 1e-10)
            #expect(abs(predictive.epistemic[i] / blrPredictive.epistemic[i] - 1) < tolerance)
            #expect(predictive.aleatoric[i] == σ2)
        }
    }
}

/// The Gaussian's draws: 20,000 from the linear model's Laplace approximation; every weight's mean
/// within 4 standard errors (sd/√n) of w*, every variance within 4 standard errors (σ²√(2/n)).
@Test("Laplace draws have the approximation's mean and variances (4 Monte Carlo standard errors)")
func laplaceDrawsHaveTheRightMoments() throws {
    let (_, features, y) = cubicData()
    let posterior = BayesianMLP(network: MLP(sizes: [3, 1]), inputs: features, targets: y, noiseVariance: 0.01, priorVariance: 2)
    let phi = cubicDesign(features)
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 0.5, noisePrecision: 100)
    let laplace = try LaplaceApproximation(posterior, mean: blr.posteriorMean)
    var rng = Xoshiro256(seed: 32)
    let n = 20_000
    let draws = laplace.sample(count: n, using: &rng)
    for (j, variance) in laplace.marginalVariances.enumerated() {
        let xs = draws.map { $0[j] }
        #expect(abs(mean(xs) - laplace.mean[j]) < 4 * (variance / Double(n)).squareRoot())
        #expect(abs(Probability.variance(xs) - variance) < 4 * variance * (2 / Double(n)).squareRoot())
    }
}

/// The cubic's posterior on 1→10→1 tanh (prior N(0, I), noise variance 0.01) and a MAP found by
/// 5,000 Adam steps from w ~ N(0, 0.5² I) drawn from `seed`.
private func hiddenLayerMAP(seed: UInt64) throws -> (MLP, BayesianMLP, [Double]) {
    let (x, _, y) = cubicData()
    let network = MLP(sizes: [1, 10, 1], activation: .tanh)
    let posterior = BayesianMLP(network: network, inputs: x, targets: y, noiseVariance: 0.01, priorVariance: 1)
    var rng = Xoshiro256(seed: seed)
    let start = (0..<network.parameterCount).map { _ in 0.5 * rng.normal() }
    return (network, posterior, try maximumAPosteriori(posterior.logDensityGradient, from: start, dataCount: x.count, steps: 5000))
}

/// On a network with a hidden layer (1→10→1 tanh, at a MAP found by Adam), for the last layer
/// the output is linear in the weights, so the GGN and the Hessian agree there (to the central
/// differences); over all weights they differ by the residual term. The diagonal approximation
/// keeps P's diagonal, and its variances 1/Pᵢᵢ never exceed the full ones (P⁻¹)ᵢᵢ.
@Test("Laplace on a 1→10→1 network: GGN = Hessian on the last layer; diagonal variances below the full ones; the linearised mean is the network at w*")
func laplaceOnAHiddenLayerNetwork() throws {
    let (network, posterior, map) = try hiddenLayerMAP(seed: 33)
    let ggn = try LaplaceApproximation(posterior, mean: map, subset: .lastLayer)
    let hessian = try LaplaceApproximation(posterior, mean: map, curvature: .hessian, subset: .lastLayer)
    #expect(ggn.indices.count == 11)
    for (a, b) in zip(ggn.precision, hessian.precision) { #expect(abs(a - b) <= 1e-5 * max(1, abs(a))) }
    let full = try LaplaceApproximation(posterior, mean: map)
    let diagonal = try LaplaceApproximation(posterior, mean: map, structure: .diagonal)
    let fullDiagonal: [Double] = (0..<31).map { (i: Int) in full.precision[i * 31 + i] }
    #expect(diagonal.precision == fullDiagonal)
    for (d, f) in zip(diagonal.marginalVariances, full.marginalVariances) { #expect(d <= f * (1 + 1e-12)) }
    let grid = linspace(-1.5, 1.5, count: 31)
    let predictive = full.linearisedPredictive(grid, count: grid.count)
    #expect(predictive.mean == network.forward(grid, count: grid.count, parameters: map))
    #expect(predictive.epistemic.allSatisfy { $0 > 0 })
}

/// KFAC (Martens & Grosse 2015): on the last layer of a one-output network the output's gradient at
/// the pre-activation is 1, so A ⊗ G is the last layer's exact GGN: the same variances, log
/// determinant and linearised predictive as the full last-layer approximation (to rounding). Over
/// all layers its draws have its variances (20,000 draws, 4 Monte Carlo standard errors), and its
/// predictive variance is positive everywhere.
@Test("KFAC is the exact GGN on the last layer; over all layers its draws have its variances")
func kroneckerFactoredLaplace() throws {
    let (network, posterior, map) = try hiddenLayerMAP(seed: 34)
    var rng = Xoshiro256(seed: 35)
    let exact = try LaplaceApproximation(posterior, mean: map, subset: .lastLayer)
    let kfac = try LaplaceApproximation(posterior, mean: map, subset: .lastLayer, structure: .kronecker)
    for (a, b) in zip(kfac.marginalVariances, exact.marginalVariances) { #expect(abs(a / b - 1) < 1e-9, "\(a) vs \(b)") }
    #expect(abs(kfac.logDeterminant - exact.logDeterminant) < 1e-8)
    let grid = linspace(-1.5, 1.5, count: 31)
    for (a, b) in zip(kfac.linearisedPredictive(grid, count: 31).epistemic, exact.linearisedPredictive(grid, count: 31).epistemic) {
        #expect(abs(a / b - 1) < 1e-9)
    }
    let all = try LaplaceApproximation(posterior, mean: map, structure: .kronecker)
    #expect(all.indices.count == network.parameterCount)
    let n = 20_000
    let draws = all.sample(count: n, using: &rng)
    for (j, v) in all.marginalVariances.enumerated() {
        let xs = draws.map { $0[all.indices[j]] }
        #expect(abs(Probability.variance(xs) - v) < 4 * v * (2 / Double(n)).squareRoot(), "weight \(j): \(Probability.variance(xs)) vs \(v)")
    }
    #expect(all.linearisedPredictive(grid, count: 31).epistemic.allSatisfy { $0 > 0 })
    #expect(all.logEvidence.isFinite)
}
