import Foundation

// Lecture 4 exercises (ensembles). Reference solutions between the markers.

/// Exercise 4.1 — the squared error of an ensemble average.
///
/// n members' errors εᵢ have mean 0, variance v and pairwise covariance c. Return
/// E[(1/n Σ εᵢ)²] = (1/n)(v + (n − 1)c).
public func exercise4_1_ensembleSquaredError(members n: Int, variance v: Double, covariance c: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 4.1 (the ensemble error)
    return (v + Double(n - 1) * c) / Double(n)
    // END SOLUTION
}

/// Exercise 4.2 — the variance of an equal-weight mixture of Gaussians.
///
/// The mixture (1/n) Σᵢ N(μᵢ, σᵢ²) has E[y] = (1/n)Σμᵢ and E[y²] = (1/n)Σ(σᵢ² + μᵢ²). Return its
/// variance E[y²] − E[y]², computed from these two moments.
public func exercise4_2_mixtureVariance(means: [Double], variances: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 4.2 (the mixture's variance)
    let n = Double(means.count)
    let first = means.reduce(0, +) / n
    let second = zip(means, variances).reduce(0.0) { $0 + $1.1 + $1.0 * $1.0 } / n
    return second - first * first
    // END SOLUTION
}

/// Exercise 4.3 — the learning rate of a snapshot ensemble (Huang et al. 2017).
///
/// Over T steps and M cycles, for t = 1, …, T:
/// α(t) = α₀/2 · (cos(π · mod(t − 1, ⌈T/M⌉) / ⌈T/M⌉) + 1).
public func exercise4_3_snapshotLearningRate(step t: Int, totalSteps: Int, cycles: Int, initial alpha0: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 4.3 (the snapshot learning rate)
    let length = (totalSteps + cycles - 1) / cycles
    return alpha0 / 2 * (Foundation.cos(Double.pi * Double((t - 1) % length) / Double(length)) + 1)
    // END SOLUTION
}
