import Course
import Foundation
import Testing
import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

// The numerical claims of Lecture 4 (ensembles), one test each.

@Test("the ensemble's squared error is (1/n)(v + (n − 1)c): Monte Carlo with correlated Gaussian errors within 4 standard errors, for n up to 50 and c/v from 0 to 1")
func ensembleErrorFormula() {
    var rng = Xoshiro256(seed: 44)
    for n in [1, 2, 5, 50] {
        for c in [0.0, 0.3, 0.8, 1.0] {
            let v = 2.0
            let squares = (0..<20_000).map { _ -> Double in
                let shared = c.squareRoot() * rng.normal()
                let average = (0..<n).reduce(0.0) { s, _ in s + shared + (v - c).squareRoot() * rng.normal() } / Double(n)
                return average * average
            }
            let se = (variance(squares) / Double(squares.count)).squareRoot()
            let theory = ensembleSquaredError(members: n, variance: v, covariance: c)
            #expect(abs(mean(squares) - theory) < 4 * se, "n \(n), c \(c): \(mean(squares)) vs \(theory) ± \(se)")
        }
    }
    // The limit: c, approached from above like (v − c)/n.
    for n in [10, 100, 10_000] {
        #expect(abs(ensembleSquaredError(members: n, variance: 2, covariance: 0.5) - 0.5 - 1.5 / Double(n)) < 1e-14)
    }
}

@Test("the equal-weight mixture's variance is the mean member variance plus the 1/n spread of the member means, exactly; the slides' 1/(n − 1) spread is n/(n − 1) times larger and unbiased for independent members")
func mixtureVarianceIsTheLawOfTotalVariance() {
    var rng = Xoshiro256(seed: 45)
    for n in [2, 5, 20] {
        let means = (0..<n).map { _ in rng.normal() }, variances = (0..<n).map { _ in 0.01 + rng.uniform() }
        let m = PredictiveMoments(means: means.map { [$0] }, variances: variances.map { [$0] })
        // The mixture's variance from its first two moments.
        let first = means.reduce(0, +) / Double(n)
        let second = zip(means, variances).reduce(0.0) { $0 + $1.1 + $1.0 * $1.0 } / Double(n)
        #expect(abs(m.total[0] - (second - first * first)) < 1e-12)
        let spread = means.reduce(0.0) { $0 + ($1 - first) * ($1 - first) }
        #expect(abs(m.epistemic[0] - spread / Double(n)) < 1e-14)
        #expect(abs(spread / Double(n - 1) / m.epistemic[0] - Double(n) / Double(n - 1)) < 1e-12)
    }
    // Members drawn independently with variance s² = 4: the 1/(n − 1) spread averages to s²,
    // the 1/n spread to s²(n − 1)/n; 20,000 ensembles of 5, within 4 standard errors.
    let unbiased = (0..<20_000).map { _ -> Double in
        let mu = (0..<5).map { _ in 2 * rng.normal() }
        let m = mu.reduce(0, +) / 5
        return mu.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / 4
    }
    let se = (variance(unbiased) / Double(unbiased.count)).squareRoot()
    #expect(abs(mean(unbiased) - 4) < 4 * se)
    #expect(abs(mean(unbiased) * 4 / 5 - 4) > 10 * se * 4 / 5)   // the 1/n version is biased low
}

@Test("the snapshot schedule restarts M times, starts every cycle at α₀, ends it within α₀π²/(4L²) of 0, and is Huang et al.'s formula at every step")
func snapshotSchedule() {
    for (total, cycles) in [(15_000, 5), (1000, 4), (12, 3)] {
        let alpha0 = 0.01
        let schedule = LearningRateSchedule.snapshot(initial: alpha0, totalSteps: total, cycles: cycles)
        let length = (total + cycles - 1) / cycles
        let rates = (0..<total).map(schedule.rate)
        // Huang et al., with t counted from 1.
        for t in 1...total {
            let formula = alpha0 / 2 * (cos(Double.pi * Double((t - 1) % length) / Double(length)) + 1)
            #expect(abs(rates[t - 1] - formula) < 1e-15)
        }
        let starts = (0..<total).filter { $0 == 0 || rates[$0] > rates[$0 - 1] }
        #expect(starts.count == cycles && starts.allSatisfy { rates[$0] == alpha0 })
        let ends = LearningRateSchedule.snapshotSteps(totalSteps: total, cycles: cycles)
        #expect(ends.count == cycles && ends.last == total - 1)
        let bound = alpha0 * Double.pi * Double.pi / (4 * Double(length * length))
        #expect(ends.allSatisfy { rates[$0] <= bound * 1.0001 })
    }
}

@Test("ensemble training is deterministic: the same seed gives bit-identical members on one core and on all cores")
func ensembleTrainingIsDeterministic() async throws {
    var rng = Xoshiro256(seed: 46)
    let data = RunningExample.sample(using: &rng)
    let net = MLP(sizes: [1, 20, 2], activation: .tanh)
    var training = MemberTraining(output: .gaussian, steps: 200, schedule: .constant(0.01), batchSize: 10)
    training.adversarialStep = 0.02
    let serial = try await trainEnsemble(count: 8, network: net, training: training, data: (data.x, data.y), seed: 9, maximumConcurrency: 1)
    let parallel = try await trainEnsemble(count: 8, network: net, training: training, data: (data.x, data.y), seed: 9)
    #expect(serial == parallel)
    #expect(Set(parallel).count == 8)   // and the members differ
}

/// The chapter's cubic-toy ensemble (5 members 1→100→2 ReLU, Gaussian NLL with adversarial
/// training, ε = 0.08, Adam 0.01, 3000 full-batch steps) scored as the chapter scores it
/// (``EnsemblesChapter/cubicScore(_:model:fresh:)``: 2,000 fresh points of
/// ``EnsemblesChapter/freshCubicPoints(_:)``, mean sd on the grid inside and outside [−4, 4]), at
/// `.standard(seed:)` for seeds 1–5 (seed 1 is the chapter's). Measured: coverage of the nominal
/// 95% interval 0.874, 0.591, 0.828, 0.859, 0.585; mean sd outside [−4, 4] over inside 2.15,
/// 2.13, 1.97, 2.30, 2.03. The ensemble
/// is overconfident on 20 points: its variance heads fit the noise of the sample.
@Test("the NLL ensemble on the cubic toy: its nominal 95% interval covers 55–90% of fresh draws on [−4, 4], and its band is at least 1.5 times wider outside the data than inside",
      arguments: [1, 2, 3, 4, 5] as [UInt64])
func cubicEnsembleCoverage(_ seed: UInt64) async throws {
    let s = EnsemblesChapter.Settings.standard(seed: seed)
    let model = try await EnsemblesChapter.cubicModel(.adversarialEnsemble, s, data: EnsemblesChapter.cubicData(s))
    let score = EnsemblesChapter.cubicScore(s, model: model, fresh: EnsemblesChapter.freshCubicPoints(s))
    #expect(score.count == 2000)
    let covered = Double(score.covered) / Double(score.count)
    #expect(covered > 0.55 && covered < 0.90, "seed \(seed): coverage \(covered)")
    #expect(score.outsideSD > 1.5 * score.insideSD, "seed \(seed): sd inside \(score.insideSD), outside \(score.outsideSD)")
}
