import Course
import Foundation
import Testing
import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

// The numerical claims of Lecture 3 (Langevin dynamics, SGLD, HMC), one test each.

@Test("ULA's stationary variance is σ²/(1 − ε/4σ²) and MALA's is σ², within 4 standard errors", arguments: [0.1, 0.5, 1.0, 1.6])
func ulaAndMalaStationaryVariance(_ eps: Double) throws {
    let sigma2 = 0.5
    let target: LogDensityGradient = { x in (-0.5 * x[0] * x[0] / sigma2, [-x[0] / sigma2]) }
    var rng = Xoshiro256(seed: 31)
    for (adjusted, expected) in [(false, sigma2 / (1 - eps / (4 * sigma2))), (true, sigma2)] {
        let trace = try Langevin(stepSize: eps, metropolisAdjusted: adjusted, warmup: 1000).sample(target, from: [0], steps: 100_000, using: &rng).coordinate(0)
        // SE of a variance estimated from ESS effective normal draws: v√(2/ESS).
        let se = expected * (2 / effectiveSampleSize(trace)).squareRoot()
        #expect(abs(variance(trace) - expected) < 4 * se, "ε = \(eps), adjusted = \(adjusted)")
    }
}

@Test("the mini-batch gradient scaled by N/B is unbiased: averaged over all batches it is the full gradient")
func miniBatchGradientIsUnbiased() {
    // The chapter's mixture posterior (its data seed and count).
    let s = LangevinChapter.Settings.standard()
    let posterior = LangevinChapter.mixturePosterior(s)
    #expect(posterior.data.count == s.mixtureCount)
    for theta in [[0.0, 1.0], [1.0, -1.0], [-0.7, 2.3]] {
        let full = posterior.gradientLogPosterior(theta)
        for batchSize in [1, 10, 25] {
            // The N/B disjoint batches of a partition: each point in exactly one.
            let batches = stride(from: 0, to: s.mixtureCount, by: batchSize).map { Array($0..<($0 + batchSize)) }
            let average = batches.map { posterior.stochasticGradient(theta, batch: $0, batchSize: batchSize) }
                .reduce([0.0, 0.0]) { [$0[0] + $1[0] / Double(batches.count), $0[1] + $1[1] / Double(batches.count)] }
            #expect(abs(average[0] - full[0]) < 1e-11 && abs(average[1] - full[1]) < 1e-11)
        }
    }
}

@Test("leapfrog is time-reversible to 1e-10 and its energy error shrinks like ε²")
func leapfrogReversibleAndSecondOrder() {
    // The chapter's target and stable trajectory: Neal's Gaussian, its start and momentum, ε and L.
    let s = LangevinChapter.Settings.standard()
    let target = LangevinChapter.nealTarget(s)
    let start = PhasePoint(target, position: s.start, momentum: s.leapfrogMomentum)
    var forward = leapfrog(target, from: start, stepSize: s.leapfrogStableStepSize, steps: s.leapfrogSteps)
    forward.momentum = forward.momentum.map { -$0 }
    let back = leapfrog(target, from: forward, stepSize: s.leapfrogStableStepSize, steps: s.leapfrogSteps)
    #expect(zip(back.position, start.position).allSatisfy { abs($0 - $1) < 1e-10 })
    #expect(zip(back.momentum, start.momentum).allSatisfy { abs($0 + $1) < 1e-10 })
    // Largest energy error over a trajectory of length 2: halving ε divides it by ≈ 4.
    func maxError(_ eps: Double) -> Double {
        leapfrogTrajectory(target, from: start, stepSize: eps, steps: Int((2 / eps).rounded())).map { abs($0.energy - start.energy) }.max()!
    }
    for eps in [0.04, 0.02] {
        let ratio = maxError(eps) / maxError(eps / 2)
        #expect(abs(ratio - 4) < 0.1, "ε = \(eps): ratio \(ratio)")
    }
}

