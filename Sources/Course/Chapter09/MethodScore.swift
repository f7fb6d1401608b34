import Probability

/// One method's scores on one split, in the target's original units.
public struct MethodScore: Sendable {
    public let method: BenchmarkMethod
    public let rmse: Double
    /// Mean test log-likelihood per point of the method's predictive mixture.
    public let logLikelihood: Double
    /// Coverage and mean width of the central 95% interval of the moment-matched Gaussian.
    public let picp95: Double
    public let mpiw95: Double
    public let miscalibrationArea: Double
    /// Mean CRPS of the moment-matched Gaussian (target units).
    public let crps: Double
    /// Observed fraction at each of ``RegressionBenchmark/calibrationLevels``.
    public let calibration: [Double]
    public let seconds: Double
    /// Gradient evaluations, in passes over the training rows (a mini-batch of B rows is B/N).
    public let gradientPasses: Double

    public init(method: BenchmarkMethod, rmse: Double, logLikelihood: Double, picp95: Double, mpiw95: Double, miscalibrationArea: Double,
                crps: Double, calibration: [Double], seconds: Double, gradientPasses: Double) {
        (self.method, self.rmse, self.logLikelihood, self.picp95, self.mpiw95) = (method, rmse, logLikelihood, picp95, mpiw95)
        (self.miscalibrationArea, self.crps, self.calibration, self.seconds, self.gradientPasses) = (miscalibrationArea, crps, calibration, seconds, gradientPasses)
    }
}

/// One method's scores over all splits: RMSE and log-likelihood as mean ± standard error over the
/// splits, the rest as means, the time and gradient passes summed over the splits.
public struct MethodSummary: Sendable {
    public let method: BenchmarkMethod
    public let rmse: (mean: Double, standardError: Double)
    public let logLikelihood: (mean: Double, standardError: Double)
    public let picp95: Double
    public let mpiw95: Double
    public let miscalibrationArea: Double
    public let crps: Double
    public let calibration: [Double]
    public let seconds: Double
    public let gradientPasses: Double

    /// Summarises one method's scores, one per split.
    public init(_ scores: [MethodScore]) {
        precondition(!scores.isEmpty && scores.allSatisfy { $0.method == scores[0].method }, "MethodSummary: one method's scores")
        method = scores[0].method
        rmse = meanAndStandardError(scores.map(\.rmse))
        logLikelihood = meanAndStandardError(scores.map(\.logLikelihood))
        picp95 = mean(scores.map(\.picp95))
        mpiw95 = mean(scores.map(\.mpiw95))
        miscalibrationArea = mean(scores.map(\.miscalibrationArea))
        crps = mean(scores.map(\.crps))
        calibration = RegressionBenchmark.calibrationLevels.indices.map { j in mean(scores.map { $0.calibration[j] }) }
        seconds = scores.reduce(0) { $0 + $1.seconds }
        gradientPasses = scores.reduce(0) { $0 + $1.gradientPasses }
    }

    /// The summaries of every method in `results` (one array of method scores per split, the
    /// methods in the same order in each).
    public static func of(_ results: [[MethodScore]]) -> [MethodSummary] {
        results[0].indices.map { j in MethodSummary(results.map { $0[j] }) }
    }

    /// One JSON object: {"method": …, "rmse": {"mean": …, "se": …}, "log_likelihood": {"mean": …,
    /// "se": …}, "picp95": …, "miscalibration_area": …, "seconds": …}; a number that is not finite
    /// (the standard error of one split) is null.
    public var json: String {
        let number = { (v: Double) in v.isFinite ? "\(v)" : "null" }
        let pair = { (p: (mean: Double, standardError: Double)) in "{\"mean\": \(number(p.mean)), \"se\": \(number(p.standardError))}" }
        return "{\"method\": \"\(method.rawValue)\", \"rmse\": \(pair(rmse)), \"log_likelihood\": \(pair(logLikelihood)), "
            + "\"picp95\": \(number(picp95)), \"miscalibration_area\": \(number(miscalibrationArea)), \"seconds\": \(number(seconds))}"
    }
}
