import Datasets
import Foundation
import Testing
import Autodiff
import Inference
import NeuralNetworks
import Probability

/// The standard error of a sample variance, √((m₄ − s⁴)/n), with m₄ the fourth central moment.
func standardErrorOfVariance(_ x: [Double]) -> Double {
    let m = mean(x), n = Double(x.count)
    let m2 = x.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / n, m4 = x.reduce(0.0) { $0 + pow($1 - m, 4) } / n
    return ((m4 - m2 * m2) / n).squareRoot()
}

@Test("inverted and Gaussian dropout noise has mean 1 and variance p/(1 − p) within 4 standard errors, and a network in .off mode is the plain network exactly")
func dropoutIsUnbiased() throws {
    var rng = Xoshiro256(seed: 70)
    for noise in [DropoutNoise.bernoulli, .gaussian] {
        for p in [0.1, 0.5, 0.9] {
            let draws = noise.draw(count: 200_000, rate: p, using: &rng)
            let se = (variance(draws) / Double(draws.count)).squareRoot()
            #expect(abs(mean(draws) - 1) < 4 * se, "\(noise), p = \(p)")
            // Both have variance p/(1 − p); the sample variance's standard error from the fourth moment.
            #expect(abs(variance(draws) - p / (1 - p)) < 4 * standardErrorOfVariance(draws), "\(noise), p = \(p): variance")
        }
    }
    let net = MLP(sizes: [1, 20, 20, 1], activation: .tanh)
    let θ = net.initialParameters(using: &rng)
    let dropout = try DropoutNetwork(network: net, rate: 0.3)
    let x = Tensor.column(linspace(-1, 1, count: 17))
    let off = evaluate(at: θ) { dropout(x, parameters: $0, mode: .off, using: &rng) }
    #expect(off.scalars == net.predict(x, parameters: θ).scalars)
}

@Test("the local reparameterisation gives the same output mean and variance as sampled weights (4 standard errors) and a lower gradient variance")
func localReparameterisationTrick() {
    var rng = Xoshiro256(seed: 71)
    let (n, d, m) = (16, 5, 3)
    let x = Tensor.normal([n, d], using: &rng)
    let parameters = Tensor((0..<(d * m)).map { _ in rng.normal() } + (0..<(d * m)).map { _ in -1 + 0.5 * rng.normal() } + [0.1, -0.2, 0.3])
    /// The layer's outputs and the gradient of Σ outputs² with respect to all parameters.
    func run(local: Bool, _ rng: inout Xoshiro256) -> (out: [Double], grad: [Double]) {
        let epsilon = local ? Tensor.normal([n, m], using: &rng) : Tensor.normal([d, m], using: &rng)
        var out = [Double]()
        let g = gradient(at: parameters) { v in
            let theta = v.slice(0..<(d * m), shape: [d, m]), logAlpha = v.slice((d * m)..<(2 * d * m), shape: [d, m])
            let bias = v.slice((2 * d * m)..<(2 * d * m + m), shape: [m])
            let y = local ? localReparameterisation(v.constant(x), weights: theta, logAlpha: logAlpha, bias: bias, noise: epsilon)
                          : sampledWeightsLayer(v.constant(x), weights: theta, logAlpha: logAlpha, bias: bias, noise: epsilon)
            out = y.value.scalars
            return square(y).sum()
        }
        return (out, g.scalars)
    }
    let draws = 20_000
    let local = (0..<draws).map { _ in run(local: true, &rng) }, sampled = (0..<draws).map { _ in run(local: false, &rng) }
    for k in [0, 7, 20, n * m - 1] {
        let (a, b) = (local.map { $0.out[k] }, sampled.map { $0.out[k] })
        let seMean = ((variance(a) + variance(b)) / Double(draws)).squareRoot()
        #expect(abs(mean(a) - mean(b)) < 4 * seMean, "output \(k): means")
        let seVariance = (pow(standardErrorOfVariance(a), 2) + pow(standardErrorOfVariance(b), 2)).squareRoot()
        #expect(abs(variance(a) - variance(b)) < 4 * seVariance, "output \(k): variances")
    }
    let gradientVariance = { (runs: [(out: [Double], grad: [Double])]) in
        (0..<parameters.count).map { j in variance(runs.map { $0.grad[j] }) }.reduce(0, +)
    }
    #expect(gradientVariance(local) < gradientVariance(sampled), "LRT \(gradientVariance(local)) vs sampled weights \(gradientVariance(sampled))")
}

