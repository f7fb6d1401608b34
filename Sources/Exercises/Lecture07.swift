import Autodiff
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

// Lecture 7 exercises (MC dropout, variational dropout). Reference solutions between the markers.

/// Exercise 7.1 — inverted dropout.
///
/// Drop entry i when `uniforms[i]` < p (set it to 0), keep it otherwise and scale it by 1/(1 − p),
/// so that the expectation of every entry is unchanged.
public func exercise7_1_invertedDropout(_ x: [Double], rate p: Double, uniforms: [Double]) throws -> [Double] {
    // BEGIN SOLUTION: Exercise 7.1 (inverted dropout)
    return zip(x, uniforms).map { $1 < p ? 0 : $0 / (1 - p) }
    // END SOLUTION
}

/// Exercise 7.2 — the weight decay of MC dropout (Gal & Ghahramani 2016).
///
/// Return λ = l² (1 − p) / (2 N τ) for prior length-scale l, dropout rate p, N data points and
/// model precision τ.
public func exercise7_2_weightDecay(lengthScale l: Double, rate p: Double, dataCount n: Int, precision tau: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 7.2 (the weight decay of MC dropout)
    return l * l * (1 - p) / (2 * Double(n) * tau)
    // END SOLUTION
}

/// Exercise 7.3 — Molchanov et al.'s approximation of variational dropout's −KL.
///
/// Return k₁ σ(k₂ + k₃ ln α) − ½ ln(1 + 1/α) − k₁ with k₁ = 0.63576, k₂ = 1.87320, k₃ = 1.48695.
public func exercise7_3_molchanovNegativeKL(logAlpha: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 7.3 (Molchanov's KL)
    let (k1, k2, k3) = (0.63576, 1.87320, 1.48695)
    return k1 / (1 + Elementary.exp(-(k2 + k3 * logAlpha))) - 0.5 * Elementary.log1p(Elementary.exp(-logAlpha)) - k1
    // END SOLUTION
}

/// Exercise 7.4 — an experiment: choose MC dropout's noise level by validation log-likelihood.
///
/// MC dropout's τ (the model precision, τ = 1/σ²) is not learned: it sets the weight decay
/// λ = l²(1 − p)/(2Nτ) and the noise τ⁻¹ of every pass. Gal & Ghahramani choose it on held-out
/// data. For each candidate noise sd σ_k: train `DropoutNetwork(network: MLP(sizes: [1, 10, 1],
/// activation: .tanh), rate: 0.1)` with τ = 1/σ_k² and λ from `DropoutNetwork.weightDecay`
/// (l = 1, N the training points), from `network.initialParameters(using:)` by Adam for 3000
/// steps (learning rate 0.005, batches of 10), with `Xoshiro256(seed: seed, stream: k)` for the
/// initial weights, the batches and the masks; then 100 passes with dropout on at the validation
/// inputs; score them by `mixtureLogLikelihood(samples:noiseVariance: σ_k²:targets:)`.
/// Return the σ_k with the highest validation log-likelihood and every score, in candidate order.
///
/// Before you run it, predict: the data's noise sd is 0.05. Will the chosen σ be above it, at it,
/// or below it, once the passes' own spread is added to τ⁻¹? Then explain what you measured.
public func exercise7_4_tuneNoise(trainX: [Double], trainY: [Double], validationX: [Double], validationY: [Double],
                                  candidates: [Double], seed: UInt64) throws -> (best: Double, logLikelihoods: [Double]) {
    // BEGIN SOLUTION: Exercise 7.4 (tune τ by validation log-likelihood)
    let network = MLP(sizes: [1, 10, 1], activation: .tanh)
    let model = try DropoutNetwork(network: network, rate: 0.1)
    let scores = try candidates.enumerated().map { k, sigma -> Double in
        let tau = 1 / (sigma * sigma)
        var rng = Xoshiro256(seed: seed, stream: k)
        let lambda = try DropoutNetwork.weightDecay(lengthScale: 1, rate: 0.1, dataCount: trainX.count, noisePrecision: tau)
        let theta = try model.train(from: network.initialParameters(using: &rng).scalars, inputs: Tensor.column(trainX), targets: Tensor.column(trainY),
                                    steps: 3000, learningRate: 0.005, weightDecay: lambda, batchSize: 10, using: &rng)
        let passes = model.passes(theta, at: Tensor.column(validationX), count: 100, using: &rng)
        return mixtureLogLikelihood(samples: passes, noiseVariance: sigma * sigma, targets: validationY)
    }
    let best = scores.indices.max { scores[$0] < scores[$1] }!
    return (candidates[best], scores)
    // END SOLUTION
}
