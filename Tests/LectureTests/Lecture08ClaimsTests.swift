import Course
import Foundation
import Testing
import Inference
import NeuralNetworks
import NumericalMethods
import Probability

// The numerical claims of Lecture 8 (the Laplace approximation), one test each. The running
// example's and the sinusoid's comparative claims rest on the chapter's sweeps: seeds 1…5 at the
// standard settings, run once and shared by the tests below. Tolerances over seeds are in standard
// errors of the per-seed (paired) differences, k stated in each test.

/// The chapter's running-example sweep, run once for every test of this file.
actor Lecture08Sweep {
    static let shared = Lecture08Sweep()
    private var running: Task<[LaplaceChapter.RunningExampleRun], Error>?
    private var sinusoid: Task<[LaplaceChapter.SinusoidRun], Error>?

    func runs() async throws -> [LaplaceChapter.RunningExampleRun] {
        if running == nil { running = Task { try await LaplaceChapter.sweep(.standard(seed: 1)) } }
        return try await running!.value
    }

    func sinusoidRuns() async throws -> [LaplaceChapter.SinusoidRun] {
        if sinusoid == nil { sinusoid = Task { try LaplaceChapter.sinusoidSweep(.standard(seed: 1)) } }
        return try await sinusoid!.value
    }
}

/// mean − k·SE of the per-seed differences a − b (k = 3).
func lecture08Lower(_ a: [Double], _ b: [Double], k: Double = 3) -> Double {
    let d = meanAndStandardError(zip(a, b).map { $0 - $1 })
    return d.mean - k * d.standardError
}

/// Measured: 8.9e-16 (GGN) and 2.3e-12 (Hessian) for the precision, evidence to 7.8e-14. The
/// issue's 1e-9 holds for both; the Hessian's central differences are exact up to rounding
/// because the gradient of a linear model's log likelihood is linear in w.
@Test("For a linear model the GGN equals the Hessian, and Laplace's posterior, predictive and evidence are Bayesian linear regression's (1e-9 relative)")
func laplaceExactForALinearModel() throws {
    let checks = try LaplaceChapter.linearModelChecks(.quick(seed: 1))
    #expect(checks.count == 2)
    for c in checks {
        #expect(c.precisionError < 1e-9 && c.varianceError < 1e-9 && c.predictiveVarianceError < 1e-9 && c.evidenceError < 1e-9, "\(c)")
        #expect(c.predictiveMeanError < 1e-9)
    }
}

/// Measured: 8.8e-13 for the precision, 5.6e-15 for the evidence (standard MAP, seed 1).
@Test("Last-layer Laplace on a network's fixed features is Bayesian linear regression on them (1e-9 relative)")
func lastLayerLaplaceIsBayesianLinearRegression() throws {
    let c = try LaplaceChapter.lastLayerCheck(.quick(seed: 1))
    #expect(c.precisionError < 1e-9 && c.varianceError < 1e-9 && c.predictiveVarianceError < 1e-9 && c.evidenceError < 1e-9, "\(c)")
}

/// KFAC's factorisation Σᵢ (ãᵢãᵢᵀ) ⊗ (gᵢgᵢᵀ) = A ⊗ G is exact for one example: then every layer's
/// KFAC block is the full GGN's diagonal block (their ln|block + λI| agree to 1e-9 relative); the
/// diagonal structure keeps the full GGN's diagonal exactly.
@Test("KFAC equals the full GGN's layer blocks on a single example; the diagonal is the full GGN's diagonal")
func kfacExactOnOneExample() throws {
    let network = MLP(sizes: [1, 10, 1], activation: .tanh)
    var rng = Xoshiro256(seed: 81)
    let w = (0..<network.parameterCount).map { _ in 0.5 * rng.normal() }
    let one = BayesianMLP(network: network, inputs: [0.4], targets: [0.3], noiseVariance: 0.0025)
    let full = try LaplaceApproximation(one, mean: w)
    let kfac = try LaplaceApproximation(one, mean: w, structure: .kronecker)
    let k = network.parameterCount
    let blockLogDet = (0..<network.layerCount).reduce(0.0) { total, l in
        let ids = Array(network.layout(l).weights) + Array(network.layout(l).bias)
        let block = ids.flatMap { a in ids.map { b in full.precision[a * k + b] } }
        return total + Cholesky.logDeterminant(factor: try! Cholesky.factor(block, n: ids.count), n: ids.count)
    }
    #expect(abs(kfac.logDeterminant / blockLogDet - 1) < 1e-9, "\(kfac.logDeterminant) vs \(blockLogDet)")
    let diagonal = try LaplaceApproximation(one, mean: w, structure: .diagonal)
    #expect(diagonal.precision == (0..<k).map { full.precision[$0 * k + $0] })
}