/// Measured (400,000 draws per point, ln α = −4, −3.5, …, 4): Molchanov's curve within 0.0084 of
/// the Monte Carlo −KL; Kingma's polynomial (with the constant −k₁) within 0.042 for ln α ≤ 0, off by
/// 0.35 at ln α = 0.5, 3.9 at ln α = 1 and growing like α³ beyond.
@Test("Molchanov's −KL approximation stays within 0.01 of the Monte Carlo value on ln α ∈ [−4, 4]; Kingma's polynomial, within 0.05 up to α = 1, drifts beyond 0.3 past it")
func variationalDropoutKLApproximations() {
    var rng = Xoshiro256(seed: 72)
    var worstMolchanov = 0.0
    for logAlpha in stride(from: -4.0, through: 4.0, by: 0.5) {
        let mc = VariationalDropoutKL.monteCarlo(logAlpha: logAlpha, draws: 200_000, using: &rng)
        let error = abs(VariationalDropoutKL.molchanov(logAlpha: logAlpha) - mc.value)
        worstMolchanov = max(worstMolchanov, error - 4 * mc.standardError)
        let kingmaError = abs(VariationalDropoutKL.kingma(logAlpha: logAlpha) - mc.value)
        if logAlpha > 0 { #expect(kingmaError > 0.3, "Kingma at ln α = \(logAlpha): \(kingmaError)") }
        if logAlpha <= 0 { #expect(kingmaError < 0.05 + 4 * mc.standardError, "Kingma at ln α = \(logAlpha): \(kingmaError)") }
    }
    #expect(worstMolchanov < 0.01, "Molchanov: worst error beyond 4 SE \(worstMolchanov)")
    // The tape version is the sum of the scalar one.
    let logAlphas = [-3.0, 0.2, 2.5]
    let onTape = evaluate(at: Tensor(logAlphas)) { VariationalDropoutKL.molchanov($0) }.scalars[0]
    #expect(abs(onTape - logAlphas.map(VariationalDropoutKL.molchanov(logAlpha:)).reduce(0, +)) < 1e-12)
}

@Test("Gal & Ghahramani's weight decay λ = l²(1 − p)/(2Nτ) on a worked example, and bad settings refused")
func weightDecayFromLengthScale() throws {
    // l = 2, dropout rate 0.1 (keep 0.9), N = 100, τ = 4: λ = 4 · 0.9 / 800 = 0.0045.
    #expect(abs(try DropoutNetwork.weightDecay(lengthScale: 2, rate: 0.1, dataCount: 100, noisePrecision: 4) - 0.0045) < 1e-15)
    #expect(throws: SamplerError.self) { try DropoutNetwork.weightDecay(lengthScale: 0, rate: 0.1, dataCount: 100, noisePrecision: 4) }
    #expect(throws: SamplerError.self) { try DropoutNetwork.weightDecay(lengthScale: 1, rate: 0.1, dataCount: 100, noisePrecision: -1) }
    #expect(throws: SamplerError.self) { try DropoutNetwork(network: MLP(sizes: [1, 2, 1]), rate: 1) }
    #expect(throws: SamplerError.self) { try DropoutNetwork(network: MLP(sizes: [1, 2, 1]), rate: -0.1) }
}

@Test("the MC-dropout predictive variance is at least τ⁻¹ everywhere, and training with masks is reproducible from a seed")
func monteCarloDropoutVariance() throws {
    var rng = Xoshiro256(seed: 73)
    let data = RunningExample.sample(using: &rng)
    let model = try DropoutNetwork(network: MLP(sizes: [1, 50, 50, 1], activation: .relu), rate: 0.1)
    let tau = 1 / (0.05 * 0.05)
    let lambda = try DropoutNetwork.weightDecay(lengthScale: 1, rate: 0.1, dataCount: data.count, noisePrecision: tau)
    func fit() throws -> [Double] {
        var r = Xoshiro256(seed: 74)
        return try model.train(from: model.network.initialParameters(using: &r).scalars, inputs: data.x, targets: data.y, steps: 300,
                               learningRate: 0.01, weightDecay: lambda, batchSize: 10, using: &r)
    }
    let θ = try fit()
    #expect(θ == (try fit()))
    let m = try model.monteCarloPredictive(θ, at: RunningExample.testGrid(count: 61), passes: 50, noisePrecision: tau, using: &rng)
    #expect(m.total.allSatisfy { $0 >= 1 / tau })
    #expect(m.epistemic.contains { $0 > 0 })
    #expect(throws: SamplerError.self) { try model.monteCarloPredictive(θ, at: [0], passes: 0, noisePrecision: tau, using: &rng) }
}

@Test("per-unit variational dropout is per-weight variational dropout with the unit's ln α repeated: the same outputs to 1e-12 and the same ln α for every weight")
func perUnitVariationalDropout() throws {
    var rng = Xoshiro256(seed: 75)
    let net = MLP(sizes: [1, 6, 4, 1], activation: .relu)
    let perUnit = try VariationalDropoutNetwork(network: net, noiseVariance: 0.01, perUnit: true)
    let perWeight = try VariationalDropoutNetwork(network: net, noiseVariance: 0.01)
    let θu = Tensor((0..<perUnit.parameterCount).map { _ in rng.normal() })
    // Expand: every unit's ln α copied to each weight into it.
    var expanded = [Double]()
    for l in 0..<net.layerCount {
        let (w, a, b) = perUnit.layout(l)
        let alphas = Array(θu.scalars[a])
        expanded += Array(θu.scalars[w]) + (0..<net.sizes[l]).flatMap { _ in alphas } + Array(θu.scalars[b])
    }
    #expect(expanded.count == perWeight.parameterCount)
    let x = Tensor.column([0.3, -0.7, 1.1])
    var (r1, r2) = (Xoshiro256(seed: 76), Xoshiro256(seed: 76))
    let a = evaluate(at: θu) { perUnit(x, parameters: $0, using: &r1) }.scalars
    let b = evaluate(at: Tensor(expanded)) { perWeight(x, parameters: $0, using: &r2) }.scalars
    #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(perUnit.logAlphaValues(θu.scalars) == perWeight.logAlphaValues(expanded))
}

@Test("with dropsInputs, a pass of 1→1 (no hidden layer) sees x = 0 a fraction p of the time (4 SE) and x/(1 − p) otherwise; without it, the input is never touched")
func inputDropout() throws {
    let network = MLP(sizes: [1, 1])
    let θ = [2.0, 0.5]  // y = 2x + 0.5
    let p = 0.2
    var rng = Xoshiro256(seed: 91)
    let dropping = try DropoutNetwork(network: network, rate: p, dropsInputs: true)
    let outputs = dropping.passes(θ, at: Tensor.column([1]), count: 20_000, using: &rng).map { $0[0] }
    #expect(outputs.allSatisfy { abs($0 - 0.5) < 1e-12 || abs($0 - (2 / (1 - p) + 0.5)) < 1e-12 })
    let dropped = Double(outputs.filter { abs($0 - 0.5) < 1e-12 }.count) / Double(outputs.count)
    #expect(abs(dropped - p) < 4 * (p * (1 - p) / Double(outputs.count)).squareRoot(), "dropped \(dropped)")
    let plain = try DropoutNetwork(network: network, rate: p)
    #expect(plain.passes(θ, at: Tensor.column([1]), count: 100, using: &rng).allSatisfy { abs($0[0] - 2.5) < 1e-12 })
}
