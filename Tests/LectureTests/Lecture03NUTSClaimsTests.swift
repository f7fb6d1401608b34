import Course
import Foundation
import Inference
import Probability
import Testing

// The numerical claims of Lecture 3's section on the No-U-Turn sampler, one test each. Every test
// calls the chapter's own experiment (`LangevinChapter.NUTSDemo`) with the chapter's standard
// settings, at the chapter's seed or at the next ones.

private typealias Demo = LangevinChapter.NUTSDemo

/// Deterministic (no random draws): one leapfrog trajectory of 120 steps of ε = 0.1 on Neal's
/// Gaussian from the chapter's start with momentum (1, 0.3). Measured: farthest from the start at
/// step 36 (distance 4.67); the generalised criterion (p♯·ρ) and Hoffman & Gelman's both fire at
/// step 37; back to 0.06 from the start at step 88, so a fixed L = 120 spends 83 steps past the turn.
@Test("NUTS: along one leapfrog trajectory both no-U-turn criteria fire within one step of the farthest point, and the trajectory then comes back to its start")
func nutsUTurnCriterionFiresAtTheFarthestPoint() throws {
    let u = Demo.uTurn(.standard())
    let generalised = try #require(u.generalisedStep)
    let original = try #require(u.originalStep)
    #expect(abs(generalised - u.farthestStep) <= 1, "generalised \(generalised), farthest \(u.farthestStep)")
    #expect(abs(original - u.farthestStep) <= 1, "original \(original), farthest \(u.farthestStep)")
    // It comes back to within 5% of its largest distance, well before the fixed L ends.
    #expect(u.distance[u.returnStep] < 0.05 * u.distance[u.farthestStep])
    #expect(u.returnStep > generalised && u.returnStep < u.trajectory.count - 1)
    #expect(u.trajectory.count - 1 - generalised >= 60, "steps past the turn: \(u.trajectory.count - 1 - generalised)")
}

/// Stan's warm-up on the chapter's 100-D Gaussian (σ log-spaced 0.01 … 1), 4 chains per target
/// δ ∈ {0.6, 0.8, 0.9, 0.95}. Measured, terminal window (mean ± SE over chains), seed 1:
/// 0.582 ± 0.001, 0.775 ± 0.003, 0.872 ± 0.002, 0.921 ± 0.003. After warm-up, at ε̄: seed 1
/// 0.732 ± 0.005, 0.859 ± 0.013, 0.927 ± 0.001, 0.952 ± 0.003. Seeds 2 and 3 were measured only
/// before the course computed its own elementary functions (terminal means then within 0.005 of
/// seed 1's; after warm-up 0.691, 0.839, 0.916, 0.957 and 0.698, 0.847, 0.916, 0.947). The terminal
/// window's shortfall δ − mean α is the dual-averaging identity (m + t₀)γ(μ − ln εₘ)/m^{3/2} to
/// rounding (the test allows 1e-12), 0.018–0.029 on average at seed 1. Tolerances: the terminal mean
/// within ±0.05 of δ (the claim; the identity bounds it), after warm-up at least δ − 0.05,
/// and above the terminal window's mean (measured at seed 1 by 0.03 to 0.15, ≥ 3 chain-SE).
@Test("NUTS warm-up: the terminal window's mean acceptance is within 0.05 of the target, short of it by the dual-averaging identity; after warm-up it is at least target − 0.05 and above the terminal window's",
      arguments: [1, 2, 3] as [UInt64])
func nutsWarmupAcceptanceNearTheTarget(_ seed: UInt64) async throws {
    let study = try await Demo.warmupStudy(.standard(seed: seed))
    for (delta, runs) in zip(study.targets, study.runs) {
        let averaging = runs.map { Demo.terminalAveraging($0, target: delta) }
        let terminal = mean(averaging.map(\.meanAcceptance))
        let after = mean(runs.map { Demo.meanAcceptance($0.transitions) })
        #expect(abs(terminal - delta) < 0.05, "δ = \(delta): terminal window \(terminal)")
        #expect(after >= delta - 0.05, "δ = \(delta): after warm-up \(after)")
        #expect(after > terminal, "δ = \(delta): after warm-up \(after), terminal window \(terminal)")
        for (a, run) in zip(averaging, runs) {
            #expect(a.replayError < 1e-12, "the replayed dual averaging gives the step sizes the run used")
            #expect(abs(a.averagedStepSize / run.stepSize - 1) < 1e-12)
            #expect(abs(delta - a.meanAcceptance - a.shortfall) < 1e-12, "the identity, δ = \(delta)")
            #expect(a.shortfall > 0 && a.shortfall < 0.05)
        }
    }
}

