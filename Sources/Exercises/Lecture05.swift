import Course
import Foundation

// Lecture 5 exercises (SWA and SWAG). Reference solutions between the markers.

/// Exercise 5.1 — the running moments of the slides.
///
/// For iterates ω₁, …, ω_n (each a weight vector), return μ_n and s_n² computed by the recursion
/// μ_n = (ω_n + (n − 1) μ_{n−1})/n and s_n² = (ω_n² + (n − 1) s_{n−1}²)/n, elementwise.
public func exercise5_1_runningMoments(_ iterates: [[Double]]) throws -> (mean: [Double], secondMoment: [Double]) {
    // BEGIN SOLUTION: Exercise 5.1 (the running moments)
    var mu = [Double](repeating: 0, count: iterates[0].count), s2 = mu
    for (k, w) in iterates.enumerated() {
        let n = Double(k + 1)
        for i in w.indices {
            mu[i] = (w[i] + (n - 1) * mu[i]) / n
            s2[i] = (w[i] * w[i] + (n - 1) * s2[i]) / n
        }
    }
    return (mu, s2)
    // END SOLUTION
}

/// Exercise 5.2 — the diagonal variance, never negative.
///
/// Return σ² = max(s² − μ², floor) elementwise.
public func exercise5_2_diagonalVariance(mean: [Double], secondMoment: [Double], floor: Double) throws -> [Double] {
    // BEGIN SOLUTION: Exercise 5.2 (the diagonal variance)
    return zip(secondMoment, mean).map { max($0 - $1 * $1, floor) }
    // END SOLUTION
}

/// Exercise 5.3 — one SWAG draw for given standard normal vectors.
///
/// With D's columns `deviations` (K of them), return
/// ω = μ + (1/√2) Σ_diag^{1/2} z₁ + (1/√(2(K − 1))) D z₂.
public func exercise5_3_swagDraw(mean: [Double], diagonalVariance: [Double], deviations: [[Double]],
                                 z1: [Double], z2: [Double]) throws -> [Double] {
    // BEGIN SOLUTION: Exercise 5.3 (a SWAG draw)
    let k = Double(deviations.count)
    var w = mean.indices.map { mean[$0] + diagonalVariance[$0].squareRoot() * z1[$0] / 2.0.squareRoot() }
    for (column, z) in zip(deviations, z2) {
        for i in w.indices { w[i] += z * column[i] / (2 * (k - 1)).squareRoot() }
    }
    return w
    // END SOLUTION
}

/// Exercise 5.4 — an experiment: switch off the gradient noise.
///
/// The chapter's SWAG runs SGD on mini-batch gradients. Before you run anything, write down what
/// you expect SWAG's epistemic spread on the data to become when SGD uses the exact gradient
/// ∇ln p(ω | D) instead (the setting `fullGradient` of `SWAGChapter.Settings`), at the same rate
/// η = 10⁻³ from the same MAP. Then measure both with `SWAGChapter.epistemicSpreadOnData` at
/// `.standard(seed: seed)` and return them, and explain in a sentence what the ratio says about
/// where SWAG's Gaussian comes from (the chapter's drift of the iterates included).
public func exercise5_4_gradientNoise(seed: UInt64) throws -> (miniBatch: Double, exactGradient: Double) {
    // BEGIN SOLUTION: Exercise 5.4 (switch off the gradient noise)
    let s = SWAGChapter.Settings.standard(seed: seed)
    // Measured on seed 1: 0.0434 with mini-batches, 0.0006 with the exact gradient. Without the
    // mini-batch noise gradient descent at this rate hardly moves from the MAP: SWAG's spread, the
    // drift toward flatter weights included, is made by the mini-batch noise, not by the posterior.
    return (try SWAGChapter.epistemicSpreadOnData(s), try SWAGChapter.epistemicSpreadOnData(s.with(\.fullGradient, true)))
    // END SOLUTION
}
