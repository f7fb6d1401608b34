import Foundation
import Testing
import Inference
import Probability
import Autodiff

/// ln N(x | 0, diag(σ²)) with its gradient, scales σᵢ spread over two orders of magnitude.
func scaledGaussian(_ sigma: [Double]) -> LogDensityGradient {
    { x in
        var value = 0.0
        var gradient = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            value -= 0.5 * x[i] * x[i] / (sigma[i] * sigma[i])
            gradient[i] = -x[i] / (sigma[i] * sigma[i])
        }
        return (value, gradient)
    }
}

@Test("Stan's adaptation windows for 1,000 warm-up iterations: 75 fast, then 25, 50, 100, 200 and 500 slow (the last absorbing the rest), 50 fast; the first window never absorbs; short warm-ups split 15/75/10%")
func adaptationWindowsFollowStan() {
    let w = AdaptationWindows(warmup: 1000)
    #expect(w.windowStarts == [75, 100, 150, 250, 450])
    #expect(w.windowEnds == [99, 149, 249, 449, 949])
    let short = AdaptationWindows(warmup: 100)
    #expect(short.windowStarts == [15])
    #expect(short.windowEnds == [89])
    #expect(AdaptationWindows(warmup: 10).windowStarts.isEmpty)
    // 170: the first window is never stretched to the terminal buffer (Stan gives 75–99, 100–119).
    let w170 = AdaptationWindows(warmup: 170)
    #expect(w170.windowStarts == [75, 100] && w170.windowEnds == [99, 119])
    #expect(w.window(containing: 74) == nil && w.window(containing: 75) == 0 && w.window(containing: 949) == 4 && w.window(containing: 950) == nil)
}

@Test("dual averaging: an acceptance above the target raises the step size, one below lowers it; the average settles where the acceptance is the target")
func dualAveragingMovesTowardTheTarget() {
    var up = DualAveraging(initialStepSize: 0.1, target: 0.8)
    var down = up
    #expect(up.update(acceptance: 1.0) > down.update(acceptance: 0.2))
    // A toy acceptance curve α(ε) = exp(−ε²): the target 0.8 is reached at ε* = √(ln 1.25) = 0.4724.
    var da = DualAveraging(initialStepSize: 1, target: 0.8)
    var eps = 1.0
    for _ in 0..<2000 { eps = da.update(acceptance: Foundation.exp(-eps * eps)) }
    #expect(abs(da.finalStepSize - Foundation.log(1.25).squareRoot()) < 0.01, "\(da.finalStepSize)")
}

