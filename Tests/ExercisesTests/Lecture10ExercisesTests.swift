import Foundation
import Testing
import Exercises
import Inference
import NumericalMethods
import Probability

@Test("Exercise 10.1: the conformal quantile agrees with the library's, +∞ included")
func exercise10_1() throws {
    var rng = Xoshiro256(seed: 101)
    for n in [5, 9, 19, 20, 100] {
        let scores = (0..<n).map { _ in rng.uniform() }
        for alpha in [0.05, 0.1, 0.2, 0.5] {
            #expect(try exercise10_1_conformalQuantile(scores, miscoverage: alpha) == conformalQuantile(scores, miscoverage: alpha))
        }
    }
    #expect(try exercise10_1_conformalQuantile([3, 1, 2], miscoverage: 0.5) == 2)
}

@Test("Exercise 10.2: the variance-scaling factor maximises the log-likelihood and equals the library's")
func exercise10_2() throws {
    let mean = [0.0, 1, 2, 3], sd = [1.0, 2, 0.5, 1], y = [1.0, -1, 2.5, 5]
    let s = try exercise10_2_varianceScalingFactor(mean: mean, standardDeviation: sd, targets: y)
    #expect(abs(s - VarianceScaling(mean: mean, standardDeviation: sd, targets: y).factor) < 1e-12)
    let ll = { (f: Double) in gaussianLogLikelihood(mean: mean, standardDeviation: sd.map { f * $0 }, targets: y) }
    #expect(ll(s) > ll(1.001 * s) && ll(s) > ll(0.999 * s))
}

@Test("Exercise 10.3: the normalised intervals equal the library's split conformal")
func exercise10_3() throws {
    var rng = Xoshiro256(seed: 103)
    let draw = { (n: Int, rng: inout Xoshiro256) in ((0..<n).map { _ in rng.normal() }, (0..<n).map { _ in 0.5 + rng.uniform() }) }
    let (cm, cs) = draw(50, &rng), (tm, ts) = draw(10, &rng)
    let cy = zip(cm, cs).map { $0 + 1.3 * $1 * rng.normal() }
    let mine = try exercise10_3_normalisedIntervals(calMean: cm, calSD: cs, calY: cy, testMean: tm, testSD: ts, miscoverage: 0.1)
    let library = SplitConformal(score: .normalised, miscoverage: 0.1, mean: cm, standardDeviation: cs, targets: cy).intervals(mean: tm, standardDeviation: ts)
    #expect(zip(mine.lower, library.lower).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(zip(mine.upper, library.upper).allSatisfy { abs($0 - $1) < 1e-12 })
}

/// Measured with the reference solution (seed 10, α = 0.1, 4000 sets): mean coverage 0.910, 0.904,
/// 0.902, 0.900 and SD 0.084, 0.064, 0.042, 0.021 for n = 10, 20, 50, 200.
/// Graded on the measured numbers against the exact law: given the calibration set the coverage is
/// Beta(k, n + 1 − k), k = ⌈(n + 1)(1 − α)⌉, with mean k/(n + 1) and sd √(k(n + 1 − k)/((n + 1)²(n + 2))).
/// The mean within 4 Monte Carlo SEs (sd/√4000) of k/(n + 1); the SD within 10% of the Beta sd
/// (the relative SE of a sample SD over 4000 draws is about 1/√8000 ≈ 1.1%, more for a skewed
/// Beta: 10% is several SEs); the mean from above: ≥ 1 − α − 4 SE at every n.
@Test("Exercise 10.4: the coverage given the calibration set follows Beta(k, n + 1 − k): its mean and spread at n = 10, 20, 50, 200")
func exercise10_4() throws {
    let sizes = [10, 20, 50, 200], alpha = 0.1, repeats = 4000
    let measured = try exercise10_4_calibrationSize(calibrationSizes: sizes, alpha: alpha, repeats: repeats, seed: 10)
    for (n, m) in zip(sizes, measured) {
        let k = (Double(n + 1) * (1 - alpha)).rounded(.up)
        let np1 = Double(n + 1)
        let betaMean = k / np1, betaSD = (k * (np1 - k) / (np1 * np1 * (np1 + 1))).squareRoot()
        let se = m.sd / Double(repeats).squareRoot()
        #expect(abs(m.mean - betaMean) < 4 * se, "n = \(n): mean \(m.mean), Beta mean \(betaMean)")
        #expect(abs(m.sd / betaSD - 1) < 0.1, "n = \(n): sd \(m.sd), Beta sd \(betaSD)")
        #expect(m.mean >= 1 - alpha - 4 * se)
    }
    #expect(measured[0].sd > 3 * measured[3].sd)
}
