import Foundation
import Testing
import Autodiff
import Course
import Datasets
import Inference
import NeuralNetworks
import Probability

// The numerical claims of Lecture 2 (Metropolis–Hastings), one test each.

@Test("detailed balance: π_i P_ij = π_j P_ji and πP = π to machine precision")
func detailedBalanceOnADiscreteSpace() {
    var rng = Xoshiro256(seed: 1)
    let n = 6
    let weights = (0..<n).map { _ in 0.1 + rng.uniform() }
    let pi = weights.map { $0 / weights.reduce(0, +) }
    // An asymmetric proposal: random positive rows, normalised.
    let q = (0..<n).map { _ -> [Double] in
        let row = (0..<n).map { _ in 0.05 + rng.uniform() }
        return row.map { $0 / row.reduce(0, +) }
    }
    let p = metropolisHastingsTransitionMatrix(target: weights, proposal: q)
    for i in 0..<n {
        #expect(abs(p[i].reduce(0, +) - 1) < 1e-15)
        #expect(p[i].allSatisfy { $0 >= 0 })
        for j in 0..<n { #expect(abs(pi[i] * p[i][j] - pi[j] * p[j][i]) < 1e-16) }
        let piP = (0..<n).reduce(0.0) { $0 + pi[$1] * p[$1][i] }
        #expect(abs(piP - pi[i]) < 1e-15)
    }
}

/// MH draws of the straight-line posterior of Lecture 1 from `chains` parallel chains.
func lineModelChains() async throws -> (chains: [Chain], exact: BayesianLinearRegression) {
    var rng = Xoshiro256(seed: 2)
    let data = StraightLineExample.sample(count: 20, using: &rng)
    let phi = PolynomialFeatures(degree: 1).designMatrix(data.inputs)
    let exact = try BayesianLinearRegression(design: phi, targets: data.targets, priorPrecision: 2, noisePrecision: 25)
    let logPosterior = linearRegressionLogPosterior(design: phi, targets: data.targets, priorPrecision: 2, noisePrecision: 25)
    let chains = try await runChains(count: 4, seed: 3) { _, rng in
        try MetropolisHastings(proposal: .randomWalk(scale: 0.1), warmup: 2000, adaptScale: true)
            .sample(logPosterior, from: [0, 0], steps: 30_000, using: &rng)
    }
    return (chains, exact)
}

@Test("MH on the conjugate model matches the exact posterior mean within 4 MCSE, and its covariance")
func mhMatchesTheExactPosterior() async throws {
    let (chains, exact) = try await lineModelChains()
    var sds = [Double](), esses = [Double]()
    for j in 0..<2 {
        let traces = chains.map { $0.coordinate(j) }
        let pooled = Array(traces.joined())
        let ess = effectiveSampleSize(traces)
        let sd = variance(pooled).squareRoot()
        // Mean: within 4 Monte Carlo standard errors sd/√ESS.
        #expect(abs(mean(pooled) - exact.posteriorMean.scalars[j]) < 4 * sd / ess.squareRoot())
        // Standard deviation: its Monte Carlo standard error is about sd/√(2 ESS); 4 of them.
        let exactSD = exact.posteriorCovariance[j, j].squareRoot()
        #expect(abs(sd - exactSD) < 4 * exactSD / (2 * ess).squareRoot())
        sds.append(sd); esses.append(ess)
    }
    // Correlation: standard error (1 − ρ²)/√ESS; 4 of them.
    let pooled = Chain(dimension: 2, draws: Array(chains.map(\.draws).joined()), acceptanceRate: 0, evaluations: 0)
    let c = pooled.covariance
    let rhoMH = c[1] / (c[0] * c[3]).squareRoot()
    let rhoExact = exact.posteriorCovariance[0, 1] / (exact.posteriorCovariance[0, 0] * exact.posteriorCovariance[1, 1]).squareRoot()
    #expect(abs(rhoMH - rhoExact) < 4 * (1 - rhoExact * rhoExact) / esses.min()!.squareRoot())
}

/// σ of y ~ N(0, σ²) with σ² ~ Inv-Gamma(2, 0.5), five points: the lecture's example.
func noiseScaleChains(corrected: Bool) async throws -> (pooled: [Double], mcse: Double, exact: Double) {
    var rng = Xoshiro256(seed: 4)
    let y = (0..<5).map { _ in 0.5 * rng.normal() }
    let (a, b) = (2 + 2.5, 0.5 + 0.5 * y.reduce(0) { $0 + $1 * $1 })
    let logPosterior: LogDensity = { x in
        x[0] > 0 ? -(a + 1) * Foundation.log(x[0] * x[0]) - b / (x[0] * x[0]) + Foundation.log(x[0]) : -.infinity
    }
    let chains = try await runChains(count: 4, seed: corrected ? 5 : 6) { _, rng in
        var sampler = MetropolisHastings(proposal: .logNormal(scale: 0.3), warmup: 1000)
        sampler.hastingsCorrection = corrected
        return try sampler.sample(logPosterior, from: [1], steps: 50_000, using: &rng)
    }
    let traces = chains.map { $0.coordinate(0) }
    let pooled = Array(traces.joined())
    return (pooled, variance(pooled).squareRoot() / effectiveSampleSize(traces).squareRoot(),
            b.squareRoot() * Foundation.exp(lgamma(a - 0.5) - lgamma(a)))
}

@Test("without the Hastings correction the log-normal chain is biased beyond 6 MCSE; with it, within 4")
func hastingsCorrectionRemovesTheBias() async throws {
    let with = try await noiseScaleChains(corrected: true)
    #expect(abs(mean(with.pooled) - with.exact) < 4 * with.mcse)
    let without = try await noiseScaleChains(corrected: false)
    #expect(abs(mean(without.pooled) - without.exact) > 6 * without.mcse)
    #expect(mean(without.pooled) < without.exact)   // biased toward small σ, as π(σ)/σ says
}

@Test("the acceptance rate decreases monotonically with the proposal scale on the 2-D Gaussian")
func acceptanceFallsWithScale() throws {
    let target = correlatedGaussianLogDensity(correlation: 0.9)
    var rates = [Double]()
    for s in [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8] {
        var rng = Xoshiro256(seed: 7)
        rates.append(try MetropolisHastings(proposal: .randomWalk(scale: s), warmup: 500).sample(target, from: [0, 0], steps: 20_000, using: &rng).acceptanceRate)
    }
    #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 }, "\(rates)")
}

@Test func parallelChainsAreReproducibleAndIndependent() async throws {
    let target = correlatedGaussianLogDensity(correlation: 0.5)
    let run = { try await runChains(count: 3, seed: 9) { _, rng in
        try MetropolisHastings(proposal: .randomWalk(scale: 1)).sample(target, from: [0, 0], steps: 1000, using: &rng)
    } }
    let a = try await run(), b = try await run()
    #expect(a.map(\.draws) == b.map(\.draws))
    #expect(a[0].draws != a[1].draws)
}

@Test func badSamplerInputIsAnErrorNotACrash() async throws {
    var rng = Xoshiro256(seed: 10)
    let nanAtStart: LogDensity = { _ in .nan }
    #expect(throws: SamplerError.nonFiniteStart(.infinity)) {
        try MetropolisHastings(proposal: .randomWalk(scale: 1)).sample({ _ in .infinity }, from: [0], steps: 10, using: &rng)
    }
    #expect { try MetropolisHastings(proposal: .randomWalk(scale: 1)).sample(nanAtStart, from: [0], steps: 10, using: &rng) } throws: { error in
        if case SamplerError.nonFiniteStart = error { return true } else { return false }
    }
    for bad in [0.0, -1, .nan] {
        #expect { try MetropolisHastings(proposal: .randomWalk(scale: bad)).sample({ _ in 0 }, from: [0], steps: 10, using: &rng) } throws: { error in
            if case SamplerError.invalidSetting = error { return true } else { return false }
        }
    }
    await #expect(throws: SamplerError.self) {
        _ = try await runChains(count: 0, seed: 1) { _, _ in Chain(dimension: 1, draws: [0], acceptanceRate: 0, evaluations: 0) }
    }
}