/// HMC and MALA on the straight-line posterior of Lecture 1.
func conjugateChains(hmc: Bool) async throws -> (chains: [Chain], exact: BayesianLinearRegression) {
    var rng = Xoshiro256(seed: 2)
    let data = StraightLineExample.sample(count: 20, using: &rng)
    let phi = PolynomialFeatures(degree: 1).designMatrix(data.inputs)
    let exact = try BayesianLinearRegression(design: phi, targets: data.targets, priorPrecision: 2, noisePrecision: 25)
    let target = linearRegressionLogPosteriorGradient(design: phi, targets: data.targets, priorPrecision: 2, noisePrecision: 25)
    let chains = try await runChains(count: 4, seed: hmc ? 33 : 34) { _, rng in
        if hmc {
            var sampler = HamiltonianMonteCarlo(stepSize: 0.01, leapfrogSteps: 10, warmup: 1000)
            sampler.adaptTrajectoryLength = true
            return try sampler.sample(target, from: [0, 0], steps: 3000, using: &rng)
        }
        // MALA at its best step size on this posterior (ε = 0.008, acceptance ≈ 0.5; measured over
        // ε = 0.002 … 0.015, ESS per gradient peaks there at ≈ 0.20).
        return try Langevin(stepSize: 0.008, metropolisAdjusted: true, warmup: 1000).sample(target, from: [0, 0], steps: 30_000, using: &rng)
    }
    return (chains, exact)
}

@Test("HMC matches the exact posterior mean within 4 MCSE and beats MALA in ESS per gradient")
func hmcExactAndEfficient() async throws {
    let (hmcChains, exact) = try await conjugateChains(hmc: true)
    let (malaChains, _) = try await conjugateChains(hmc: false)
    var essPerGradient = [Double]()
    for (chains, isHMC) in [(hmcChains, true), (malaChains, false)] {
        var minESS = Double.infinity
        for j in 0..<2 {
            let traces = chains.map { $0.coordinate(j) }
            let pooled = Array(traces.joined())
            let ess = effectiveSampleSize(traces)
            minESS = min(minESS, ess)
            if isHMC {
                #expect(abs(mean(pooled) - exact.posteriorMean[j]) < 4 * variance(pooled).squareRoot() / ess.squareRoot())
            }
        }
        // Gradient evaluations after warm-up (HMC's trajectories average L steps).
        let gradients = isHMC ? chains.reduce(0) { $0 + 3000 * $1.leapfrogSteps } : 4 * 30_000
        essPerGradient.append(minESS / Double(gradients))
    }
    #expect(hmcChains.allSatisfy { $0.divergences == 0 })
    #expect(essPerGradient[0] > essPerGradient[1], "HMC \(essPerGradient[0]) vs MALA \(essPerGradient[1]) ESS per gradient")
}

/// The chapter's SGLD run on the mixture (``LangevinChapter/mixtureSGLD(_:posterior:)``: its data,
/// schedule, thinning and stream) for each seed. Modes near (0, 1) and (1, −1), with about half the
/// exact mass each (0.51 / 0.49 on a grid). After the first 10% of the run, measured over seeds
/// 1–4: 13–27 crossings between the modes; share of the draws with θ₂ > 0.5 between 0.30
/// and 0.76, with θ₂ < −0.5 between 0.11 (seed 2) and 0.50. The bounds below are looser.
@Test("SGLD on Welling & Teh's posterior puts mass on both modes", arguments: [1, 2, 3, 4] as [UInt64])
func sgldVisitsBothModes(_ seed: UInt64) throws {
    let s = LangevinChapter.Settings.standard(seed: seed)
    let chain = try LangevinChapter.mixtureSGLD(s, posterior: LangevinChapter.mixturePosterior(s))
    let theta2 = Array(chain.coordinate(1).dropFirst(chain.count / 10))
    let upper = Double(theta2.filter { $0 > 0.5 }.count) / Double(theta2.count)
    let lower = Double(theta2.filter { $0 < -0.5 }.count) / Double(theta2.count)
    var crossings = 0, side = 0
    for v in theta2 {
        let now = v > 0.5 ? 1 : v < -0.5 ? -1 : side
        if side != 0 && now != side { crossings += 1 }
        side = now
    }
    #expect(upper > 0.1 && lower > 0.1, "upper \(upper), lower \(lower)")
    #expect(crossings >= 5, "\(crossings) crossings")
}