/// 10-D Gaussian, σ from 0.1 to 10: four chains of 1,000 draws after 1,000 warm-up iterations.
/// Every mean within 4 Monte Carlo standard errors (sd/√ESS) of 0, every E[x²] within 4 standard
/// errors (sd(x²)/√ESS(x²)) of σ²; no divergence; the adapted M⁻¹ within 35% of σ²
/// (measured at this seed: M⁻¹ᵢᵢ/σᵢ² from 0.77 to 1.27 over the 40 entries; the last window holds 500
/// draws); E-BFMI above 0.3.
@Test("NUTS with a diagonal mass matrix samples a badly scaled 10-D Gaussian: means and variances within 4 Monte Carlo SE, no divergences, M⁻¹ ≈ diag(σ²)")
func nutsSamplesABadlyScaledGaussian() throws {
    let sigma = (0..<10).map { Foundation.pow(10, -1 + 2 * Double($0) / 9) }
    let target = scaledGaussian(sigma)
    var runs = [NUTSRun]()
    for k in 0..<4 {
        var rng = Xoshiro256(seed: 23, stream: k)
        runs.append(try NoUTurnSampler(stepSize: 0.1, warmup: 1000).sample(target, from: sigma.map { 0.5 * $0 }, steps: 1000, using: &rng))
    }
    for j in 0..<10 {
        let traces = runs.map { $0.chain.coordinate(j) }
        let all = traces.flatMap { $0 }
        let ess = effectiveSampleSize(traces)
        let s2 = variance(all)
        #expect(abs(mean(all)) < 4 * (s2 / ess).squareRoot(), "coordinate \(j): mean \(mean(all)), ESS \(ess)")
        // The variance's standard error from the ESS of x² (NUTS is often anti-correlated in x,
        // so the ESS of x overstates the precision of the second moment).
        let squares = traces.map { $0.map { $0 * $0 } }
        let secondMomentSE = (variance(squares.flatMap { $0 }) / effectiveSampleSize(squares)).squareRoot()
        #expect(abs(mean(squares.flatMap { $0 }) - sigma[j] * sigma[j]) < 4 * secondMomentSE, "coordinate \(j): E[x²] \(mean(squares.flatMap { $0 })) vs \(sigma[j] * sigma[j]) ± \(secondMomentSE)")
        #expect(splitRHat(traces) < 1.01)
        for run in runs { #expect(abs(run.inverseMass[j] / (sigma[j] * sigma[j]) - 1) < 0.35, "M⁻¹[\(j)] ratio \(run.inverseMass[j] / (sigma[j] * sigma[j]))") }
    }
    for run in runs {
        #expect(run.chain.divergences == 0)
        #expect(run.energyBFMI > 0.3)
        #expect(run.saturated(maximumDepth: 10) == 0)
        // A tree of depth j holds 2^j − 1 steps; a rejected last doubling adds at most 2^j more.
        #expect(run.transitions.allSatisfy { $0.leapfrogSteps <= (1 << ($0.treeDepth + 1)) - 1 && $0.treeDepth <= 10 })
    }
}

/// A correlated 2-D Gaussian (ρ = 0.95) without mass adaptation: the correlation estimate from
/// 4 × 2,000 draws within 0.02 (its Monte Carlo SE at ESS ≈ 2,000 is (1 − ρ²)/√ESS ≈ 0.002).
@Test("NUTS recovers a strongly correlated Gaussian's covariance; the same seed gives the same draws")
func nutsRecoversACorrelatedGaussian() throws {
    let rho = 0.95
    let target: LogDensityGradient = { x in
        let c = 1 / (1 - rho * rho)
        return (-0.5 * c * (x[0] * x[0] - 2 * rho * x[0] * x[1] + x[1] * x[1]), [-c * (x[0] - rho * x[1]), -c * (x[1] - rho * x[0])])
    }
    var draws = [Double]()
    for k in 0..<4 {
        var rng = Xoshiro256(seed: 24, stream: k)
        let run = try NoUTurnSampler(warmup: 500, adaptMass: false).sample(target, from: [1, -1], steps: 2000, using: &rng)
        #expect(run.chain.divergences == 0)
        draws += run.chain.draws
    }
    let x = stride(from: 0, to: draws.count, by: 2).map { draws[$0] }, y = stride(from: 1, to: draws.count, by: 2).map { draws[$0] }
    let (mx, my) = (mean(x), mean(y))
    let cov = zip(x, y).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / Double(x.count - 1)
    #expect(abs(cov / (variance(x) * variance(y)).squareRoot() - rho) < 0.02)
    // Without warm-up the given step size is used as it is.
    var fixed = Xoshiro256(seed: 6)
    #expect(try NoUTurnSampler(stepSize: 0.3, warmup: 0).sample(target, from: [0, 0], steps: 10, using: &fixed).stepSize == 0.3)
    var a = Xoshiro256(seed: 5), b = Xoshiro256(seed: 5)
    let s = NoUTurnSampler(warmup: 100)
    #expect(try s.sample(target, from: [0, 0], steps: 50, using: &a).chain.draws == s.sample(target, from: [0, 0], steps: 50, using: &b).chain.draws)
}

/// Neal's funnel, v ~ N(0, 3²), x | v ~ N(0, e^v) in 9 dimensions: its neck (v ≪ 0) needs steps far
/// smaller than its mouth, so a step size tuned for the bulk diverges there. The divergent draws
/// are where they should be: their mean v is below the overall mean v.
@Test("NUTS flags divergences on Neal's funnel and locates them in the neck (v below the chain's mean v)")
func nutsFlagsDivergencesInTheFunnelsNeck() throws {
    let target: LogDensityGradient = { z in
        let v = z[0]
        var value = -v * v / 18, gv = -v / 9
        var gradient = [Double](repeating: 0, count: z.count)
        for i in 1..<z.count {
            value += -0.5 * z[i] * z[i] * Foundation.exp(-v) - 0.5 * v
            gradient[i] = -z[i] * Foundation.exp(-v)
            gv += 0.5 * z[i] * z[i] * Foundation.exp(-v) - 0.5
        }
        gradient[0] = gv
        return (value, gradient)
    }
    var rng = Xoshiro256(seed: 25)
    let run = try NoUTurnSampler(warmup: 1000).sample(target, from: [Double](repeating: 0.5, count: 10), steps: 2000, using: &rng)
    let divergent = run.divergentDraws
    #expect(divergent.count > 0)
    let v = run.chain.coordinate(0)
    #expect(mean(divergent.map { v[$0] }) < mean(v), "divergent draws at mean v \(mean(divergent.map { v[$0] })), all at \(mean(v))")
}

/// Every mean and every variance of `runs`' draws within 4 Monte Carlo standard errors of the
/// exact `means` and `variances`: the mean's SE is sd/√ESS(x); the variance's is sd((x − μ)²)/√ESS((x − μ)²)
/// (NUTS is often anti-correlated in x, so the ESS of x overstates the precision of the second moment).
func expectExactMoments(_ runs: [NUTSRun], means: [Double], variances: [Double], _ what: String) {
    for j in means.indices {
        let traces = runs.map { $0.chain.coordinate(j) }
        let all = traces.flatMap { $0 }
        #expect(abs(mean(all) - means[j]) < 4 * (variance(all) / effectiveSampleSize(traces)).squareRoot(),
                "\(what), coordinate \(j): mean \(mean(all)) vs \(means[j])")
        let squares = traces.map { $0.map { ($0 - means[j]) * ($0 - means[j]) } }
        let se = (variance(squares.flatMap { $0 }) / effectiveSampleSize(squares)).squareRoot()
        #expect(abs(mean(squares.flatMap { $0 }) - variances[j]) < 4 * se, "\(what), coordinate \(j): variance \(mean(squares.flatMap { $0 })) vs \(variances[j]) ± \(se)")
    }
}