/// The chain the warm-up figure shows (δ = 0.8, first chain) and the acceptance at fixed ε with its
/// final metric (21 step sizes, 400 transitions each). Measured at seed 1: the curve gives
/// α(ε̄) = 0.842 (the run after warm-up: 0.851) and, averaged over the terminal window's iterates,
/// 0.771 (as they ran: 0.777); α = 0.8 at ε = 0.508 against ε̄ = 0.463 (9% shorter). Seeds 2 and 3,
/// measured before the course computed its own elementary functions: α(ε̄) = 0.875, 0.847 (runs
/// 0.858, 0.846), over the iterates 0.770, 0.756 (as they ran 0.775, 0.779); α = 0.8 at ε = 0.522,
/// 0.524 against ε̄ = 0.439, 0.472 (16%, 10% shorter). Tolerances: the
/// Jensen gap above 0.03; the curve and the run agree within 0.03 (curve SE ≈ 0.01, the run's
/// mean over 1,000 transitions ≈ 0.01); ε̄ below the step of α = δ, by less than 25%.
@Test("NUTS warm-up: on the fixed-ε acceptance curve, the averaged step ε̄ accepts more than the terminal window's iterates do on average (Jensen), matching the run after warm-up",
      arguments: [1, 2, 3] as [UInt64])
func nutsAveragedStepSizeAcceptsMoreThanItsIterates(_ seed: UInt64) async throws {
    let s = LangevinChapter.Settings.standard(seed: seed)
    let study = try await Demo.warmupStudy(s)
    let run = try #require(study.run(target: s.nuts.figureTarget))
    let curve = try await Demo.acceptanceCurve(s, run: run)
    let iterates = mean(Demo.terminalWindow(run).map { curve.value(at: $0.stepSize) })
    let atAverage = curve.value(at: run.stepSize)
    #expect(atAverage - iterates > 0.03, "α(ε̄) \(atAverage), mean over the iterates \(iterates)")
    #expect(abs(atAverage - Demo.meanAcceptance(run.transitions)) < 0.03)
    #expect(abs(iterates - Demo.meanAcceptance(Demo.terminalWindow(run))) < 0.03)
    let exact = try #require(curve.stepSize(where: s.nuts.figureTarget))
    #expect(run.stepSize < exact && run.stepSize > 0.75 * exact, "ε̄ \(run.stepSize), α = δ at \(exact)")
}

/// The restart control: NUTS with the unit metric on N(0, I₁₀₀), one dual-averaging run of 50, 200
/// or 1,000 iterations (δ = 0.8, 8 chains each). Measured at seed 1: sd of ln εₘ over the last 50
/// iterates 0.65 ± 0.02, 0.24 ± 0.01, 0.15 ± 0.01; acceptance after warm-up 0.849 ± 0.003,
/// 0.832 ± 0.004, 0.811 ± 0.005 (seeds 2 and 3: 0.857, 0.822, 0.813 and 0.848, 0.822, 0.815).
/// Tolerances: both decrease with the length; the 50-iteration gap exceeds the 1,000-iteration one by
/// more than 3 standard errors; after 1,000 iterations the acceptance is within 0.03 of δ.
@Test("NUTS warm-up: the longer the dual averaging runs without a restart, the smaller the iterates' spread and the closer the acceptance after warm-up comes to the target")
func nutsAcceptanceGapShrinksWithLongerAveraging() async throws {
    let rows = try await Demo.averagingLengths(.standard())
    #expect(rows.map(\.length) == [50, 200, 1000])
    let spread = rows.map { mean($0.logStepSpread) }
    let after = rows.map { meanAndStandardError($0.afterWarmupAcceptance) }
    #expect(spread[0] > spread[1] && spread[1] > spread[2], "sd of ln ε: \(spread)")
    #expect(after[0].mean > after[1].mean && after[1].mean > after[2].mean, "after warm-up: \(after.map(\.mean))")
    let se = (after[0].standardError * after[0].standardError + after[2].standardError * after[2].standardError).squareRoot()
    #expect(after[0].mean - after[2].mean > 3 * se)
    #expect(abs(after[2].mean - 0.8) < 0.03)
}

