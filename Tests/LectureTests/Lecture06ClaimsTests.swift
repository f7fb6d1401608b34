import Course
import Foundation
import Testing
import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

// The numerical claims of Lecture 6 (variational inference, Bayes-by-Backprop), one test each.

/// Lecture 1's straight line with polynomial features, and its exact posterior.
func lineModel() throws -> (phi: Tensor, y: [Double], exact: BayesianLinearRegression) {
    var rng = Xoshiro256(seed: 60)
    let data = StraightLineExample.sample(count: 20, using: &rng)
    let phi = PolynomialFeatures(degree: 2).designMatrix(data.inputs)
    return (phi, data.targets, try BayesianLinearRegression(design: phi, targets: data.targets, priorPrecision: 2, noisePrecision: 25))
}

func elbo(_ m: [Double], _ l: Tensor, _ model: (phi: Tensor, y: [Double], exact: BayesianLinearRegression)) -> Double {
    let d = m.count
    let theta = Tensor(m + l.scalars)
    return evaluate(at: theta) { v in
        linearRegressionELBO(mean: v.slice(0..<d, shape: [d]), scale: v.slice(d..<(d + d * d), shape: [d, d]), design: model.phi,
                             targets: Tensor.column(model.y), priorPrecision: 2, noisePrecision: 25)
    }.scalars[0]
}

@Test("the ELBO of the exact posterior is the log evidence to 1e-8; any other Gaussian q falls short by exactly KL[q ‖ posterior]")
func elboMeetsTheEvidenceAtThePosterior() throws {
    let model = try lineModel()
    let d = model.phi.shape[1]
    let covariance = model.exact.posteriorCovariance
    let chol = try covariance.cholesky()
    #expect(abs(elbo(model.exact.posteriorMean, chol, model) - model.exact.logEvidence) < 1e-8)
    var rng = Xoshiro256(seed: 61)
    for _ in 0..<5 {
        let m = model.exact.posteriorMean.map { $0 + 0.05 * rng.normal() }
        let l = Tensor(shape: [d, d], scalars: (0..<(d * d)).map { ($0 / d) >= ($0 % d) ? chol.scalars[$0] * (1 + 0.3 * rng.normal()) : 0 })
        let gap = model.exact.logEvidence - elbo(m, l, model)
        // KL[N(m, LLᵀ) ‖ N(μ, S)] = ½[tr(S⁻¹Σ) + (m − μ)ᵀS⁻¹(m − μ) − d + ln|S| − ln|Σ|].
        let sigma = Tensor.matmul(l, l, transposeB: true)
        let sInverseSigma = try covariance.spdSolve(sigma)
        let trace = (0..<d).reduce(0.0) { $0 + sInverseSigma[$1, $1] }
        let diff = Tensor(zip(m, model.exact.posteriorMean).map { $0 - $1 })
        let quad = zip(diff.scalars, try covariance.spdSolve(diff).scalars).reduce(0.0) { $0 + $1.0 * $1.1 }
        let kl = 0.5 * (trace + quad - Double(d) + chol.choleskyLogDeterminant() - (try sigma.cholesky()).choleskyLogDeterminant())
        #expect(gap > 0)
        #expect(abs(gap - kl) < 1e-8 * max(1, kl), "gap \(gap), KL \(kl)")
    }
}

@Test("the one-sample Monte Carlo KL, ln q(ω) − ln p(ω), averages to the closed-form Gaussian KL within 4 standard errors")
func monteCarloKLIsUnbiased() throws {
    let bbb = try BayesByBackprop(network: MLP(sizes: [1, 4, 1]), prior: .gaussian(sigma: 0.7), noiseVariance: 1)
    var rng = Xoshiro256(seed: 62)
    let theta = Tensor((0..<(2 * bbb.weightCount)).map { $0 < bbb.weightCount ? rng.normal() : -1 + 0.5 * rng.normal() })
    let (x, y) = (Tensor.column([0.1]), Tensor.column([0.2]))
    let exact = evaluate(at: theta) { bbb.negativeELBOTerms($0, x: x, y: y, dataCount: 1, epsilon: Tensor.zeros([bbb.weightCount]), closedFormKL: true).kl }.scalars[0]
    let estimates = (0..<20_000).map { _ -> Double in
        let epsilon = Tensor((0..<bbb.weightCount).map { _ in rng.normal() })
        return evaluate(at: theta) { bbb.negativeELBOTerms($0, x: x, y: y, dataCount: 1, epsilon: epsilon).kl }.scalars[0]
    }
    let se = (variance(estimates) / Double(estimates.count)).squareRoot()
    #expect(abs(mean(estimates) - exact) < 4 * se, "MC \(mean(estimates)) vs \(exact) ± \(se)")
}