@Test("divergent HMC trajectories are counted, and a NaN stops the chain with a message")
func divergencesAndNaN() throws {
    var rng = Xoshiro256(seed: 37)
    let neal = correlatedGaussianLogDensityGradient(correlation: 0.95)
    let chain = try HamiltonianMonteCarlo(stepSize: 0.5, leapfrogSteps: 25, adaptStepSize: false).sample(neal, from: [0, 0], steps: 200, using: &rng)
    #expect(chain.divergences > 0)
    #expect(chain.divergences <= 200)
    let quartic: LogDensityGradient = { x in (-x[0] * x[0] * x[0] * x[0], [-4 * x[0] * x[0] * x[0]]) }
    #expect {
        try HamiltonianMonteCarlo(stepSize: 1e3, leapfrogSteps: 10, adaptStepSize: false).sample(quartic, from: [1], steps: 10, using: &rng)
    } throws: { error in
        guard case SamplerError.nonFiniteState = error else { return false }
        return "\(error)".contains("smaller step size")
    }
}

/// The chapter's settings on four draws of the running example (``ReferencePosterior/data(seed:)``,
/// the data every chapter uses for that seed). The reference is NUTS (4 chains of 400 draws); its
/// split-R̂ is asserted below 1.01 at every point of the prediction grid, as the course's reference
/// requires, with no divergence. SGLD (2 chains, second halves) does not agree (split-R̂ of f(0)
/// above 1.2), and both NUTS and the chapter's HMC buy more effective samples of f(0) per
/// full-data gradient than MALA. MALA's two chains both start from the reference's last draw and
/// move so little that whether they drift apart is a matter of chance, so their split-R̂ is not
/// asserted; what is asserted for MALA is the cost. Measured at seed 1 (the chapter's tables):
/// largest split-R̂ over the grid 1.007 (smallest ESS 854); ESS of f(0) per gradient NUTS 2.45e-3,
/// HMC 3.31e-3, MALA 6.00e-5; SGLD's split-R̂ of f(0) 1.43. Over seeds 1–4, measured before the
/// course computed its own elementary functions: largest split-R̂ 1.002–1.005 (smallest ESS
/// 662–861); NUTS 1.7–2.4e-3, HMC 2.4–3.3e-3, MALA 3.7e-5–7.9e-4; SGLD 1.43–3.19.
@Test("on the Bayesian MLP, the NUTS reference's chains agree on the whole predictive grid (split-R̂ < 1.01, no divergence, better than HMC's and at fewer gradients per effective sample of the worst prediction), SGLD's do not (> 1.2), and NUTS and HMC buy more effective samples per gradient than MALA, on four data draws",
      arguments: [1, 2, 3, 4] as [UInt64])
