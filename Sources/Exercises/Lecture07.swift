import Foundation

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
    return k1 / (1 + Foundation.exp(-(k2 + k3 * logAlpha))) - 0.5 * Foundation.log1p(Foundation.exp(-logAlpha)) - k1
    // END SOLUTION
}