/// The chapter's metric comparison on the 100-D Gaussian (σ from 0.01 to 1), 4 chains each at δ = 0.8
/// from the same starts and streams. Measured, worst coordinate's multi-chain ESS per gradient
/// after warm-up: adapted 1.34e-1, unit 2.20e-3, 61 times; counting warm-up 21 times. Unit metric:
/// ε̄ 0.00999–0.0103, mean tree depth 7.83, worst coordinate the widest (σ = 1), 251 gradients per
/// draw; adapted: depth 3.01, 7.4 gradients per draw. No transition at depth 10, no divergence.
/// (Seeds 2 and 3, measured before the course computed its own elementary functions: 50 and 63
/// times, 22 and 25 counting warm-up, unit-metric depth 7.81 and 7.79, the widest coordinate the
/// worst at both.) The issue claims at least 5 times; the ESS estimates' own error (≈ 10–20%) is
/// far inside that margin.
@Test("NUTS: the adapted diagonal metric buys at least 5 times the worst coordinate's ESS per gradient of the unit metric on the badly scaled 100-D Gaussian")
func nutsAdaptedMetricBeatsUnitMetricFiveFold() async throws {
    let s = LangevinChapter.Settings.standard()
    let runs = try await Demo.metricComparison(s)
    let (adapted, unit) = (runs[0], runs[1])
    #expect(adapted.adaptedMass && !unit.adaptedMass)
    let ratio = adapted.essPerGradient / unit.essPerGradient
    #expect(ratio >= 5, "ESS per gradient after warm-up: adapted \(adapted.essPerGradient), unit \(unit.essPerGradient)")
    #expect(adapted.essPerGradientWithWarmup / unit.essPerGradientWithWarmup >= 5)
    let sd = Demo.standardDeviations(s.nuts)
    #expect(sd[unit.worstCoordinate] > 0.5, "the unit metric's worst coordinate has σ = \(sd[unit.worstCoordinate])")
    #expect((7...9).contains(unit.meanTreeDepth), "unit metric's mean tree depth \(unit.meanTreeDepth)")
    #expect(adapted.meanTreeDepth < 5)
    #expect(unit.runs.allSatisfy { abs($0.stepSize / 0.01 - 1) < 0.2 }, "ε̄ ≈ σ_min with the unit metric")
    #expect(adapted.saturated(maximumDepth: s.nuts.maximumTreeDepth) == 0 && unit.saturated(maximumDepth: s.nuts.maximumTreeDepth) == 0)
    #expect(adapted.divergences == 0 && unit.divergences == 0)
}

/// Neal's funnel at the chapter's settings (δ = 0.8, 1,000 warm-up iterations, 4 chains × 2,000
/// draws, Stan's starts), both parameterisations on the same streams, at the chapter's four seeds.
/// Measured, centred: 33, 156, 91, 22 divergent draws; their mean v 0.47, −4.73, −1.80, −2.17 against
/// the chains' 1.67, 0.49, 0.82, 0.72; share of v < −3 0.023, 0.136, 0.025, 0.063 (exact 0.159;
/// at seed 2 from chains whose ESS of v is 6); min E-BFMI 0.06, 0.07, 0.07, 0.06; 41, 10, 13, 51
/// transitions at depth 10. Non-centred: no divergence; share 0.158, 0.159, 0.162, 0.168 (ESS of
/// v ≥ 13,000, so its SE is ≈ 0.003); E-BFMI 1.00–1.06; no transition at depth 10. Tolerances:
/// the centred share below the exact one and the centred mean v above the exact 0 (the chains
/// under-sample the neck at every seed; by more than half at seeds 1, 3 and 4 only); non-centred
/// share within 0.02 of the exact one; E-BFMI below 0.3 (Betancourt's threshold) and above 0.8.
@Test("NUTS on Neal's funnel: the centred parameterisation diverges, low in v, and under-samples the neck; the non-centred one, at the same settings and seed, has no divergence",
      arguments: [1, 2, 3, 4] as [UInt64])
func nutsFunnelDivergesOnlyCentred(_ seed: UInt64) async throws {
    let s = LangevinChapter.Settings.standard(seed: seed)
    let centred = try await Demo.funnelRun(s, centred: true)
    let nonCentred = try await Demo.funnelRun(s, centred: false)
    let exact = Demo.funnelShare(below: -3, scale: s.nuts.funnelScale)
    #expect(centred.divergences > 0)
    #expect(mean(centred.divergentV) < mean(centred.v), "divergent draws at mean v \(mean(centred.divergentV)), all at \(mean(centred.v))")
    #expect(nonCentred.divergences == 0)
    #expect(centred.share(below: -3) < exact && mean(centred.v) > 0, "centred share \(centred.share(below: -3)), mean v \(mean(centred.v))")
    #expect(abs(nonCentred.share(below: -3) - exact) < 0.02, "non-centred share of v < −3: \(nonCentred.share(below: -3)), exact \(exact)")
    #expect(centred.minimumEnergyBFMI < 0.3 && nonCentred.minimumEnergyBFMI > 0.8)
    #expect(centred.saturatedV(maximumDepth: s.nuts.maximumTreeDepth).allSatisfy { $0 > 5 }, "transitions at the maximum depth are in the mouth")
    #expect(nonCentred.saturated(maximumDepth: s.nuts.maximumTreeDepth) == 0)
}
