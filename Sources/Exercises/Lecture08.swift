import Course
import Foundation
import Inference
import NeuralNetworks
import Probability

// Lecture 8 exercises (the Laplace approximation). Reference solutions between the markers.

/// Exercise 8.1 — the effective number of parameters (MacKay 1992).
///
/// Given the eigenvalues eᵢ of JᵀJ (the data curvature at unit noise precision), the prior
/// precision λ = 1/s² and the noise precision β = 1/σ², return γ = Σᵢ β eᵢ/(β eᵢ + λ): each
/// direction counts 1 when the data pin it down (β eᵢ ≫ λ) and 0 when the prior does.
public func exercise8_1_effectiveParameters(eigenvalues e: [Double], priorPrecision lambda: Double, noisePrecision beta: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 8.1 (the effective number of parameters)
    return e.reduce(0.0) { $0 + beta * $1 / (beta * $1 + lambda) }
    // END SOLUTION
}

/// Exercise 8.2 — the GLM predictive of a diagonal Laplace approximation.
///
/// With P diagonal (entries `precisionDiagonal`) and J(x) the row of the output's gradient in the
/// weights at x (`jacobianRow`), the linearised predictive's variance is
/// J(x) P⁻¹ J(x)ᵀ + σ² = Σⱼ Jⱼ(x)²/Pⱼⱼ + σ². Return it.
public func exercise8_2_diagonalGLMVariance(jacobianRow j: [Double], precisionDiagonal p: [Double], noiseVariance σ2: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 8.2 (the diagonal GLM predictive)
    return zip(j, p).reduce(0.0) { $0 + $1.0 * $1.0 / $1.1 } + σ2
    // END SOLUTION
}

/// Exercise 8.3 — one step of MacKay's fixed point.
///
/// At a MAP with squared weights E_W = ‖w*‖², squared error E_D = ‖y − f*‖² on n points, and the
/// curvature eigenvalues eᵢ (of JᵀJ), compute γ at the current (s², σ²) and return the updated
/// s² = E_W/γ and σ² = E_D/(n − γ), the stationary conditions of the Laplace evidence.
public func exercise8_3_macKayStep(squaredWeights ew: Double, squaredError ed: Double, dataCount n: Int, eigenvalues e: [Double],
                                   priorVariance s2: Double, noiseVariance σ2: Double) throws -> (priorVariance: Double, noiseVariance: Double) {
    // BEGIN SOLUTION: Exercise 8.3 (MacKay's fixed point)
    let gamma = e.reduce(0.0) { $0 + ($1 / σ2) / ($1 / σ2 + 1 / s2) }
    return (ew / gamma, ed / (Double(n) - gamma))
    // END SOLUTION
}

/// Exercise 8.4 — an experiment: how many points does the evidence need to find σ?
///
/// Draw the sinusoid's data, `count` points, with `LaplaceChapter.sinusoidData(count:noise: 0.3,
/// using:)` from `Xoshiro256(seed: seed, stream: 0)`; train `MLP(sizes: [1, 50, 1], activation: .tanh)`
/// from `initialParameters(using:)` (stream 1 of the seed) to its MAP with `maximumAPosteriori`
/// (6,000 steps) under prior N(0, I) and noise sd 0.3; fit the full-GGN `LaplaceApproximation`
/// there, tune s² and σ² with `LaplaceEvidence(_:).tuned(priorVariance:noiseVariance:)`. Return the
/// tuned σ and the MAP's root-mean-square residual √(‖y − f*‖²/n), the naive estimate of σ.
///
/// Before you run it, predict: with 15 points and 151 weights, will the tuned σ be far from the true
/// 0.3? Will the naive estimate be closer or farther? Then explain what you measured (hint: γ).
public func exercise8_4_tunedNoise(count: Int, seed: UInt64) throws -> (tuned: Double, residual: Double) {
    // BEGIN SOLUTION: Exercise 8.4 (tune σ by the evidence)
    var dataRNG = Xoshiro256(seed: seed, stream: 0)
    let data = LaplaceChapter.sinusoidData(count: count, noise: 0.3, using: &dataRNG)
    let network = MLP(sizes: [1, 50, 1], activation: .tanh)
    var initRNG = Xoshiro256(seed: seed, stream: 1)
    let posterior = BayesianMLP(network: network, inputs: data.inputs, targets: data.targets, noiseVariance: 0.09, priorVariance: 1)
    let map = try maximumAPosteriori(posterior.logDensityGradient, from: network.initialParameters(using: &initRNG).scalars, dataCount: count, steps: 6000)
    let evidence = LaplaceEvidence(try LaplaceApproximation(posterior, mean: map))
    let tuned = try evidence.tuned(priorVariance: 1, noiseVariance: 0.09)
    return (tuned.noiseVariance.squareRoot(), (evidence.squaredError / Double(count)).squareRoot())
    // END SOLUTION
}
