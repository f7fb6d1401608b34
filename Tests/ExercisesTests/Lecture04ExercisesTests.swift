import Foundation
import Testing
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