/// On the sinusoid (seed 1, quick settings), the tuned s² and σ² are a stationary point of the
/// Laplace evidence (gradient below 1e-8) and the printed curve over s² peaks within one grid
/// step of the tuned s².
@Test("The tuned prior variance maximises the Laplace evidence: gradient ≈ 0, and the curve peaks there")
func tunedPriorMaximisesTheEvidence() throws {
    let s = LaplaceChapter.Settings.quick(seed: 1)
    let run = try LaplaceChapter.sinusoid(s, online: false)
    #expect(abs(run.gradientAtTuned.logPriorVariance) < 1e-8 && abs(run.gradientAtTuned.logNoiseVariance) < 1e-8)
    let peak = run.curve.max { $0.logEvidence < $1.logEvidence }!
    let step = 6 / Double(s.evidenceCurvePoints - 1)
    #expect(abs(log10(peak.priorVariance) - log10(run.tuned.priorVariance)) <= step)
    #expect(run.evidenceAtTuned > run.evidenceAtInitial)
}

/// The GLM predictive's variance J(x)P⁻¹J(x)ᵀ is the variance of the linearised network's outputs
/// f(x, w*) + J(x)(w − w*) under 20,000 draws of w from the Laplace posterior (full, diagonal,
/// KFAC), at 7 grid points, within 4 Monte Carlo standard errors (v √(2/n)).
@Test("The GLM predictive's variance is the variance of the linearised network under Laplace draws (4 Monte Carlo SE)")
func glmVarianceMatchesLinearisedDraws() throws {
    let s = LaplaceChapter.Settings.quick(seed: 1)
    let data = ReferencePosterior.data(seed: 1)
    let map = try LaplaceChapter.runningExampleMAP(s, data: data)
    let network = ReferencePosterior.network
    let points = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
    let j = network.outputJacobian(points, count: points.count, parameters: map, columns: Array(0..<network.parameterCount))
    let k = network.parameterCount
    var rng = Xoshiro256(seed: 82)
    let n = 20_000
    for structure in LaplaceApproximation.Structure.allCases {
        let laplace = try LaplaceApproximation(ReferencePosterior.posterior(data), mean: map, structure: structure)
        let glm = laplace.linearisedPredictive(points, count: points.count)
        let draws = laplace.sample(count: n, using: &rng)
        for i in points.indices {
            let outputs = draws.map { w in (0..<k).reduce(glm.mean[i]) { $0 + j[i * k + $1] * (w[$1] - map[$1]) } }
            let v = glm.epistemic[i]
            #expect(abs(Probability.variance(outputs) - v) < 4 * v * (2 / Double(n)).squareRoot(), "\(structure) at x = \(points[i])")
        }
    }
}

/// Measured (5 seeds): NLL per fresh point 0.241 ± 0.015 (GLM) against 3.405 ± 0.063 (NN); RMS
/// error of the mean 0.063 ± 0.007 against 1.143 ± 0.164; mean predictive sd 0.310 against 12.2.
/// Each gap, seed by seed, is more than 3 SE of the paired differences.
@Test("On the sinusoid the NN predictive of the tuned full-GGN Laplace underfits: worse NLL, a mean far from sin x, a far wider band than the GLM predictive (5 seeds, 3 SE)")
func nnPredictiveUnderfitsOnTheSinusoid() async throws {
    let runs = try await Lecture08Sweep.shared.sinusoidRuns()
    #expect(runs.count == 5)
    let (glm, nn) = (1, 2)
    #expect(runs[0].scores[glm].name == "GLM predictive" && runs[0].scores[nn].name == "NN predictive")
    #expect(lecture08Lower(runs.map { $0.scores[nn].negativeLogLikelihood }, runs.map { $0.scores[glm].negativeLogLikelihood }) > 0)
    #expect(lecture08Lower(runs.map { $0.scores[nn].meanError }, runs.map { $0.scores[glm].meanError }) > 0)
    #expect(lecture08Lower(runs.map { $0.scores[nn].sd }, runs.map { 10 * $0.scores[glm].sd }) > 0)
    // The GLM band is the MAP's plus the epistemic part: wider at every seed.
    #expect(runs.allSatisfy { $0.scores[glm].sd > $0.scores[0].sd })
}

