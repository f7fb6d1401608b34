import Foundation
import Testing
import Datasets
import Exercises
import Inference
import NeuralNetworks
import Probability

@Test("Exercise 4.1: the ensemble error (1/n)(v + (n − 1)c) — by hand, at its limits, against Monte Carlo")
func exercise4_1() throws {
    #expect(abs(try exercise4_1_ensembleSquaredError(members: 1, variance: 2, covariance: 0.5) - 2) < 1e-15)
    #expect(abs(try exercise4_1_ensembleSquaredError(members: 4, variance: 2, covariance: 0.5) - 0.875) < 1e-15)
    #expect(abs(try exercise4_1_ensembleSquaredError(members: 1_000_000, variance: 2, covariance: 0.5) - 0.5) < 1e-5)
    // Monte Carlo with εᵢ = √c z₀ + √(v − c) zᵢ, n = 3, v = 2, c = 0.5: within 4 standard errors.
    var rng = Xoshiro256(seed: 41)
    let squares = (0..<40_000).map { _ -> Double in
        let shared = 0.5.squareRoot() * rng.normal()
        let average = (0..<3).reduce(0.0) { s, _ in s + shared + 1.5.squareRoot() * rng.normal() } / 3
        return average * average
    }
    let se = (variance(squares) / Double(squares.count)).squareRoot()
    #expect(abs(mean(squares) - (try exercise4_1_ensembleSquaredError(members: 3, variance: 2, covariance: 0.5))) < 4 * se)
}

@Test("Exercise 4.2: the mixture's variance equals the law of total variance's split (1/n spread of the means)")
func exercise4_2() throws {
    var rng = Xoshiro256(seed: 42)
    for n in [1, 2, 5, 13] {
        let means = (0..<n).map { _ in 3 * rng.normal() }, variances = (0..<n).map { _ in 0.1 + rng.uniform() }
        let split = PredictiveMoments(means: means.map { [$0] }, variances: variances.map { [$0] })
        #expect(abs(try exercise4_2_mixtureVariance(means: means, variances: variances) - split.total[0]) < 1e-12)
    }
}

@Test("Exercise 4.3: the snapshot learning rate equals the library's schedule at every step")
func exercise4_3() throws {
    for (total, cycles) in [(100, 5), (103, 4), (10, 10)] {
        let schedule = LearningRateSchedule.snapshot(initial: 0.1, totalSteps: total, cycles: cycles)
        for t in 1...total {
            let mine = try exercise4_3_snapshotLearningRate(step: t, totalSteps: total, cycles: cycles, initial: 0.1)
            #expect(abs(mine - schedule.rate(at: t - 1)) < 1e-15, "T \(total), M \(cycles), t \(t)")
        }
    }
}

/// Exercise 4.4 with the reference solution (α₀ = 0.3): spread of f at α₀ = 0.01 and at 0.3,
/// mini-batches of 10, seeds 1, 2, 3: 0.0058 → 0.107, 0.0084 → 0.157, 0.0103 → 0.140 (ratios 18,
/// 19, 14). The test asks for a factor of 5 on each seed.
@Test("Exercise 4.4: the snapshots' spread is the ensemble's epistemic sd averaged over the grid; the chosen restart rate makes the snapshots spread at least five times as much as α₀ = 0.01 on the same mini-batches, seeds 1–3")
func exercise4_4() throws {
    // The measurement, against the library's mixture moments.
    var rng = Xoshiro256(seed: 44)
    let net = exercise4_4_network, grid = (0..<31).map { -1.5 + 0.1 * Double($0) }
    let weights = (0..<4).map { _ in (0..<net.parameterCount).map { _ in rng.normal() } }
    let moments = PredictiveMoments(functions: weights.map { net.forward(grid, count: grid.count, parameters: $0) }, noiseVariance: 0)
    let expected = moments.epistemic.reduce(0.0) { $0 + $1.squareRoot() } / Double(grid.count)
    #expect(abs(try exercise4_4_functionSpread(snapshots: weights, network: net, grid: grid) - expected) < 1e-12)
    #expect(try exercise4_4_functionSpread(snapshots: [weights[0], weights[0]], network: net, grid: grid) == 0)
    // The experiment: the student's α₀ against 0.01, mini-batches of 10, three data sets and seeds.
    let alpha = try exercise4_4_restartRate()
    #expect(alpha > 0 && alpha < 1)
    for seed in [1, 2, 3] as [UInt64] {
        var dataRNG = Xoshiro256(seed: seed, stream: 100)
        let data = RunningExample.sample(using: &dataRNG)
        let small = try exercise4_4_functionSpread(snapshots: snapshotsOfExercise4_4(inputs: data.inputs, targets: data.targets, restartRate: 0.01, batchSize: 10, seed: seed),
                                                   network: net, grid: grid)
        let large = try exercise4_4_functionSpread(snapshots: snapshotsOfExercise4_4(inputs: data.inputs, targets: data.targets, restartRate: alpha, batchSize: 10, seed: seed),
                                                   network: net, grid: grid)
        #expect(large > 5 * small, "seed \(seed): spread \(large) at α₀ = \(alpha), \(small) at 0.01")
    }
}
