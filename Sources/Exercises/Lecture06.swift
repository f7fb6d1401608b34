import Course
import Foundation
import NumericalMethods

// Lecture 6 exercises (variational inference, Bayes-by-Backprop). Reference solutions between the markers.

/// Exercise 6.1 — the KL divergence of a factorised Gaussian from a Gaussian prior.
///
/// Return Σⱼ KL[N(μⱼ, σⱼ²) ‖ N(0, s²)] = Σⱼ [ln(s/σⱼ) + (σⱼ² + μⱼ²)/(2s²) − ½].
public func exercise6_1_gaussianKL(mu: [Double], sigma: [Double], priorSigma s: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 6.1 (the Gaussian KL)
    return zip(mu, sigma).reduce(0.0) { $0 + Elementary.log(s / $1.1) + ($1.1 * $1.1 + $1.0 * $1.0) / (2 * s * s) - 0.5 }
    // END SOLUTION
}

/// Exercise 6.2 — Blundell et al.'s KL weights.
///
/// Return πᵢ = 2^(M−i) / (2^M − 1) for i = 1 … M, without overflow for large M.
public func exercise6_2_blundellWeights(batches m: Int) throws -> [Double] {
    // BEGIN SOLUTION: Exercise 6.2 (Blundell's KL weights)
    // 2^(M−i)/(2^M − 1) = 2^(−i)/(1 − 2^(−M)).
    return (1...m).map { Double(sign: .plus, exponent: -$0, significand: 1) / (1 - Double(sign: .plus, exponent: -m, significand: 1)) }
    // END SOLUTION
}

/// Exercise 6.3 — the reparameterised draw and its derivative.
///
/// Return ω = μ + softplus(ρ) ⊙ ε and ∂ω/∂ρ = sigmoid(ρ) ⊙ ε (softplus(ρ) = ln(1 + e^ρ)).
public func exercise6_3_reparameterisedDraw(mu: [Double], rho: [Double], epsilon: [Double]) throws -> (draw: [Double], derivative: [Double]) {
    // BEGIN SOLUTION: Exercise 6.3 (the reparameterised draw)
    let softplus = rho.map { max($0, 0) + Elementary.log1p(Elementary.exp(-abs($0))) }
    let sigmoid = rho.map { 1 / (1 + Elementary.exp(-$0)) }
    return (mu.indices.map { mu[$0] + softplus[$0] * epsilon[$0] }, rho.indices.map { sigmoid[$0] * epsilon[$0] })
    // END SOLUTION
}

/// Exercise 6.4 — an experiment: the KL 40 times too light.
///
/// The chapter weighted the KL by N = 40 (the slide's objective) and the band on the data tripled.
/// Before you run anything, write down what you expect of the opposite, the KL weighted by 1/40:
/// one `BayesByBackpropChapter.RunningSetting` on all 40 points with the prior N(0, 1) and
/// `klScale: 1.0 / 40`, in `.standard(seed: seed)` with `runningSettings` replaced by it. Measure the
/// total predictive sd on the data and at the right end (`BayesByBackpropChapter.runningExample`,
/// then `ReferencePosterior.standardDeviations`) and return them; explain in a sentence which of
/// the ELBO's two terms now decides q, and what the band is then made of.
public func exercise6_4_lightKL(seed: UInt64) throws -> (onData: Double, rightEnd: Double) {
    // BEGIN SOLUTION: Exercise 6.4 (the KL 40 times too light)
    let s = BayesByBackpropChapter.Settings.standard(seed: seed)
        .with(\.runningSettings, [BayesByBackpropChapter.RunningSetting(priorStandardDeviation: 1, rows: Array(0..<40), klScale: 1.0 / 40)])
    let data = ReferencePosterior.data(seed: seed), grid = ReferencePosterior.grid(s.reference)
    let sd = ReferencePosterior.standardDeviations(try BayesByBackpropChapter.runningExample(s, data: data)[0], on: grid)
    // Measured on seed 1: 0.0505 on the data, 0.0514 at the right end. The data term decides: q
    // shrinks toward a point that fits the data, its σ far below the prior's, and the band is the
    // noise sd 0.05 alone, on the data and away from it: a MAP network with noise.
    return (sd.onData, sd.rightEnd)
    // END SOLUTION
}