/// Measured (5 seeds): tuned σ 0.3018 ± 0.0087 (true 0.3), s² 3.53 ± 0.22, γ 7.9 ± 0.2 of 151.
/// The true σ lies within 3 SE of the tuned values' mean; γ is below a tenth of the weights.
@Test("The evidence finds the sinusoid's noise sd (within 3 SE of 0.3) with fewer than a tenth of the weights determined by the data (5 seeds)")
func evidenceFindsTheNoise() async throws {
    let runs = try await Lecture08Sweep.shared.sinusoidRuns()
    let σ = meanAndStandardError(runs.map { $0.tuned.noiseVariance.squareRoot() })
    #expect(abs(σ.mean - 0.3) < 3 * σ.standardError, "\(σ)")
    #expect(runs.allSatisfy { $0.effectiveParameters < Double($0.weightCount) / 10 })
}

/// Online tuning (seed 1, standard settings) has settled: its last two updates of s² and σ differ
/// by less than 5%, and its evidence at the end is above the untuned fit's.
@Test("Online tuning of s² and σ² settles during training, at a higher evidence than the untuned fit")
func onlineTuningSettles() throws {
    let run = try LaplaceChapter.sinusoid(.standard(seed: 1))
    let online = try #require(run.online)
    let (a, b) = (online.result.updates[online.result.updates.count - 2], online.result.updates.last!)
    #expect(abs(b.priorVariance / a.priorVariance - 1) < 0.05 && abs(b.noiseVariance / a.noiseVariance - 1) < 0.05, "\(a) → \(b)")
    #expect(online.logEvidence > run.evidenceAtInitial)
}

/// The W₁ distances of method `name`, per seed, in `region` (nil: the whole grid).
func lecture08Distances(_ runs: [LaplaceChapter.RunningExampleRun], _ name: String, region: Int? = nil) -> [Double] {
    runs.map { r in
        let score = r.scores.first { $0.name == name }!
        return region.map { score.regions[$0] } ?? score.overall
    }
}

/// Measured (5 seeds), W₁ over the grid: full GGN (GLM) 0.042 ± 0.008; KFAC 0.073, last layer
/// 0.077, diagonal 0.079, MAP 0.091; outside the data 0.070 against 0.127–0.158. The full GGN is
/// closer than each of the others, seed by seed, by more than 3 SE, over the grid and outside.
@Test("Beside NUTS, the full-GGN GLM predictive is the closest Laplace variant, over the grid and outside the data (5 seeds, 3 SE)")
func fullGGNIsClosestToTheReference() async throws {
    let runs = try await Lecture08Sweep.shared.runs()
    #expect(runs.count == 5)
    let full = "full GGN, GLM"
    for other in ["MAP", "diagonal GGN, GLM", "KFAC, GLM", "last layer, GLM"] {
        #expect(lecture08Lower(lecture08Distances(runs, other), lecture08Distances(runs, full)) > 0, "\(other), whole grid")
        #expect(lecture08Lower(lecture08Distances(runs, other, region: 2), lecture08Distances(runs, full, region: 2)) > 0, "\(other), outside")
    }
}

/// Measured (5 seeds): the NN predictive of the full GGN has sd 1.94 ± 0.03 on the data (the
/// reference 0.053) and W₁ 1.66 ± 0.03 over the grid, the largest of the chapter's methods.
@Test("The NN predictive of the full-GGN Laplace is far too wide on the reference's model and the farthest from it (5 seeds, 3 SE)")
func nnPredictiveFarFromTheReference() async throws {
    let runs = try await Lecture08Sweep.shared.runs()
    let nn = "full GGN, NN"
    for other in runs[0].methods.map(\.name) where other != nn {
        #expect(lecture08Lower(lecture08Distances(runs, nn), lecture08Distances(runs, other)) > 0, "against \(other)")
    }
    let i = runs[0].methods.firstIndex { $0.name == nn }!
    let sd = runs.map { ReferencePosterior.standardDeviations($0.methods[i].predictive.moments, on: RunningExampleComparison.grid).onData }
    let ref = runs.map { ReferencePosterior.standardDeviations($0.reference.moments, on: RunningExampleComparison.grid).onData }
    #expect(lecture08Lower(sd, ref.map { 10 * $0 }) > 0)
}