/// The chapter's own run (``MetropolisHastingsChapter``, standard settings) for each seed. Measured
/// over seeds 1–3: split-R̂ of weights 0–2 between 1.83 and 5.84; tuned scales falling with the
/// width in every run, s√d between about 0.032 and 0.055 (largest/smallest about 1.21, 1.32, 1.65).
@Test("MH on the Bayesian MLP: chains from prior draws disagree (split-R̂ of weights 0, 1, 2 above 1.5), and the tuned scale shrinks with the width like 1/√d (s√d within a factor 2), on three data draws",
      arguments: [1, 2, 3] as [UInt64])
func randomWalkOnABayesianMLP(_ seed: UInt64) async throws {
    // The chapter's run for `seed`, in its order (the running example comes after the earlier draws).
    let settings = MetropolisHastingsChapter.Settings.standard(seed: seed)
    let picture = try MetropolisHastingsChapter.picture(settings)
    let study = try MetropolisHastingsChapter.scaleStudy(settings, after: picture)
    let line = try await MetropolisHastingsChapter.lineModel(settings, after: study)
    let noise = try await MetropolisHastingsChapter.noiseScale(settings, after: line)
    let run = try await MetropolisHastingsChapter.bayesianMLP(settings, after: noise)
    for d in MetropolisHastingsChapter.predictive(settings, run: run).diagnostics {
        guard let j = d.weight else { continue }
        #expect(d.rHat > 1.5, "weight \(j): split-R̂ \(d.rHat)")
    }
    let growth = try await MetropolisHastingsChapter.widthStudy(settings, data: run.data)
    #expect(growth.map(\.width) == [2, 5, 10, 20, 40])
    let scales = growth.map(\.scale)
    let scaledBySqrtD = growth.map { $0.scale * Double($0.weights).squareRoot() }   // d = 3·width + 1 weights
    #expect(zip(scales, scales.dropFirst()).allSatisfy { $0 > $1 }, "tuned scales \(scales)")
    #expect(scaledBySqrtD.max()! / scaledBySqrtD.min()! < 2, "s√d: \(scaledBySqrtD)")
}

