import Inference
import NumericalMethods
import Probability

/// Lecture 10's experiments: recalibration (variance scaling, isotonic) and conformal prediction
/// (split, normalised, CQR, jackknife+, adaptive) on top of the course's methods, as functions of
/// one ``Settings`` value.
///
/// Streams of the seed: Boston split k's calibration rows 2000 + k (the methods then draw from the
/// comparison's streams 1000 k + 1 + j), the Monte Carlo re-splits 3000 + k; the toy's data 500,
/// its Gaussian-head network 501, its quantile network 502, the shifted sequence 503; the small
/// data sets 600, the floor of the miscalibration area 700.
public enum CalibrationChapter {
    /// A Gaussian predictive's mean and sd at some points, and the targets there.
    public struct Predictions: Sendable {
        public let mean: [Double]
        public let sd: [Double]
        public let targets: [Double]

        public init(mean: [Double], sd: [Double], targets: [Double]) {
            (self.mean, self.sd, self.targets) = (mean, sd, targets)
        }

        /// The points at `rows`.
        public func rows(_ r: [Int]) -> Predictions {
            Predictions(mean: r.map { mean[$0] }, sd: r.map { sd[$0] }, targets: r.map { targets[$0] })
        }

        /// These points followed by `other`'s.
        public func appending(_ other: Predictions) -> Predictions {
            Predictions(mean: mean + other.mean, sd: sd + other.sd, targets: targets + other.targets)
        }

        public var count: Int { targets.count }
    }

    /// Coverage of the conformal intervals of `score` at miscoverage α, calibrated on `calibration`
    /// and scored on `test`.
    public static func conformalScore(_ score: SplitConformal.Score, alpha: Double, calibration: Predictions, test: Predictions) -> IntervalScore {
        let c = SplitConformal(score: score, miscoverage: alpha, mean: calibration.mean, standardDeviation: calibration.sd, targets: calibration.targets)
        let (lower, upper) = c.intervals(mean: test.mean, standardDeviation: test.sd)
        return IntervalScore(lower: lower, upper: upper, targets: test.targets)
    }

    /// The Monte Carlo check of split conformal's guarantee on a pool of points: `resplits` random
    /// permutations of the pool, the first `calibrationCount` points calibrating, the rest tested;
    /// the coverage of each re-split. Conditional on the pool, the calibration and test points of
    /// a uniformly random permutation are exchangeable, so the mean coverage is in
    /// [1 − α, 1 − α + 1/(n + 1)].
    public static func resplitCoverages(_ score: SplitConformal.Score, alpha: Double, pool: Predictions, calibrationCount n: Int,
                                        resplits: Int, using rng: inout Xoshiro256) -> [Double] {
        (0..<resplits).map { _ in
            let order = rng.permutation(pool.count)
            return conformalScore(score, alpha: alpha, calibration: pool.rows(Array(order.prefix(n))), test: pool.rows(Array(order.dropFirst(n)))).coverage
        }
    }
}
