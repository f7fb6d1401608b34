import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

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
    return alpha0 / 2 * (Elementary.cos(Double.pi * Double((t - 1) % length) / Double(length)) + 1)
    // END SOLUTION
}

/// Exercise 4.4 — an experiment: make a snapshot ensemble leave the MAP's basin.
///
/// The setting: the reference's model (the Bayesian MLP 1→10→1 tanh, prior w ~ N(0, I), noise sd
/// 0.05) on the running example's 40 points, and a snapshot ensemble of 5 cosine cycles of
/// 10,000 Adam steps on −ln p(w | D)/N from w₀ ~ N(0, 0.5² I), run by
/// ``snapshotsOfExercise4_4(inputs:targets:restartRate:batchSize:seed:)`` below (given).
/// With full-data gradients and α₀ = 0.01, the MAP's settings, the five snapshots land in one
/// basin: their functions coincide.
///
/// 1. Implement the measurement, `exercise4_4_functionSpread`: the sd of f_{wᵢ}(x) over the
///    snapshots wᵢ (the 1/M spread, as the ensemble's epistemic variance), averaged over `grid`.
/// 2. Predict, then change one setting, the restart rate α₀, keeping mini-batches of 10: return
///    from `exercise4_4_restartRate` a rate whose snapshots spread at least five times as much as
///    at α₀ = 0.01 with the same mini-batches (the test measures both, seeds 1–3).
/// 3. Explain in a comment why the rate, and not only the gradient noise, decides.
public func exercise4_4_functionSpread(snapshots: [[Double]], network: MLP, grid: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 4.4 (the snapshots' spread)
    let f = snapshots.map { network.forward(grid, count: grid.count, parameters: $0) }
    let m = Double(f.count)
    var total = 0.0
    for j in grid.indices {
        let mean = f.reduce(0.0) { $0 + $1[j] } / m
        total += (f.reduce(0.0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / m).squareRoot()
    }
    return total / Double(grid.count)
    // END SOLUTION
}

/// Exercise 4.4, step 2: the restart rate α₀ that makes the snapshots leave the basin.
public func exercise4_4_restartRate() throws -> Double {
    // BEGIN SOLUTION: Exercise 4.4 (the restart rate)
    // Adam moves every weight by about α per step whatever the size of its gradient. At α₀ = 0.01
    // a restart moves the weights a little way, the noise of 10-point batches is scaled by the
    // same small rate, and the anneal brings them back to the mode they came from. At 0.1 they
    // leave the basin but land in modes with almost the same function; at 0.3 a restart throws
    // them far enough to anneal into modes that extrapolate differently (the chapter's table).
    return 0.3
    // END SOLUTION
}

/// Given: the snapshot ensemble of Exercise 4.4 on `inputs`, `targets` (the reference's model),
/// restarting at `restartRate`, on mini-batches of `batchSize` (nil: full-data gradients);
/// w₀ and the mini-batches from `Xoshiro256(seed: seed)`.
public func snapshotsOfExercise4_4(inputs: [Double], targets: [Double], restartRate: Double, batchSize: Int?, seed: UInt64) throws -> [[Double]] {
    let posterior = BayesianMLP(network: exercise4_4_network, inputs: inputs, targets: targets, noiseVariance: 0.05 * 0.05)
    let target = posterior.logDensityGradient
    var rng = Xoshiro256(seed: seed)
    let w0 = (0..<exercise4_4_network.parameterCount).map { _ in 0.5 * rng.normal() }
    return try SnapshotEnsemble(cycles: 5, stepsPerCycle: 10_000, initialRate: restartRate).run(from: w0, dataCount: inputs.count, stochasticGradient: { w, r in
        if let b = batchSize { return posterior.stochasticGradient(w, batchSize: b, using: &r) }
        return target(w).gradient
    }, using: &rng)
}

/// The reference's network of Exercise 4.4, 1→10→1 tanh.
public let exercise4_4_network = MLP(sizes: [1, 10, 1], activation: .tanh)
