import Autodiff
import Datasets
import Inference
import Probability

extension CalibrationChapter {
    /// Jackknife+ against split conformal on small data sets of the toy: n = ``Settings/smallCount``
    /// points, a polynomial ridge regression of degree ``Settings/smallDegree`` (cheap enough to
    /// refit n times for hundreds of data sets; jackknife+ needs a symmetric fitting algorithm,
    /// not a network). CV+ uses ``Settings/smallFolds`` folds of consecutive points; split conformal
    /// fits on the first half and calibrates on the second.
    public struct SmallDataResult: Sendable {
        /// Coverage on each data set's fresh test points, per data set.
        public let jackknifeCoverage: [Double], crossValidationCoverage: [Double], splitCoverage: [Double]
        /// Mean interval width per data set (infinite widths are counted as such).
        public let jackknifeWidth: [Double], crossValidationWidth: [Double], splitWidth: [Double]
        /// Fits per data set: n for jackknife+, K for CV+, 1 for split conformal.
        public let jackknifeFits: Int, crossValidationFits: Int, splitFits: Int
    }

    /// Ridge regression on polynomial features: the weights (ΦᵀΦ + λI)⁻¹Φᵀy, evaluated at `at`.
    static func ridgeFit(_ s: Settings, x: [Double], y: [Double], at: [Double]) throws -> [Double] {
        let features = PolynomialFeatures(degree: s.smallDegree)
        let fit = try BayesianLinearRegression(design: features.designMatrix(x.map { $0 / 4 }), targets: y, priorPrecision: s.smallRidge, noisePrecision: 1)
        let phi = features.designMatrix(at.map { $0 / 4 })
        let d = features.dimension
        return (0..<at.count).map { i in (0..<d).reduce(0.0) { $0 + phi.scalars[i * d + $1] * fit.posteriorMean[$1] } }
    }

    /// ``SmallDataResult`` over ``Settings/smallRepeats`` data sets (stream 600), at miscoverage α.
    public static func smallData(_ s: Settings, alpha: Double) throws -> SmallDataResult {
        var rng = Xoshiro256(seed: s.seed, stream: 600)
        var jc = [Double](), sc = [Double](), jw = [Double](), sw = [Double](), cc = [Double](), cw = [Double]()
        let folds = s.smallFolds
        let n = s.smallCount
        for _ in 0..<s.smallRepeats {
            let data = Toy.sample(n, using: &rng)
            let test = Toy.sample(s.smallTest, using: &rng)
            var predictions = [[Double]](), residuals = [Double]()
            for i in 0..<n {
                let keep = (0..<n).filter { $0 != i }
                let f = try ridgeFit(s, x: keep.map { data.inputs[$0] }, y: keep.map { data.targets[$0] }, at: [data.inputs[i]] + test.inputs)
                residuals.append(abs(data.targets[i] - f[0]))
                predictions.append(Array(f.dropFirst()))
            }
            let (lower, upper) = jackknifePlusIntervals(heldOutPredictions: predictions, residuals: residuals, miscoverage: alpha)
            let j = IntervalScore(lower: lower, upper: upper, targets: test.targets)
            // CV+: point i's held-out model is its fold's, fitted without the fold.
            var foldPredictions = [[Double]](repeating: [], count: n), foldResiduals = [Double](repeating: 0, count: n)
            for k in 0..<folds {
                let inFold = (0..<n).filter { $0 * folds / n == k }
                let keep = (0..<n).filter { $0 * folds / n != k }
                let f = try ridgeFit(s, x: keep.map { data.inputs[$0] }, y: keep.map { data.targets[$0] }, at: inFold.map { data.inputs[$0] } + test.inputs)
                for (a, i) in inFold.enumerated() {
                    foldResiduals[i] = abs(data.targets[i] - f[a])
                    foldPredictions[i] = Array(f.dropFirst(inFold.count))
                }
            }
            let cv = jackknifePlusIntervals(heldOutPredictions: foldPredictions, residuals: foldResiduals, miscoverage: alpha)
            let c = IntervalScore(lower: cv.lower, upper: cv.upper, targets: test.targets)
            cc.append(c.coverage); cw.append(c.meanWidth)
            let half = n / 2
            let fitted = try ridgeFit(s, x: Array(data.inputs.prefix(half)), y: Array(data.targets.prefix(half)),
                                      at: Array(data.inputs.dropFirst(half)) + test.inputs)
            let calMean = Array(fitted.prefix(n - half)), testMean = Array(fitted.dropFirst(n - half))
            let ones = [Double](repeating: 1, count: n - half)
            let conformal = SplitConformal(score: .absolute, miscoverage: alpha, mean: calMean, standardDeviation: ones, targets: Array(data.targets.dropFirst(half)))
            let iv = conformal.intervals(mean: testMean, standardDeviation: [Double](repeating: 1, count: testMean.count))
            let sp = IntervalScore(lower: iv.lower, upper: iv.upper, targets: test.targets)
            jc.append(j.coverage); jw.append(j.meanWidth); sc.append(sp.coverage); sw.append(sp.meanWidth)
        }
        return SmallDataResult(jackknifeCoverage: jc, crossValidationCoverage: cc, splitCoverage: sc, jackknifeWidth: jw, crossValidationWidth: cw,
                               splitWidth: sw, jackknifeFits: n, crossValidationFits: folds, splitFits: 1)
    }
}
