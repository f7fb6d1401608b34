import Foundation
import NumericalMethods
import Testing
import Autodiff
import Inference
import Probability
import NeuralNetworks

@Test func choleskyReconstructsAndSolves() throws {
    let a = Tensor(rows: [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]])
    let l = try a.cholesky()
    let llt = Tensor.matmul(l, l, transposeB: true)
    for (x, y) in zip(llt.scalars, a.scalars) { #expect(abs(x - y) < 1e-12) }
    let b = Tensor([1, -2, 0.5])
    let x = l.choleskySolve(b)
    let ax = Tensor.matmul(a, x.reshaped([3, 1])).scalars
    for (u, v) in zip(ax, b.scalars) { #expect(abs(u - v) < 1e-12) }
    #expect(throws: LinearAlgebraError.self) { try Tensor(rows: [[1, 2], [2, 1]]).cholesky() }
}

@Test func leastSquaresMatchesNormalEquations() throws {
    var rng = Xoshiro256(seed: 1)
    let phi = Tensor.normal([30, 4], using: &rng)
    let y = (0..<30).map { _ in rng.normal() }
    let w = leastSquares(design: phi, targets: y)
    let normal = try Tensor.matmul(phi, phi, transposeA: true).spdSolve(Tensor.matmul(phi, .column(y), transposeA: true))
    for (a, b) in zip(w, normal.scalars) { #expect(abs(a - b) < 1e-10) }
}

@Test func multivariateNormalDensityFactorisesForDiagonalCovariance() throws {
    let value = try multivariateNormalLogDensity([0.3, -1], mean: [0, 1], covariance: Tensor(rows: [[0.5, 0], [0, 2]]))
    #expect(abs(value - (normalLogDensity(0.3, mean: 0, variance: 0.5) + normalLogDensity(-1, mean: 1, variance: 2))) < 1e-12)
}

@Test func predictiveMomentsOfAMixture() {
    // Two members: N(0, 1) and N(2, 3) at one input. Mixture mean 1, E[Var] 2, Var[E] 1.
    let m = PredictiveMoments(means: [[0], [2]], variances: [[1], [3]])
    #expect(m.mean == [1] && m.aleatoric == [2] && m.epistemic == [1] && m.total == [3])
}

@Test func posteriorSamplesHaveThePosteriorMoments() throws {
    // Sample mean within 4 standard errors (SE = sd/√n) of m_N, per coordinate.
    var rng = Xoshiro256(seed: 2)
    let phi = PolynomialFeatures(degree: 2).designMatrix(linspace(-1, 1, count: 15))
    let y = linspace(-1, 1, count: 15).map { 0.5 * $0 * $0 - 0.2 + 0.1 * rng.normal() }
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 1, noisePrecision: 100)
    let n = 20_000
    let draws = try blr.samplePosterior(count: n, using: &rng)
    for j in 0..<3 {
        let xs = draws.map { $0[j] }
        let sd = blr.posteriorCovariance[j, j].squareRoot()
        #expect(abs(mean(xs) - blr.posteriorMean[j]) < 4 * sd / Double(n).squareRoot())
    }
}

func linspace(_ a: Double, _ b: Double, count: Int) -> [Double] {
    (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) }
}

@Test func handWrittenGradientsMatchAutodiff() {
    var rng = Xoshiro256(seed: 40)
    let phi = Tensor.normal([30, 4], using: &rng)
    let y = (0..<30).map { _ in rng.normal() }
    let byHand = linearRegressionLogPosteriorGradient(design: phi, targets: y, priorPrecision: 2, noisePrecision: 3)
    let byAutodiff = differentiable { w in
        square(Tensor.column(y) - matmul(phi, w.reshaped([4, 1]))).sum() * -1.5 - square(w).sum()
    }
    let w = (0..<4).map { _ in rng.normal() }
    let (a, b) = (byHand(w), byAutodiff(w))
    #expect(abs(a.value - b.value) < 1e-10)
    #expect(zip(a.gradient, b.gradient).allSatisfy { abs($0 - $1) < 1e-10 })
    #expect(abs(a.value - linearRegressionLogPosterior(design: phi, targets: y, priorPrecision: 2, noisePrecision: 3)(w)) < 1e-10)
    // The mixture's per-point gradient against central differences.
    let mixture = MixturePosterior(data: [0.3, -1.2, 2.0])
    let theta = [0.4, -0.7]
    let g = mixture.gradientLogPosterior(theta)
    for j in 0..<2 {
        var (up, down) = (theta, theta)
        up[j] += 1e-6; down[j] -= 1e-6
        #expect(abs(g[j] - (mixture.logPosterior(up) - mixture.logPosterior(down)) / 2e-6) < 1e-6)
    }
}

/// The Bayesian MLP's three forms agree: the tape-free value, the autodiff value and gradient
/// (against central differences of the tape-free value), and the mini-batch estimate, whose
/// mean over many draws approaches the full gradient (within 4 standard errors per coordinate).
@Test func bayesianMLPFormsAgree() {
    var rng = Xoshiro256(seed: 41)
    let net = MLP(sizes: [1, 4, 1])
    let xs = (0..<12).map { _ in rng.uniform(-1, 1) }
    let posterior = BayesianMLP(network: net, inputs: xs, targets: xs.map { Foundation.sin(3 * $0) }, noiseVariance: 0.1, priorVariance: 2)
    let w = (0..<net.parameterCount).map { _ in rng.normal() }
    let (value, g) = posterior.logDensityGradient(w)
    #expect(abs(value - posterior.logDensity(w)) < 1e-10)
    for j in 0..<w.count {
        var (up, down) = (w, w)
        up[j] += 1e-6; down[j] -= 1e-6
        let numeric = (posterior.logDensity(up) - posterior.logDensity(down)) / 2e-6
        #expect(abs(g[j] - numeric) < 1e-5 * max(1, abs(numeric)))
    }
    let draws = (0..<4000).map { _ in posterior.stochasticGradient(w, batchSize: 3, using: &rng) }
    for j in 0..<w.count {
        let column = draws.map { $0[j] }
        #expect(abs(mean(column) - g[j]) < 4 * (variance(column) / Double(draws.count)).squareRoot() + 1e-12)
    }
}

/// The shaped random walk x′ = x + s L z has step covariance s² L Lᵀ: each entry within 4
/// standard errors (SE of a sample covariance of n Gaussian pairs: √((σᵢᵢσⱼⱼ + σᵢⱼ²)/n)).
@Test func correlatedProposalHasTheStatedCovariance() throws {
    let (s, rho) = (0.7, 0.9)
    let l = [1, 0, rho, (1 - rho * rho).squareRoot()]
    var rng = Xoshiro256(seed: 42)
    let steps = try MetropolisHastings(proposal: .correlatedRandomWalk(scale: s, cholesky: l))
        .history({ _ in 0 }, from: [0, 0], steps: 40_000, using: &rng)
        .map { zip($0.proposal, $0.from).map(-) }
    let n = Double(steps.count)
    let expected = [[s * s, s * s * rho], [s * s * rho, s * s]]
    for i in 0..<2 {
        for j in 0..<2 {
            let c = steps.reduce(0) { $0 + $1[i] * $1[j] } / n
            let se = ((expected[i][i] * expected[j][j] + expected[i][j] * expected[i][j]) / n).squareRoot()
            #expect(abs(c - expected[i][j]) < 4 * se, "entry (\(i), \(j)): \(c) vs \(expected[i][j])")
        }
    }
}
