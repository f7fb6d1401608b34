import Autodiff
import NumericalMethods
import Inference
import Probability

extension CalibrationChapter {
    /// One method on one Boston split: its moment-matched Gaussian predictive (target units) at
    /// the split's calibration rows and test rows.
    public struct BostonFit: Sendable {
        public let method: BenchmarkMethod
        public let calibration: Predictions
        public let test: Predictions
    }

    /// One split of the comparison's Boston protocol with a calibration set: the split's training
    /// rows (its first ⌊0.9 n⌋) are shuffled (stream 2000 + k) and their last
    /// ``Settings/calibrationFraction`` set aside; standardisation, the noise variance and every
    /// method are fitted on the rest exactly as in ``RegressionBenchmark/run(x:y:inputs:split:splitIndex:methods:settings:seed:)``
    /// (the same streams), then predict at the calibration and the test rows.
    public static func bostonSplit(_ s: Settings, x: [Double], y: [Double], inputs d: Int, split: [Int], splitIndex k: Int,
                                   methods: [BenchmarkMethod] = BenchmarkMethod.allCases) throws -> [BostonFit] {
        let trainCount = y.count * 9 / 10
        var shuffle = Xoshiro256(seed: s.seed, stream: 2000 + k)
        let training = shuffle.permutation(trainCount).map { split[$0] }
        let calibrationCount = Int(Double(trainCount) * s.calibrationFraction)
        let fitRows = Array(training.prefix(trainCount - calibrationCount))
        let calibrationRows = Array(training.suffix(calibrationCount))
        let testRows = Array(split.dropFirst(trainCount))
        let rows = { (r: [Int]) in r.flatMap { i in x[(i * d)..<((i + 1) * d)] } }
        let xScaler = Standardizer(rows(fitRows), columns: d)
        let yScaler = Standardizer(fitRows.map { y[$0] }, columns: 1)
        let fitX = Tensor(shape: [fitRows.count, d], scalars: xScaler.apply(rows(fitRows)))
        let fitY = Tensor.column(yScaler.apply(fitRows.map { y[$0] }))
        let predictRows = calibrationRows + testRows
        let predictX = Tensor(shape: [predictRows.count, d], scalars: xScaler.apply(rows(predictRows)))
        var rng = Xoshiro256(seed: s.seed, stream: 1000 * k)
        let noise = try RegressionBenchmark.validationNoiseVariance(x: fitX, y: fitY, settings: s.benchmark, using: &rng)
        return try methods.map { method in
            var r = Xoshiro256(seed: s.seed, stream: 1000 * k + 1 + BenchmarkMethod.allCases.firstIndex(of: method)!)
            let (standardised, _) = try RegressionBenchmark.fit(method, x: fitX, y: fitY, test: predictX, noiseVariance: noise, settings: s.benchmark, using: &r)
            let m = standardised.scaled(by: yScaler.scales[0], shift: yScaler.means[0]).moments
            let all = Predictions(mean: m.mean, sd: m.total.map { $0.squareRoot() }, targets: predictRows.map { y[$0] })
            return BostonFit(method: method, calibration: all.rows(Array(0..<calibrationCount)),
                             test: all.rows(Array(calibrationCount..<predictRows.count)))
        }
    }

    /// The chapter's methods: the six of chapter 9's Boston table before Laplace joined it
    /// (`comparison --csv --calibrate` conformalises every ``BenchmarkMethod``, Laplace included).
    public static let bostonMethods: [BenchmarkMethod] = [.map, .mcDropout, .deepEnsemble, .swag, .bayesByBackprop, .variationalDropout]

    /// ``bostonSplit(_:x:y:inputs:split:splitIndex:methods:)`` on the first ``Settings/splits``
    /// splits, in parallel: `fits[k][j]` is split k, method j. `finished` hears the splits done.
    public static func boston(_ s: Settings, x: [Double], y: [Double], inputs d: Int, splits: [[Int]],
                              methods: [BenchmarkMethod] = bostonMethods, finished: ((Int) -> Void)? = nil,
                              isolation: isolated (any Actor)? = #isolation) async throws -> [[BostonFit]] {
        let chosen = Array(splits.prefix(s.splits))
        return try await runInParallel(count: chosen.count, seed: s.seed, finished: finished, isolation: isolation) { k, _ in
            try bostonSplit(s, x: x, y: y, inputs: d, split: chosen[k], splitIndex: k, methods: methods)
        }
    }

    /// The ways of turning a predictive into a calibrated one that the Boston table compares.
    public enum Recalibration: String, CaseIterable, Sendable {
        case none = "as fitted"
        case varianceScaling = "variance scaling"
        case isotonic = "isotonic (Kuleshov)"
        case conformalAbsolute = "split conformal, |r|"
        case conformalNormalised = "split conformal, |r|/σ"
    }