func onlyTheReferenceChainsAgreeOnTheBayesianMLP(_ seed: UInt64) async throws {
    // The chapter's NUTS, HMC, MALA and SGLD on this seed's running example, in the chapter's order.
    let s = LangevinChapter.Settings.standard(seed: seed)
    let data = ReferencePosterior.data(seed: s.seed)
    let nuts = try await ReferencePosterior.runs(seed: s.seed, s.reference, data: data)
    let reference = nuts.map(\.chain)
    let sgld = try await LangevinChapter.sgldChains(s, data: data)
    let hmc = try await LangevinChapter.hmcChains(s, data: data)
    let mala = try await LangevinChapter.malaChains(s, data: data, start: reference[0].draw(reference[0].count - 1))
    let (hmcGrid, nutsGrid) = (LangevinChapter.gridEfficiency(s, hmc: hmc), LangevinChapter.gridEfficiency(s, nuts: nuts))
    #expect(nutsGrid.maximumRHat < 1.01, "NUTS: largest split-R̂ over the grid \(nutsGrid.maximumRHat)")
    #expect(nutsGrid.divergences == 0)
    // Against the chapter's HMC on the whole grid: NUTS's worst prediction converged better and
    // cost fewer gradients per effective sample (measured at seed 1: HMC's largest split-R̂ 1.050
    // with 2 divergences; NUTS's smallest ESS per gradient about 2.25 times HMC's; over seeds 1–4
    // before the course computed its own elementary functions: 1.013–1.036 with 0–6 divergences,
    // 1.35–1.47 times).
    #expect(hmcGrid.maximumRHat > nutsGrid.maximumRHat)
    #expect(nutsGrid.essPerGradient > hmcGrid.essPerGradient, "worst prediction's ESS per gradient: NUTS \(nutsGrid.essPerGradient), HMC \(hmcGrid.essPerGradient)")
    // SGLD, MALA and the first two HMC and NUTS chains as in the chapter's table: ESS and split-R̂
    // of f(0) over the second halves, per full-data evaluation (``LangevinChapter/Cost``).
    let (hmcPair, nutsPair) = (Array(hmc.prefix(s.comparisonChains)), Array(nuts.prefix(s.comparisonChains)))
    let sgldEfficiency = LangevinChapter.efficiency(sgld, evaluations: LangevinChapter.Cost.sgld(s, data: data))
    let hmcEfficiency = LangevinChapter.efficiency(hmcPair, evaluations: LangevinChapter.Cost.hmc(s, chains: hmcPair))
    let nutsEfficiency = LangevinChapter.efficiency(nutsPair.map(\.chain), evaluations: LangevinChapter.Cost.nuts(nutsPair))
    let malaEfficiency = LangevinChapter.efficiency(mala, evaluations: LangevinChapter.Cost.mala(s))
    #expect(sgldEfficiency.rHat > 1.2, "SGLD, f(0): split-R̂ \(sgldEfficiency.rHat)")
    #expect(hmcEfficiency.essPerEvaluation > 2 * malaEfficiency.essPerEvaluation,
            "ESS per gradient: HMC \(hmcEfficiency.essPerEvaluation), MALA \(malaEfficiency.essPerEvaluation)")
    #expect(nutsEfficiency.essPerEvaluation > 2 * malaEfficiency.essPerEvaluation,
            "ESS per gradient: NUTS \(nutsEfficiency.essPerEvaluation), MALA \(malaEfficiency.essPerEvaluation)")
    // Dual averaging hits the target where it averages, over the warm-up's iterates; the averaged
    // step size then accepts more (see the chapter's section on warm-up). Measured at seed 1 (the
    // chapter's table, per chain): last-window means 0.77–0.78, acceptance after warm-up 0.91–0.94;
    // over seeds 1–4 before the course computed its own elementary functions: 0.764–0.789 and
    // 0.873–0.955.
    for run in nuts {
        let terminal = run.warmupTransitions.suffix(50).map(\.acceptance)
        #expect(abs(terminal.reduce(0, +) / Double(terminal.count) - s.reference.targetAcceptance) < 0.05)
        #expect(run.chain.acceptanceRate > s.reference.targetAcceptance, "acceptance after warm-up \(run.chain.acceptanceRate)")
    }
}

