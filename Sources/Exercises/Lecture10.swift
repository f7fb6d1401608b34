import Foundation
import Inference
import NumericalMethods
import Probability

// Lecture 10 exercises (calibration and conformal prediction). Reference solutions between the markers.

/// Exercise 10.1 — the conformal quantile.
///
/// Return the ⌈(n + 1)(1 − α)⌉-th smallest of the n calibration scores, or +∞ when that rank is
/// larger than n.
public func exercise10_1_conformalQuantile(_ scores: [Double], miscoverage alpha: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 10.1 (the conformal quantile)
    let k = Int((Double(scores.count + 1) * (1 - alpha)).rounded(.up))
    return k > scores.count ? .infinity : scores.sorted()[k - 1]
    // END SOLUTION
}

/// Exercise 10.2 — variance scaling.
///
/// Return the factor s > 0 that maximises Σᵢ log N(yᵢ; μᵢ, s²σᵢ²) over validation points: set
/// the derivative in s to zero.
public func exercise10_2_varianceScalingFactor(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 10.2 (variance scaling)
    let s2 = y.indices.reduce(0.0) { $0 + Elementary.pow((y[$1] - mean[$1]) / sd[$1], 2) } / Double(y.count)
    return s2.squareRoot()
    // END SOLUTION
}

/// Exercise 10.3 — the normalised conformity score's interval.
///
/// Calibrate split conformal with the normalised score |y − μ|/σ on (calMean, calSD, calY) at
/// miscoverage α and return the intervals μ ± q̂σ at the new points (testMean, testSD).
public func exercise10_3_normalisedIntervals(calMean: [Double], calSD: [Double], calY: [Double], testMean: [Double], testSD: [Double],
                                            miscoverage alpha: Double) throws -> (lower: [Double], upper: [Double]) {
    // BEGIN SOLUTION: Exercise 10.3 (normalised split conformal)
    let scores = calY.indices.map { abs(calY[$0] - calMean[$0]) / calSD[$0] }
    let q = conformalQuantile(scores, miscoverage: alpha)
    return (zip(testMean, testSD).map { $0 - q * $1 }, zip(testMean, testSD).map { $0 + q * $1 })
    // END SOLUTION
}

/// Exercise 10.4 — an experiment: how many calibration points?
///
/// Split conformal's coverage, given its calibration set, is a random number: with absolute scores
/// |y − μ| of a predictor whose errors are N(0, 1), the coverage of the interval μ ± q̂ is exactly
/// 2Φ(q̂) − 1. For each n in `calibrationSizes`, draw `repeats` calibration sets of n errors from
/// N(0, 1) (`Xoshiro256(seed: seed, stream: n)`, `normal()` in order), compute q̂ at miscoverage α,
/// and return the mean and the standard deviation of 2Φ(q̂) − 1 over the sets, in the order of
/// the sizes.
///
/// Before you run it, predict: does the mean coverage approach 1 − α from above or from below as
/// n grows, and how fast does the spread shrink? (The rank of a new score among n + 1 is uniform;
/// the coverage given the calibration set is Beta(k, n + 1 − k) with k = ⌈(n + 1)(1 − α)⌉.)
/// Then explain what a practitioner with 20 calibration points can promise about one deployment.
public func exercise10_4_calibrationSize(calibrationSizes: [Int], alpha: Double, repeats: Int, seed: UInt64) throws -> [(mean: Double, sd: Double)] {
    // BEGIN SOLUTION: Exercise 10.4 (how many calibration points?)
    return calibrationSizes.map { n in
        var rng = Xoshiro256(seed: seed, stream: n)
        let coverages = (0..<repeats).map { _ -> Double in
            let q = conformalQuantile((0..<n).map { _ in abs(rng.normal()) }, miscoverage: alpha)
            return q.isInfinite ? 1 : 2 * standardNormalCDF(q) - 1
        }
        return (mean(coverages), variance(coverages).squareRoot())
    }
    // END SOLUTION
}