/// Exactness on two targets whose moments are known: a correlated 2-D Gaussian (means 1 and −2,
/// sds 2 and 0.5, ρ = 0.8) and the conjugate Bayesian linear regression of a cubic polynomial's
/// 4 weights (15 points, prior precision 1, noise precision 100; ``BayesianLinearRegression``
/// gives the exact posterior). Four chains of 1,000 draws after 1,000 warm-up iterations with
/// both adaptations; every mean and variance within 4 Monte Carlo standard errors, no divergence.
@Test("NUTS is exact: on a correlated Gaussian and on conjugate Bayesian linear regression, every mean and variance within 4 Monte Carlo standard errors of the exact value")
func nutsMatchesExactMoments() throws {
    let (m, sd, rho) = ([1.0, -2.0], [2.0, 0.5], 0.8)
    let gaussian: LogDensityGradient = { x in
        let z = [(x[0] - m[0]) / sd[0], (x[1] - m[1]) / sd[1]]
        let c = 1 / (1 - rho * rho)
        return (-0.5 * c * (z[0] * z[0] - 2 * rho * z[0] * z[1] + z[1] * z[1]),
                [-c * (z[0] - rho * z[1]) / sd[0], -c * (z[1] - rho * z[0]) / sd[1]])
    }
    let gaussianRuns = try (0..<4).map { k in
        var rng = Xoshiro256(seed: 26, stream: k)
        return try NoUTurnSampler(warmup: 1000).sample(gaussian, from: [0, 0], steps: 1000, using: &rng)
    }
    expectExactMoments(gaussianRuns, means: m, variances: sd.map { $0 * $0 }, "2-D Gaussian")

    var data = Xoshiro256(seed: 27)
    let x = linspace(-1, 1, count: 15)
    let phi = PolynomialFeatures(degree: 3).designMatrix(x)
    let y = x.map { 0.5 * $0 * $0 * $0 - 0.3 * $0 + 0.1 * data.normal() }
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 1, noisePrecision: 100)
    let target = linearRegressionLogPosteriorGradient(design: phi, targets: y, priorPrecision: 1, noisePrecision: 100)
    let blrRuns = try (0..<4).map { k in
        var rng = Xoshiro256(seed: 28, stream: k)
        return try NoUTurnSampler(warmup: 1000).sample(target, from: [0, 0, 0, 0], steps: 1000, using: &rng)
    }
    expectExactMoments(blrRuns, means: blr.posteriorMean, variances: (0..<4).map { blr.posteriorCovariance[$0, $0] }, "Bayesian linear regression")
    for run in gaussianRuns + blrRuns { #expect(run.chain.divergences == 0) }
}
