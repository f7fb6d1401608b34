import Foundation
import Testing
import Autodiff
import Exercises
import Course
import Inference
import NeuralNetworks
import Probability

@Test("Exercise 6.1: the Gaussian KL equals the library's closed form, and is 0 when q is the prior")
func exercise6_1() throws {
    #expect(abs(try exercise6_1_gaussianKL(mu: [0, 0], sigma: [0.7, 0.7], priorSigma: 0.7)) < 1e-15)
    let bbb = try BayesByBackprop(network: MLP(sizes: [1, 3, 1]), prior: .gaussian(sigma: 0.7), noiseVariance: 1)
    var rng = Xoshiro256(seed: 66)
    let theta = Tensor((0..<(2 * bbb.weightCount)).map { _ in rng.normal() })
    let library = evaluate(at: theta) { bbb.negativeELBOTerms($0, x: .column([0]), y: .column([0]), dataCount: 1, epsilon: .zeros([bbb.weightCount]), closedFormKL: true).kl }.scalars[0]
    let (mu, sigma) = bbb.meanAndDeviation(theta.scalars)
    #expect(abs(try exercise6_1_gaussianKL(mu: mu, sigma: sigma, priorSigma: 0.7) - library) < 1e-10)
}

@Test("Exercise 6.2: Blundell's weights equal the library's, sum to 1, and stay finite for M = 5000")
func exercise6_2() throws {
    for m in [1, 3, 10, 5000] {
        let w = try exercise6_2_blundellWeights(batches: m)
        #expect(w.count == m && w.allSatisfy(\.isFinite))
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
        for i in 1...min(m, 20) { #expect(abs(w[i - 1] - KLWeighting.blundell.weight(batch: i, of: m)) < 1e-15) }
    }
}

@Test("Exercise 6.3: the reparameterised draw and ∂ω/∂ρ match the autodiff core")
func exercise6_3() throws {
    let (mu, rho, eps) = ([0.3, -1.0, 2.0], [-2.0, 0.5, 30.0], [1.2, -0.4, 0.9])
    let (draw, derivative) = try exercise6_3_reparameterisedDraw(mu: mu, rho: rho, epsilon: eps)
    for j in 0..<3 {
        #expect(abs(draw[j] - (mu[j] + softplus(rho[j]) * eps[j])) < 1e-12)
        let g = gradient(at: Tensor(rho)) { v in (softplus(v) * Tensor(eps)).slice(j..<(j + 1), shape: [1]).sum() }
        #expect(abs(derivative[j] - g.scalars[j]) < 1e-12)
    }
}

/// Measured on seed 1: 0.0505 on the data, 0.0514 at the right end (the noise sd is 0.05).
@Test("Exercise 6.4: the measured sds are the chapter's for the KL weighted by 1/40, and the band shrinks to within 0.002 of the noise sd on the data and 0.01 at the right end")
func exercise6_4() throws {
    let measured = try exercise6_4_lightKL(seed: 1)
    let s = BayesByBackpropChapter.Settings.standard(seed: 1)
        .with(\.runningSettings, [BayesByBackpropChapter.RunningSetting(priorStandardDeviation: 1, rows: Array(0..<40), klScale: 1.0 / 40)])
    let grid = ReferencePosterior.grid(s.reference)
    let sd = ReferencePosterior.standardDeviations(try BayesByBackpropChapter.runningExample(s, data: ReferencePosterior.data(seed: 1))[0], on: grid)
    #expect(measured.onData == sd.onData && measured.rightEnd == sd.rightEnd)
    // The chapter's ELBO (KL weight 1) gives 0.068 on the data on seed 1.
    #expect(measured.onData < 0.052 && measured.rightEnd < 0.06, "\(measured)")
}