/// Measured (5 seeds): at the right end every GLM variant is narrower than the reference (0.478 ±
/// 0.034): full 0.361 ± 0.012, KFAC 0.134, last layer 0.122, diagonal 0.099. On the data the
/// diagonal is the widest (0.066 against the reference's 0.053 and the full's 0.053), and at the
/// right end the narrowest. Each by more than 3 SE of the paired differences.
@Test("Every GLM variant is narrower than the reference at the right end; the diagonal is too wide on the data and the narrowest away from it (5 seeds, 3 SE)")
func laplaceBandsAgainstTheReference() async throws {
    let runs = try await Lecture08Sweep.shared.runs()
    let grid = RunningExampleComparison.grid
    func sds(_ name: String) -> [(onData: Double, gap: Double, rightEnd: Double)] {
        runs.map { r in ReferencePosterior.standardDeviations(r.methods.first { $0.name == name }!.predictive.moments, on: grid) }
    }
    let ref = runs.map { ReferencePosterior.standardDeviations($0.reference.moments, on: grid) }
    let glm = ["full GGN, GLM", "diagonal GGN, GLM", "KFAC, GLM", "last layer, GLM"]
    for name in glm {
        #expect(lecture08Lower(ref.map(\.rightEnd), sds(name).map(\.rightEnd)) > 0, "\(name)")
    }
    let diagonal = sds("diagonal GGN, GLM")
    #expect(lecture08Lower(diagonal.map(\.onData), ref.map(\.onData)) > 0)
    for name in glm where name != "diagonal GGN, GLM" {
        #expect(lecture08Lower(diagonal.map(\.onData), sds(name).map(\.onData)) > 0, "\(name) on the data")
        #expect(lecture08Lower(sds(name).map(\.rightEnd), diagonal.map(\.rightEnd)) > 0, "\(name) at the right end")
    }
}

/// After 100 Adam steps the Hessian's P is indefinite at every seed (measured smallest eigenvalue
/// −185.7 ± 13.9) and the fit is refused with the error; the GGN's P has smallest eigenvalue at
/// least the prior precision 1 everywhere. After the full 20,000 steps the Hessian's P is still
/// indefinite at one of the five seeds (measured smallest eigenvalues 0.59, 0.50, 0.63, 0.06, −4.48).
@Test("Away from a minimum the Hessian is indefinite and Hessian Laplace is refused; the GGN + prior is positive definite (5 seeds)")
func hessianIndefiniteAwayFromAMinimum() async throws {
    let runs = try await Lecture08Sweep.shared.runs()
    for r in runs {
        #expect(r.smallestEigenvalues.hessianEarly < 0)
        #expect(r.earlyHessianError?.contains("not a minimum") == true)
        #expect(r.smallestEigenvalues.ggnEarly >= 1 - 1e-9 && r.smallestEigenvalues.ggnAtMAP >= 1 - 1e-9)
    }
    #expect(runs.filter { $0.smallestEigenvalues.hessianAtMAP < 0 }.count >= 1)
}

/// Measured (5 seeds): NLL per fresh point 0.769 ± 0.018 with one tuned σ against 0.468 ± 0.014
/// with the mean and variance heads; inside ± 2 sd on x < 4 and x ≥ 4: 0.997 and 0.885 with one σ,
/// 0.936 and 0.947 with the heads; RMS error of the noise sd 0.254 against 0.070. The heads' NLL and
/// noise error are lower, and one σ's coverage differs between the halves, by more than 3 SE of the
/// paired differences; the heads' coverage is within 0.03 of 0.95 in both halves.
@Test("With noise that grows with x, Laplace on a mean and a variance head beats one tuned σ: lower NLL, the right noise, coverage near 95% on both halves (5 seeds, 3 SE)")
func heteroscedasticHeadsBeatOneSigma() throws {
    let runs = try LaplaceChapter.heteroscedasticSweep(.standard(seed: 1))
    #expect(runs.count == 5)
    let (one, heads) = (runs.map { $0.scores[0] }, runs.map { $0.scores[1] })
    #expect(lecture08Lower(one.map(\.negativeLogLikelihood), heads.map(\.negativeLogLikelihood)) > 0)
    #expect(lecture08Lower(one.map(\.noiseError), heads.map(\.noiseError)) > 0)
    #expect(lecture08Lower(one.map(\.coverageLeft), one.map(\.coverageRight)) > 0)
    #expect(abs(mean(heads.map(\.coverageLeft)) - 0.95) < 0.03 && abs(mean(heads.map(\.coverageRight)) - 0.95) < 0.03)
}