/// The chapter's Gaussian-mean model and runs (``LangevinChapter/gaussianMeanModel(_:)``,
/// ``LangevinChapter/gaussianMeanRuns(_:model:)``, standard settings): 100 points from N(1, 3²),
/// prior N(0, 1), batches of 10, fixed ε = 2e-4 for 4,000,000 steps (every 20th kept, the first
/// tenth dropped). The fixed step inflates the variance by about εVar[ĝ]/4 ≈ 0.6% (gradient noise)
/// and 0.1% (discretisation), below one Monte Carlo standard error here (about 3% of the variance).
/// Measured: Welling & Teh's mean +1.28 and variance +0.25 standard errors from the posterior
/// (ESS 2,175); the slide's +0.51 and +0.27 from the posterior it targets (ESS 3,783), and 77 and
/// 18 standard errors from the posterior.
@Test("SGLD with the slides' update (N/B times the whole ∇U) samples the posterior whose prior precision is N/B times larger; Welling & Teh's samples the posterior; each within 4 Monte Carlo standard errors")
func slidesSGLDScalesThePriorToo() throws {
    let s = LangevinChapter.Settings.standard()
    let model = LangevinChapter.gaussianMeanModel(s)
    let runs = try LangevinChapter.gaussianMeanRuns(s, model: model)
    #expect(runs.map(\.priorWeight) == [1, Double(s.meanDataCount) / Double(s.meanBatchSize)])
    for run in runs {
        let (weight, sampleVariance) = (run.priorWeight, run.sampleSD * run.sampleSD)
        let exact = run.target
        let (seMean, seVariance) = ((exact.variance / run.ess).squareRoot(), exact.variance * (2 / run.ess).squareRoot())
        #expect(abs(run.sampleMean - exact.mean) < 4 * seMean, "prior weight \(weight): mean \(run.sampleMean) vs \(exact.mean), SE \(seMean)")
        #expect(abs(sampleVariance - exact.variance) < 4 * seVariance, "prior weight \(weight): variance \(sampleVariance) vs \(exact.variance), SE \(seVariance)")
        if weight != 1 {   // and far from the posterior the slide means to sample
            let posterior = model.posterior()
            #expect(abs(sampleVariance - posterior.variance) > 10 * posterior.variance * (2 / run.ess).squareRoot())
            #expect(abs(run.sampleMean - posterior.mean) > 10 * (posterior.variance / run.ess).squareRoot())
        }
    }
}

/// NUTS is the tighter reference: on the running example (seed 1, standard settings) the
/// 1-Wasserstein distance between two NUTS runs' predictives (seed and seed + 1000, same data),
/// averaged over the 151 grid points, is smaller than between two runs of the chapter's HMC (the
/// course's reference before NUTS: L adapted, at most 64 steps, 4 chains of 1,000 draws). Each
/// marginal is represented by 4,000 stratified draws. Measured: NUTS–HMC 0.0143 (the mean of its
/// distances to the two HMC runs), HMC–HMC 0.0107. Before the course computed its own elementary
/// functions the streams gave NUTS–HMC 0.0186 ≤ HMC–HMC 0.0199, and this test also asserted that
/// NUTS is as close to HMC as HMC is to itself; with the present streams it is not (HMC's split-R̂
/// at this seed is 1.050 with 2 divergences), so that claim is withdrawn.
@Test("two NUTS runs' predictives on the running example are closer to each other than two HMC runs' are (mean W₁ over the grid)")
func nutsPredictiveMatchesHMC() async throws {
    let s = LangevinChapter.Settings.standard(seed: 1)
    let data = ReferencePosterior.data(seed: s.seed)
    let nuts = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data)
    let hmc = try await LangevinChapter.hmcChains(s, data: data)
    let hmcAgain = try await LangevinChapter.hmcChains(s.with(\.seed, s.seed + 1000), data: data)
    let predictive = { (chains: [Chain]) in RunningExampleComparison.predictive(chains.flatMap { c in (0..<c.count).map(c.draw) }) }
    var rng = Xoshiro256(seed: 1, stream: 0)
    let meanDistance = { (a: [Chain], b: [Chain]) -> Double in
        let d = wasserstein1(predictive(a), predictive(b), draws: 4000, using: &rng)
        return d.reduce(0, +) / Double(d.count)
    }
    let nutsToHMC = (meanDistance(nuts, hmc) + meanDistance(nuts, hmcAgain)) / 2, hmcToHMC = meanDistance(hmc, hmcAgain)
    let nutsAgain = try await ReferencePosterior.chains(seed: s.seed + 1000, s.reference, data: data)
    let nutsToNUTS = meanDistance(nuts, nutsAgain)
    #expect(nutsToNUTS < hmcToHMC, "mean W₁: NUTS–NUTS \(nutsToNUTS), HMC–HMC \(hmcToHMC) (NUTS–HMC \(nutsToHMC))")
}