@Test("the reparameterisation gradient of E_q[f(ω)] for a quadratic f matches the analytic gradient within 4 Monte Carlo standard errors")
func reparameterisationGradient() {
    // f(ω) = Σ aⱼωⱼ² + bⱼωⱼ: E_q f = Σ aⱼ(μⱼ² + σⱼ²) + bⱼμⱼ, ∂/∂μ = 2aμ + b, ∂/∂ρ = 2aσ·sigmoid(ρ).
    let a = [0.5, -1.0, 2.0], b = [1.0, 0.3, -0.7]
    let mu = [0.2, -0.4, 1.1], rho = [-1.0, 0.3, -2.0]
    let theta = Tensor(mu + rho)
    var rng = Xoshiro256(seed: 63)
    let gradients = (0..<20_000).map { _ -> [Double] in
        let epsilon = Tensor((0..<3).map { _ in rng.normal() })
        return gradient(at: theta) { v in
            let omega = v.slice(0..<3, shape: [3]) + (softplus(v.slice(3..<6, shape: [3])) + BayesByBackprop.minimumStandardDeviation) * epsilon
            return (square(omega) * Tensor(a) + omega * Tensor(b)).sum()
        }.scalars
    }
    for j in 0..<6 {
        let column = gradients.map { $0[j] }
        let se = (variance(column) / Double(column.count)).squareRoot()
        let k = j % 3
        let sigma = softplus(rho[k]) + BayesByBackprop.minimumStandardDeviation
        let analytic = j < 3 ? 2 * a[k] * mu[k] + b[k] : 2 * a[k] * sigma * sigmoid(rho[k])
        #expect(abs(mean(column) - analytic) < 4 * se + 1e-12, "component \(j): \(mean(column)) vs \(analytic) ± \(se)")
    }
}