    /// One method on one split after one ``Recalibration``, scored on the test rows: the central
    /// interval at level 1 − α (coverage, width), the miscalibration area (nan for the conformal
    /// intervals, which give one interval, not a distribution) and the Gaussian test
    /// log-likelihood per point (nan where there is no density: isotonic, conformal).
    public struct RecalibrationScore: Sendable {
        public let interval: IntervalScore
        public let miscalibrationArea: Double
        public let logLikelihood: Double
        /// The test rows' calibration curve at ``RegressionBenchmark/calibrationLevels`` (empty for the conformal intervals).
        public let calibration: [Double]
    }

    /// Scores `fit` after `recalibration`, fitted on its calibration rows.
    public static func score(_ fit: BostonFit, _ recalibration: Recalibration, alpha: Double) -> RecalibrationScore {
        let (cal, test) = (fit.calibration, fit.test)
        let levels = RegressionBenchmark.calibrationLevels
        func gaussian(_ sd: [Double]) -> RecalibrationScore {
            let z = standardNormalQuantile(1 - alpha / 2)
            let interval = IntervalScore(lower: zip(test.mean, sd).map { $0 - z * $1 }, upper: zip(test.mean, sd).map { $0 + z * $1 }, targets: test.targets)
            let pit = gaussianPIT(mean: test.mean, standardDeviation: sd, targets: test.targets)
            return RecalibrationScore(interval: interval, miscalibrationArea: miscalibrationArea(pit: pit),
                                      logLikelihood: gaussianLogLikelihood(mean: test.mean, standardDeviation: sd, targets: test.targets),
                                      calibration: calibrationCurve(pit: pit, levels: levels))
        }
        switch recalibration {
        case .none:
            return gaussian(test.sd)
        case .varianceScaling:
            return gaussian(VarianceScaling(mean: cal.mean, standardDeviation: cal.sd, targets: cal.targets).apply(test.sd))
        case .isotonic:
            let r = IsotonicRecalibration(pit: gaussianPIT(mean: cal.mean, standardDeviation: cal.sd, targets: cal.targets))
            let pit = gaussianPIT(mean: test.mean, standardDeviation: test.sd, targets: test.targets).map { r($0) }
            let (lower, upper) = r.centralIntervals(level: 1 - alpha, mean: test.mean, standardDeviation: test.sd)
            return RecalibrationScore(interval: IntervalScore(lower: lower, upper: upper, targets: test.targets),
                                      miscalibrationArea: miscalibrationArea(pit: pit), logLikelihood: .nan,
                                      calibration: calibrationCurve(pit: pit, levels: levels))
        case .conformalAbsolute, .conformalNormalised:
            let interval = conformalScore(recalibration == .conformalAbsolute ? .absolute : .normalised, alpha: alpha, calibration: cal, test: test)
            return RecalibrationScore(interval: interval, miscalibrationArea: .nan, logLikelihood: .nan, calibration: [])
        }
    }

    /// The Monte Carlo check of the guarantee on Boston: for each split k and method j, the pool
    /// of its calibration and test rows re-split ``Settings/resplits`` times (stream 3000 + k) into
    /// as many calibration rows as before and the rest. `coverages[j][k]` is the mean coverage of
    /// method j's re-splits on split k.
    public static func bostonGuarantee(_ s: Settings, fits: [[BostonFit]], score: SplitConformal.Score, alpha: Double) -> [[Double]] {
        let perSplit: [[Double]] = fits.indices.map { k in
            var rng = Xoshiro256(seed: s.seed, stream: 3000 + k)
            return fits[k].map { fit in
                mean(resplitCoverages(score, alpha: alpha, pool: fit.calibration.appending(fit.test), calibrationCount: fit.calibration.count,
                                      resplits: s.resplits, using: &rng))
            }
        }
        return fits[0].indices.map { j in perSplit.map { $0[j] } }
    }
}

extension CalibrationChapter {
    /// The miscalibration area of a perfectly calibrated predictive on `points` test points: the
    /// area of `draws` sets of uniform PIT values (stream 700), mean ± SE. A test split's area
    /// cannot be expected below it, whatever the recalibration.
    public static func miscalibrationFloor(_ s: Settings, points: Int, draws: Int = 2000) -> (mean: Double, standardError: Double) {
        var rng = Xoshiro256(seed: s.seed, stream: 700)
        return meanAndStandardError((0..<draws).map { _ in miscalibrationArea(pit: (0..<points).map { _ in rng.uniform() }) })
    }

    /// Paired over the splits: the mean ± SE of `value` after `recalibration` minus its value as fitted, for method j.
    public static func pairedChange(_ fits: [[BostonFit]], method j: Int, _ recalibration: Recalibration, alpha: Double,
                                    _ value: (RecalibrationScore) -> Double) -> (mean: Double, standardError: Double) {
        meanAndStandardError(fits.map { value(score($0[j], recalibration, alpha: alpha)) - value(score($0[j], .none, alpha: alpha)) })
    }
}
