import Foundation
import NumericalMethods
import Testing
import Inference
import Probability

@Test("RMSE, Gaussian and mixture log-likelihoods against hand-computed values")
func pointAndDensityScores() {
    #expect(abs(rootMeanSquaredError([1, 2, 3], [1, 4, 1]) - (8.0 / 3).squareRoot()) < 1e-15)
    // ln N(1 | 0, 2²) = −½ ln 2π − ln 2 − 1/8.
    let expected = -0.5 * log(2 * Double.pi) - log(2.0) - 0.125
    #expect(abs(gaussianLogLikelihood(mean: [0], standardDeviation: [2], targets: [1]) - expected) < 1e-15)
    // A mixture of one sample is the Gaussian; of two equal samples too.
    #expect(abs(mixtureLogLikelihood(samples: [[0]], noiseVariance: 4, targets: [1]) - expected) < 1e-15)
    #expect(abs(mixtureLogLikelihood(samples: [[0], [0]], noiseVariance: 4, targets: [1]) - expected) < 1e-15)
    // ½N(0 | −1, 1) + ½N(0 | 1, 1) = N(0 | 1, 1).
    #expect(abs(mixtureLogLikelihood(samples: [[-1], [1]], noiseVariance: 1, targets: [0]) - (-0.5 * log(2 * Double.pi) - 0.5)) < 1e-15)
    // Far in the tail the log-sum-exp stays finite.
    #expect(mixtureLogLikelihood(samples: [[0], [1]], noiseVariance: 1e-6, targets: [50]).isFinite)
}

@Test("a Gaussian predictive scored on its own draws: coverage q at level q within 4 standard errors, miscalibration area below the DKW bound 0.0052")
func calibratedPredictiveIsCalibrated() {
    var rng = Xoshiro256(seed: 90)
    let n = 100_000
    let mean = (0..<n).map { _ in rng.normal() }, sd = (0..<n).map { _ in 0.5 + rng.uniform() }
    let y = (0..<n).map { mean[$0] + sd[$0] * rng.normal() }
    for q in [0.5, 0.9, 0.95] {
        let (coverage, width) = predictionIntervals(mean: mean, standardDeviation: sd, targets: y, level: q)
        #expect(abs(coverage - q) < 4 * (q * (1 - q) / Double(n)).squareRoot(), "level \(q): \(coverage)")
        #expect(abs(width - 2 * standardNormalQuantile(0.5 + q / 2) * sd.reduce(0, +) / Double(n)) < 1e-12)
    }
    // The area is at most the largest deviation of the empirical CDF of the 100,000 PIT values from
    // the uniform one, which the DKW inequality keeps below √(ln 200 / 200,000) = 0.0052 with 99% probability.
    #expect(miscalibrationArea(mean: mean, standardDeviation: sd, targets: y) < 0.0052)
    // An overconfident predictive (sd halved) is visibly miscalibrated.
    #expect(miscalibrationArea(mean: mean, standardDeviation: sd.map { $0 / 2 }, targets: y) > 0.1)
}

@Test("the Gaussian CRPS: its closed form by hand at z = 0, and against the sample CRPS of 200,000 draws within 4 standard errors")
func crpsClosedFormAndSamples() {
    // CRPS(N(0, 1), 0) = 2φ(0) − 1/√π.
    #expect(abs(gaussianCRPS(mean: [0], standardDeviation: [1], targets: [0]) - (2 / (2 * Double.pi).squareRoot() - 1 / Double.pi.squareRoot())) < 1e-15)
    var rng = Xoshiro256(seed: 91)
    for (mu, sigma, y) in [(0.0, 1.0, 0.3), (2.0, 0.5, 1.0), (-1.0, 3.0, 4.0)] {
        // The sample CRPS of independent batches, for a standard error.
        let estimates = (0..<20).map { _ in sampleCRPS((0..<10_000).map { _ in mu + sigma * rng.normal() }, target: y) }
        let se = (variance(estimates) / Double(estimates.count)).squareRoot()
        let exact = gaussianCRPS(mean: [mu], standardDeviation: [sigma], targets: [y])
        // The sample version is biased low by E|X − X′|/(2S) ≈ σ/(√π S); negligible at S = 10,000.
        #expect(abs(mean(estimates) - exact) < 4 * se + sigma / (Double.pi.squareRoot() * 10_000), "\(mu), \(sigma), \(y)")
    }
}

@Test("the 1-Wasserstein distance: 0 between a sample and itself, the shift between two shifted samples, and ≈ 1 between N(0, 1) and N(1, 1)")
func wassersteinDistance() {
    var rng = Xoshiro256(seed: 92)
    let a = (0..<50_000).map { _ in rng.normal() }
    #expect(wasserstein1(a, a) == 0)
    #expect(abs(wasserstein1(a, a.map { $0 + 0.7 }) - 0.7) < 1e-12)
    // N(0, 1) against N(1, 1): 20 independent pairs of samples of 10,000; every quantile difference
    // is near 1, so |·| does not bias the estimate, and its mean is within 4 standard errors of 1.
    let estimates = (0..<20).map { _ in wasserstein1((0..<10_000).map { _ in rng.normal() }, (0..<10_000).map { _ in 1 + rng.normal() }) }
    #expect(abs(mean(estimates) - 1) < 4 * (variance(estimates) / 20).squareRoot(), "\(estimates)")
}