@Test("the slides' acceptance ratio, current state over proposal, samples 1/p: exactly so on three states, and it runs away on N(0, 1)")
func upsideDownAcceptanceRatioSamplesTheWrongDistribution() throws {
    // The chapter's three states, either other state proposed with probability ½. With a symmetric
    // proposal, min(1, p(ω)/p(ω')) is the right rule for the target 1/p.
    let rules = MetropolisHastingsChapter.acceptanceRules(.standard())
    let (p, right, slide) = (rules.target, rules.right, rules.slide)
    let inverse = p.map { 1 / $0 }, total = inverse.reduce(0, +)
    for i in 0..<3 {
        #expect(abs(right[i] - p[i]) < 1e-12)
        #expect(abs(slide[i] - inverse[i] / total) < 1e-12)
    }
    #expect(abs(slide[2] - p[2]) > 0.3)   // the most probable state becomes the least visited
    // On N(0, 1), 1/p cannot be normalised: the chain drifts off (the right one stays within ±5).
    var rng = Xoshiro256(seed: 17)
    let logDensity: LogDensity = { x in -0.5 * x[0] * x[0] }
    let rightChain = try MetropolisHastings(proposal: .randomWalk(scale: 1)).sample(logDensity, from: [0], steps: 10_000, using: &rng)
    let slideChain = try MetropolisHastings(proposal: .randomWalk(scale: 1)).sample({ -logDensity($0) }, from: [0], steps: 10_000, using: &rng)
    #expect(rightChain.coordinate(0).map(abs).max()! < 5)
    #expect(slideChain.coordinate(0).map(abs).max()! > 100)
}
