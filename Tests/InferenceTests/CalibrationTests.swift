import Foundation
import Testing
import Autodiff
import Inference
import NumericalMethods
import Probability

// Recalibration and conformal prediction (Sources/Inference/Calibration): exact small cases, and
// the finite-sample guarantees by Monte Carlo with the tolerance stated at each test.

@Test("The conformal quantile is the ⌈(n+1)(1−α)⌉-th smallest score, +∞ when that exceeds n")
func conformalQuantileOrder() {
    let scores = (1...10).map(Double.init).reversed().map { $0 }
    #expect(conformalQuantile(scores, miscoverage: 0.1) == 10)   // ⌈11 · 0.9⌉ = 10
    #expect(conformalQuantile(scores, miscoverage: 0.2) == 9)    // ⌈8.8⌉ = 9
    #expect(conformalQuantile(scores, miscoverage: 0.5) == 6)    // ⌈5.5⌉ = 6
    #expect(conformalQuantile(scores, miscoverage: 0.05) == .infinity)  // ⌈10.45⌉ = 11 > 10
}

@Test("Split conformal's coverage lies in [1 − α, 1 − α + 1/(n+1)] in expectation, absolute and normalised, α = 0.1 and 0.05 (4 MC SE)")
func splitConformalGuarantee() {
    // A misspecified model: the mean is off by 0.3 and the sd is the wrong shape; the guarantee
    // does not care. 4000 independent calibration sets of n = 30 (the bounds' gap 1/31 is wide
    // enough to see); the coverage of each is exact given q̂: P(|y − μ| ≤ q̂ s(x)), averaged over
    // 200 test points. Tolerance: 4 Monte Carlo standard errors of the mean over the 4000.
    var rng = Xoshiro256(seed: 2025)
    let n = 30
    for alpha in [0.1, 0.05] {
        for score in SplitConformal.Score.allCases {
            var coverages = [Double]()
            for _ in 0..<4000 {
                let draw = { (count: Int, rng: inout Xoshiro256) -> (mean: [Double], sd: [Double], y: [Double]) in
                    let x = (0..<count).map { _ in rng.uniform(-1, 1) }
                    let y = x.map { 0.3 + (0.2 + abs($0)) * rng.normal() }
                    return (x.map { _ in 0 }, x.map { 0.5 + 0.5 * $0 * $0 }, y)
                }
                let cal = draw(n, &rng)
                let test = draw(200, &rng)
                let c = SplitConformal(score: score, miscoverage: alpha, mean: cal.mean, standardDeviation: cal.sd, targets: cal.y)
                let (lo, hi) = c.intervals(mean: test.mean, standardDeviation: test.sd)
                coverages.append(IntervalScore(lower: lo, upper: hi, targets: test.y).coverage)
            }
            let (m, se) = meanAndStandardError(coverages)
            #expect(m >= 1 - alpha - 4 * se, "α = \(alpha), \(score): coverage \(m) ± \(se)")
            #expect(m <= 1 - alpha + 1 / Double(n + 1) + 4 * se, "α = \(alpha), \(score): coverage \(m) ± \(se)")
        }
    }
}

@Test("CQR's coverage is at least 1 − α and at most 1 − α + 1/(n+1) in expectation (4 MC SE)")
func cqrGuarantee() {
    // A quantile band that is too narrow (±0.5 around a shifted centre): CQR widens it to the guarantee.
    var rng = Xoshiro256(seed: 7)
    let (n, alpha) = (40, 0.1)
    var coverages = [Double]()
    for _ in 0..<4000 {
        let y = (0..<(n + 100)).map { _ in rng.normal() }
        let lower = y.map { _ in -0.3 }, upper = y.map { _ in 0.7 }
        let c = ConformalizedQuantileRegression(miscoverage: alpha, lower: Array(lower.prefix(n)), upper: Array(upper.prefix(n)), targets: Array(y.prefix(n)))
        let (lo, hi) = c.intervals(lower: Array(lower.dropFirst(n)), upper: Array(upper.dropFirst(n)))
        coverages.append(IntervalScore(lower: lo, upper: hi, targets: Array(y.dropFirst(n))).coverage)
    }
    let (m, se) = meanAndStandardError(coverages)
    #expect(m >= 1 - alpha - 4 * se && m <= 1 - alpha + 1 / Double(n + 1) + 4 * se, "coverage \(m) ± \(se)")
}

@Test("Jackknife+ on a worked example: the order statistics of μ₋ᵢ(x) ∓ Rᵢ")
func jackknifePlusWorkedExample() {
    // n = 9, α = 0.2: lower is the ⌊2⌋ = 2nd smallest of μ − R, upper the ⌈8⌉ = 8th smallest of μ + R.
    let mu = (1...9).map { [Double($0)] }
    let r = [Double](repeating: 1, count: 9)
    let (lo, hi) = jackknifePlusIntervals(heldOutPredictions: mu, residuals: r, miscoverage: 0.2)
    #expect(lo == [1] && hi == [9])
    // n = 4, α = 0.1: ⌊0.5⌋ = 0 → −∞ and ⌈4.5⌉ = 5 > 4 → +∞.
    let (lo2, hi2) = jackknifePlusIntervals(heldOutPredictions: [[0], [0], [0], [0]], residuals: [1, 1, 1, 1], miscoverage: 0.1)
    #expect(lo2 == [-.infinity] && hi2 == [.infinity])
}