@Test("the KL weights of both schemes sum to 1 over an epoch, and Blundell's halve from batch to batch")
func klWeightsSumToOne() {
    for m in [1, 2, 7, 40, 2000] {
        for scheme in KLWeighting.allCases {
            let total = (1...m).reduce(0.0) { $0 + scheme.weight(batch: $1, of: m) }
            #expect(abs(total - 1) < 1e-12, "\(scheme), M = \(m): \(total)")
        }
        if m > 1 { #expect(abs(KLWeighting.blundell.weight(batch: 2, of: m) / KLWeighting.blundell.weight(batch: 1, of: m) - 0.5) < 1e-15) }
    }
}

@Test("Bayes-by-Backprop training is reproducible bit for bit from a seed; σ never reaches 0; bad priors are refused")
func bayesByBackpropIsReproducible() throws {
    var rng = Xoshiro256(seed: 64)
    let data = RunningExample.sample(using: &rng)
    let bbb = try BayesByBackprop(network: MLP(sizes: [1, 16, 1]), prior: .scaleMixture(pi: 0.5, sigma1: 1, sigma2: exp(-6)), noiseVariance: 0.0025)
    func run() throws -> [Double] {
        var r = Xoshiro256(seed: 65)
        let theta0 = bbb.initialParameters(using: &r)
        return try bbb.train(from: theta0, inputs: data.x, targets: data.y, epochs: 20, batchSize: 10, weighting: .blundell, learningRate: 0.01, using: &r)
    }
    let (first, second) = (try run(), try run())
    #expect(first == second)
    // ρ far below any float: σ stays at the floor.
    let tiny = [Double](repeating: 0, count: bbb.weightCount) + [Double](repeating: -1e4, count: bbb.weightCount)
    #expect(bbb.meanAndDeviation(tiny).sigma.allSatisfy { $0 >= BayesByBackprop.minimumStandardDeviation })
    #expect(throws: SamplerError.self) { try WeightPrior.gaussian(sigma: 0).validate() }
    #expect(throws: SamplerError.self) { try WeightPrior.scaleMixture(pi: 1, sigma1: 1, sigma2: 0.1).validate() }
    #expect(throws: SamplerError.self) { try WeightPrior.scaleMixture(pi: 0.5, sigma1: -1, sigma2: 0.1).validate() }
}

/// The chapter's seed sweep (``BayesByBackpropChapter/seedSweep(_:first:finished:)``) at its standard
/// settings, seeds 1–5, run once for every test below.
actor BayesByBackpropSweep {
    static let shared = BayesByBackpropSweep()
    private var task: Task<[BayesByBackpropChapter.SeedResult], Error>?

    func results() async throws -> [BayesByBackpropChapter.SeedResult] {
        if task == nil { task = Task { try await BayesByBackpropChapter.seedSweep(.standard(seed: 1)) } }
        return try await task!.value
    }
}

/// Measured (seeds 1–5): interquartile range 0.025 ± 0.001 on the data, 0.097 ± 0.025 beyond x = 0.8,
/// ratio 3.8 ± 0.8.
@Test("on Blundell's toy the interquartile range beyond x = 0.8 is wider than on the data, the mean ratio above 1 by more than 3 standard errors over seeds 1–5")
func toyBandWidensAwayFromTheData() async throws {
    let sweep = try await BayesByBackpropSweep.shared.results()
    #expect(sweep.count == 5)
    let ratio = meanAndStandardError(sweep.map { $0.outsideIQR / $0.insideIQR })
    #expect(ratio.mean - 1 > 3 * ratio.standardError, "\(ratio)")
}

/// Measured (seeds 1–5, 1,000 draws at the end of training): KL uniform 1,899.6 ± 12.1, Blundell
/// 2,006.1 ± 10.6 nats; negative ELBO Blundell − uniform 152.5 ± 51.8 nats (largest Monte Carlo
/// standard error of one estimate 9.05 nats); data term (uniform) 232.8 ± 71.8 nats.
@Test("Blundell's KL weighting ends with a higher KL than the uniform one on every seed, and a higher negative ELBO by more than 2 standard errors of the paired differences (1,000-draw estimates, seeds 1–5)")
func blundellWeightingEndsHigher() async throws {
    let sweep = try await BayesByBackpropSweep.shared.results()
    for r in sweep { #expect(r.elbo[.blundell]!.kl > r.elbo[.uniform]!.kl, "seed \(r.seed)") }
    let d = meanAndStandardError(sweep.map { $0.elbo[.blundell]!.negativeELBO - $0.elbo[.uniform]!.negativeELBO })
    #expect(d.mean > 2 * d.standardError, "\(d)")
    #expect(sweep.flatMap { $0.elbo.values.map(\.standardError) }.max()! < 10)
}

/// Measured (seeds 1–5, total predictive sd): Bayes-by-Backprop 0.063 ± 0.001 on the data, 0.071 ± 0.002
/// at the right end; prior N(0, 10²) 0.067 ± 0.002 at the right end; 5 points 0.105 ± 0.003 on the data;
/// KL × 40 0.195 ± 0.007 on the data, 0.215 ± 0.006 at the right end; the reference 0.053 ± 0.000 and
/// 0.478 ± 0.034.
@Test("on the reference's model, over seeds 1–5: Bayes-by-Backprop is narrower than the reference at the right end on every seed and wider on the data (more than 3 standard errors); a 10× wider prior moves the right end by less than 0.01; 5 points and the KL once per data point (× 40) widen the band on the data on every seed, the latter more than twice, yet below half the reference at the right end")
func bayesByBackpropBesideTheReference() async throws {
    let sweep = try await BayesByBackpropSweep.shared.results()
    let reference = 4
    for r in sweep {
        let sd = r.standardDeviations
        #expect(sd[0].rightEnd < sd[reference].rightEnd, "seed \(r.seed)")
        #expect(sd[2].onData > sd[0].onData && sd[3].onData > 2 * sd[0].onData, "seed \(r.seed): \(sd)")
    }
    let onData = meanAndStandardError(sweep.map { $0.standardDeviations[0].onData - $0.standardDeviations[reference].onData })
    #expect(onData.mean > 3 * onData.standardError, "\(onData)")
    #expect(abs(mean(sweep.map { $0.standardDeviations[1].rightEnd - $0.standardDeviations[0].rightEnd })) < 0.01)
    #expect(mean(sweep.map { $0.standardDeviations[3].rightEnd }) < 0.5 * mean(sweep.map { $0.standardDeviations[reference].rightEnd }))
}

/// Measured (seeds 1–5, mean squared error on 1,000 fresh toy points): mean network 0.00541 ± 0.00038
/// (13.5 ± 1.0 × 0.02²), 98% pruned 0.00526 ± 0.00026, plain network 0.00478 ± 0.00016 (12.0 ± 0.4 ×),
/// best possible E_x Var[y | x] 0.00383 ± 0.00011 (9.6 ± 0.3 ×); mean ÷ plain 1.13 ± 0.08.
@Test("pruning 98% of the toy's weights leaves the error within 2 standard errors; the KL outweighs the data term on every seed; the mean network's error is within 2 standard errors of the plain network's, and the toy's own noise floor is 9–10.5 times 0.02²")
func pruningIsTheKLAtWork() async throws {
    let sweep = try await BayesByBackpropSweep.shared.results()
    let pruned = sweep.map { r in r.pruning.rows.first { abs($0.fraction - 0.98) < 1e-9 }!.squaredError }
    let change = meanAndStandardError(zip(pruned, sweep).map { $0 / $1.pruning.rows[0].squaredError - 1 })
    #expect(abs(change.mean) < 2 * change.standardError, "\(change)")
    for r in sweep { #expect(r.elbo[.uniform]!.kl > r.elbo[.uniform]!.data, "seed \(r.seed)") }
    let ratio = meanAndStandardError(sweep.map { $0.pruning.rows[0].squaredError / $0.pruning.plainSquaredError })
    #expect(abs(ratio.mean - 1) < 2 * ratio.standardError, "\(ratio)")
    let floor = BayesByBackpropChapter.toyNoiseFloor(.standard(seed: 1)) / (0.02 * 0.02)
    #expect(floor > 9 && floor < 10.5, "\(floor)")
}