@Test("Variance scaling's factor maximises the validation log-likelihood and recovers a known misscaling")
func varianceScalingMaximisesLikelihood() {
    var rng = Xoshiro256(seed: 11)
    let n = 20_000
    let sd = (0..<n).map { _ in 0.5 + rng.uniform() }
    let y = sd.map { 3 * $0 * rng.normal() }   // the truth is 3 times wider than predicted
    let mean = [Double](repeating: 0, count: n)
    let s = VarianceScaling(mean: mean, standardDeviation: sd, targets: y)
    // s² is a mean of n χ²₁ variables times 9: SE of s² ≈ 9 √(2/n); of s ≈ 3 √(1/(2n)) = 0.015. 4 SE.
    #expect(abs(s.factor - 3) < 4 * 3 * (1 / (2 * Double(n))).squareRoot())
    let ll = { (f: Double) in gaussianLogLikelihood(mean: mean, standardDeviation: sd.map { f * $0 }, targets: y) }
    #expect(ll(s.factor) > ll(s.factor * 1.01) && ll(s.factor) > ll(s.factor * 0.99))
}

@Test("Pool-adjacent-violators returns the least-squares non-decreasing fit")
func poolAdjacentViolators() {
    #expect(isotonicRegression([1, 3, 2, 4]) == [1, 2.5, 2.5, 4])
    #expect(isotonicRegression([4, 3, 2, 1]) == [2.5, 2.5, 2.5, 2.5])
    #expect(isotonicRegression([1, 2, 3]) == [1, 2, 3])
    #expect(isotonicRegression([3, 1], weights: [1, 3]) == [1.5, 1.5])
}

@Test("Isotonic recalibration makes overconfident predictives calibrated on fresh points (miscalibration area from 0.10 to below 0.02; measured 0.103 and 0.004)")
func isotonicRecalibrationCalibrates() {
    // Predicted sd 1, true sd 2: the PITs pile up at 0 and 1. After R fitted on 2000 points, the
    // fresh points' area is below 0.02 (sampling noise of an area on 5000 points ≈ 0.005).
    var rng = Xoshiro256(seed: 3)
    let draw = { (n: Int, rng: inout Xoshiro256) in (0..<n).map { _ in 2 * rng.normal() } }
    let (cal, test) = (draw(2000, &rng), draw(5000, &rng))
    let zeros = { (n: Int) in [Double](repeating: 0, count: n) }, ones = { (n: Int) in [Double](repeating: 1, count: n) }
    let r = IsotonicRecalibration(pit: gaussianPIT(mean: zeros(2000), standardDeviation: ones(2000), targets: cal))
    let before = gaussianPIT(mean: zeros(5000), standardDeviation: ones(5000), targets: test)
    #expect(miscalibrationArea(pit: before) > 0.1)
    #expect(miscalibrationArea(pit: before.map { r($0) }) < 0.02)
    // R is non-decreasing, R⁻¹ inverts it, and its central 90% interval is close to ±1.645 · 2.
    #expect(zip(r.values, r.values.dropFirst()).allSatisfy { $0 <= $1 })
    for u in [0.05, 0.3, 0.5, 0.9] { #expect(abs(r(r.inverse(u)) - u) < 1e-9) }
    let (lo, hi) = r.centralIntervals(level: 0.9, mean: [0], standardDeviation: [1])
    #expect(abs(hi[0] - 3.29) < 0.3 && abs(lo[0] + 3.29) < 0.3)
}

@Test("Adaptive conformal inference keeps the long-run miscoverage within Gibbs & Candès's bound, even on an adversarial sequence")
func adaptiveConformalBound() {
    var rng = Xoshiro256(seed: 5)
    let cal = (0..<200).map { _ in abs(rng.normal()) }
    for gamma in [0.005, 0.02, 0.1] {
        let aci = AdaptiveConformal(target: 0.1, stepSize: gamma, calibrationScores: cal)
        // Scores that jump from small to 5× larger halfway, then alternate.
        let T = 3000
        let scores = (0..<T).map { t in (t < T / 2 ? 1 : 5) * abs(rng.normal()) * (t % 7 == 0 ? 3 : 1) }
        let run = aci.run(scores: scores)
        let gap = abs(Double(run.errors.reduce(0, +)) / Double(T) - 0.1)
        #expect(gap <= aci.bound(steps: T), "γ = \(gamma): gap \(gap), bound \(aci.bound(steps: T))")
    }
}

@Test("The pinball loss is minimised by the sample quantile")
func pinballLossMinimiser() {
    let y = Tensor.column((0..<101).map { Double($0) })
    let loss = { (q: Double) in valueWithGradient(at: Tensor.column([Double](repeating: q, count: 101))) { pinballLoss($0, y, level: 0.9) }.value }
    #expect(loss(90) < loss(89) && loss(90) < loss(91))
}
