import Autodiff
import Datasets
import Dispatch
import Inference
import NeuralNetworks
import Probability

/// Affine standardisation fitted on training columns: z = (v − mean)/sd (sd 1 for a constant column).
public struct Standardizer: Sendable {
    public let means: [Double]
    public let scales: [Double]

    /// Fits every column of the row-major `values` (rows × columns).
    public init(_ values: [Double], columns d: Int) {
        let n = values.count / d
        means = (0..<d).map { j in (0..<n).reduce(0.0) { $0 + values[$1 * d + j] } / Double(n) }
        scales = (0..<d).map { [means] j in
            let v = (0..<n).reduce(0.0) { $0 + (values[$1 * d + j] - means[j]) * (values[$1 * d + j] - means[j]) } / Double(n)
            return v > 0 ? v.squareRoot() : 1
        }
    }

    /// The standardised row-major values.
    public func apply(_ values: [Double]) -> [Double] {
        values.indices.map { (values[$0] - means[$0 % means.count]) / scales[$0 % means.count] }
    }
}

/// The UCI regression benchmark's protocol (Hernández-Lobato & Adams 2015; Gal & Ghahramani 2016;
/// Lakshminarayanan et al. 2017): per split, inputs and target standardised on the training rows,
/// every method fitted on them, scored on the test rows in the original units.
///
/// The methods with a fixed Gaussian likelihood (all but the deep ensemble, whose members learn
/// their variance) need the noise variance σ²; it is chosen per split on the training rows alone:
/// MAP fitted on the first 80% of a seeded shuffle of them, σ² its mean squared error on the rest.
public enum RegressionBenchmark {
    /// The levels of the calibration curves: 0.05, 0.10, …, 0.95.
    public static let calibrationLevels = (1...19).map { Double($0) / 20 }

    /// One train/test split, standardised on its training rows, with the noise variance σ² the
    /// fixed-likelihood methods use (``validationNoiseVariance(x:y:settings:using:)``, stream 1000 · split).
    public struct PreparedSplit: Sendable {
        let trainX: Tensor, trainY: Tensor, testX: Tensor
        let testY: [Double]
        let yScale: Double, yShift: Double
        /// σ² in standardised units, from the training rows only.
        public let noiseVariance: Double
    }

    /// Standardises split `splitIndex` of (x, y) and chooses its σ². `split` is a permutation of the
    /// rows; its first ⌊0.9 n⌋ entries are the training rows.
    public static func prepare(x: [Double], y: [Double], inputs d: Int, split: [Int], splitIndex: Int,
                               settings: BenchmarkSettings, seed: UInt64) throws -> PreparedSplit {
        let n = y.count
        let trainCount = n * 9 / 10
        let (trainRows, testRows) = (Array(split.prefix(trainCount)), Array(split.dropFirst(trainCount)))
        let rows = { (r: [Int]) in r.flatMap { i in x[(i * d)..<((i + 1) * d)] } }
        let xScaler = Standardizer(rows(trainRows), columns: d)
        let yScaler = Standardizer(trainRows.map { y[$0] }, columns: 1)
        let trainX = Tensor(shape: [trainCount, d], scalars: xScaler.apply(rows(trainRows)))
        let trainY = Tensor.column(yScaler.apply(trainRows.map { y[$0] }))
        let testX = Tensor(shape: [testRows.count, d], scalars: xScaler.apply(rows(testRows)))
        var rng = Xoshiro256(seed: seed, stream: 1000 * splitIndex)
        let noise = try validationNoiseVariance(x: trainX, y: trainY, settings: settings, using: &rng)
        return PreparedSplit(trainX: trainX, trainY: trainY, testX: testX, testY: testRows.map { y[$0] },
                             yScale: yScaler.scales[0], yShift: yScaler.means[0], noiseVariance: noise)
    }

    /// Fits `method` on a prepared split and scores it on the split's test rows, in target units.
    /// Randomness: `Xoshiro256(seed: seed, stream: 1000 · split + 1 + the method's place in
    /// ``BenchmarkMethod``)`, so a split's and a method's numbers do not depend on which others run.
    /// Laplace takes the MAP's stream: it trains the MAP of the same split again (the same weights
    /// as the MAP row's) and then draws nothing (its GLM predictive is in closed form).
    public static func score(_ method: BenchmarkMethod, on split: PreparedSplit, splitIndex: Int,
                             settings: BenchmarkSettings, seed: UInt64) throws -> MethodScore {
        let stream = BenchmarkMethod.allCases.firstIndex(of: method == .laplace ? .map : method)!
        var r = Xoshiro256(seed: seed, stream: 1000 * splitIndex + 1 + stream)
        let start = DispatchTime.now().uptimeNanoseconds
        let (standardised, passes) = try fit(method, x: split.trainX, y: split.trainY, test: split.testX, noiseVariance: split.noiseVariance,
                                             settings: settings, using: &r)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return score(method, standardised.scaled(by: split.yScale, shift: split.yShift), targets: split.testY, seconds: seconds, gradientPasses: passes)
    }

    /// Scores every method in `methods` on one split (``prepare(x:y:inputs:split:splitIndex:settings:seed:)``,
    /// then ``score(_:on:splitIndex:settings:seed:)`` for each).
    public static func run(x: [Double], y: [Double], inputs d: Int, split: [Int], splitIndex: Int, methods: [BenchmarkMethod],
                           settings: BenchmarkSettings, seed: UInt64) throws -> [MethodScore] {
        let prepared = try prepare(x: x, y: y, inputs: d, split: split, splitIndex: splitIndex, settings: settings, seed: seed)
        return try methods.map { try score($0, on: prepared, splitIndex: splitIndex, settings: settings, seed: seed) }
    }

    /// The scores of a predictive on test targets y.
    public static func score(_ method: BenchmarkMethod, _ p: MixturePredictive, targets y: [Double], seconds: Double, gradientPasses: Double) -> MethodScore {
        let m = p.moments
        let sd = m.total.map { $0.squareRoot() }
        let interval = predictionIntervals(mean: m.mean, standardDeviation: sd, targets: y, level: 0.95)
        return MethodScore(method: method, rmse: rootMeanSquaredError(m.mean, y), logLikelihood: p.logLikelihood(y),
                           picp95: interval.coverage, mpiw95: interval.meanWidth,
                           miscalibrationArea: miscalibrationArea(mean: m.mean, standardDeviation: sd, targets: y),
                           crps: gaussianCRPS(mean: m.mean, standardDeviation: sd, targets: y),
                           calibration: calibrationCurve(mean: m.mean, standardDeviation: sd, targets: y, levels: calibrationLevels),
                           seconds: seconds, gradientPasses: gradientPasses)
    }

    /// σ² for the fixed-likelihood methods, from the training rows only (see the type's comment).
    public static func validationNoiseVariance(x: Tensor, y: Tensor, settings: BenchmarkSettings, using rng: inout Xoshiro256) throws -> Double {
        let n = x.shape[0]
        let order = rng.permutation(n)
        let fitCount = Int(Double(n) * (1 - settings.validationFraction))
        let (fitRows, checkRows) = (Array(order.prefix(fitCount)), Array(order.dropFirst(fitCount)))
        let (θ, _) = try maximumAPosteriori(x: x.gathering(rows: fitRows), y: y.gathering(rows: fitRows), noiseVariance: nil, settings: settings, using: &rng)
        let network = network(inputs: x.shape[1], outputs: 1, settings: settings)
        let check = x.gathering(rows: checkRows)
        let f = network.forward(check.scalars, count: checkRows.count, parameters: θ)
        let targets = y.gathering(rows: checkRows).scalars
        return zip(f, targets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(checkRows.count)
    }

    /// The shared network d → hidden → outputs.
    public static func network(inputs d: Int, outputs: Int, settings: BenchmarkSettings) -> MLP {
        MLP(sizes: [d, settings.hiddenUnits, outputs], activation: settings.activation)
    }

    /// MAP under the prior w ~ N(0, I) and noise σ² (nil: σ² = 1, the target's variance after
    /// standardisation), by Adam on mini-batches; also returns the gradient passes.
    static func maximumAPosteriori(x: Tensor, y: Tensor, noiseVariance: Double?, settings: BenchmarkSettings,
                                   using rng: inout Xoshiro256) throws -> ([Double], Double) {
        let network = network(inputs: x.shape[1], outputs: 1, settings: settings)
        let posterior = BayesianMLP(network: network, inputs: x.scalars, targets: y.scalars, noiseVariance: noiseVariance ?? 1)
        var θ = network.initialParameters(using: &rng)
        var adam = Adam(.constant(settings.learningRate))
        let (n, b) = (Double(y.count), min(settings.batchSize, y.count))
        let steps = settings.steps(rows: y.count)
        for step in 0..<steps {
            let g = posterior.stochasticGradient(θ.scalars, batchSize: b, using: &rng)
            guard g.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: step, loss: .nan) }
            adam.update(&θ, gradient: Tensor(g.map { -$0 / n }))
        }
        return (θ.scalars, Double(steps * b) / n)
    }

    /// Fits `method` on standardised (x, y) and returns its predictive at the rows of `test`
    /// (standardised units) and the gradient passes it took.
    public static func fit(_ method: BenchmarkMethod, x: Tensor, y: Tensor, test: Tensor, noiseVariance σ2: Double,
                           settings s: BenchmarkSettings, using rng: inout Xoshiro256) throws -> (MixturePredictive, Double) {
        let (n, d, m) = (y.count, x.shape[1], test.shape[0])
        let b = min(s.batchSize, n)
        let steps = s.steps(rows: n)
        let passes = Double(steps * b) / Double(n)
        let network = network(inputs: d, outputs: 1, settings: s)
        let at = { (θ: [Double]) in network.forward(test.scalars, count: m, parameters: θ) }
        switch method {
        case .map:
            let (θ, cost) = try maximumAPosteriori(x: x, y: y, noiseVariance: σ2, settings: s, using: &rng)
            return (MixturePredictive(functions: [at(θ)], noiseVariance: σ2), cost)
        case .deepEnsemble:
            // Lakshminarayanan et al.: Gaussian heads, NLL, adversarial steps of 1% of the inputs' range.
            let range = (0..<d).map { j in
                let column = (0..<n).map { x.scalars[$0 * d + j] }
                return column.max()! - column.min()!
            }.reduce(0, +) / Double(d)
            let training = MemberTraining(output: .gaussian, steps: steps, schedule: .constant(s.learningRate), batchSize: b, adversarialStep: 0.01 * range)
            let heads = Self.network(inputs: d, outputs: 2, settings: s)
            var means = [[Double]](), variances = [[Double]]()
            for _ in 0..<s.members {
                let θ = try training.train(heads, from: heads.initialParameters(using: &rng).scalars, inputs: x, targets: y, using: &rng).parameters
                let out = heads.forward(test.scalars, count: m, parameters: θ)
                means.append((0..<m).map { out[2 * $0] })
                variances.append((0..<m).map { softplus(out[2 * $0 + 1]) + 1e-6 })
            }
            // Two gradients a step: the one of the inputs (adversarial direction) and the one of the weights.
            return (MixturePredictive(means: means, variances: variances), 2 * passes * Double(s.members))
        case .mcDropout:
            let model = try DropoutNetwork(network: network, rate: s.dropoutRate)
            let lambda = try DropoutNetwork.weightDecay(lengthScale: s.lengthScale, rate: s.dropoutRate, dataCount: n, noisePrecision: 1 / σ2)
            let θ = try model.train(from: network.initialParameters(using: &rng).scalars, inputs: x, targets: y, steps: steps,
                                    learningRate: s.learningRate, weightDecay: lambda, batchSize: b, using: &rng)
            return (MixturePredictive(functions: model.passes(θ, at: test, count: s.draws, using: &rng), noiseVariance: σ2), passes)
        case .swag:
            let posterior = BayesianMLP(network: network, inputs: x.scalars, targets: y.scalars, noiseVariance: σ2)
            // Full-data Adam to the MAP for as many steps as the others take on batches (the step
            // budget bounds them), then SGD collecting one iterate per epoch.
            let interval = (n + b - 1) / b
            let (swag, _) = try SWAG.run(rank: s.swagRank, iterates: s.swagIterates, interval: interval, learningRate: s.swagLearningRate,
                                         pretrainSteps: steps, from: network.initialParameters(using: &rng).scalars, dataCount: n,
                                         target: posterior.logDensityGradient,
                                         stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: b, using: &r) }, using: &rng)
            let functions = (0..<s.draws).map { _ in at(swag.sample(using: &rng)) }
            return (MixturePredictive(functions: functions, noiseVariance: σ2), Double(steps) + Double(s.swagIterates * interval * b) / Double(n))
        case .bayesByBackprop:
            let model = try BayesByBackprop(network: network, prior: .gaussian(sigma: 1), noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &rng), inputs: x, targets: y, epochs: s.epochs(rows: n), batchSize: b,
                                    weighting: .uniform, learningRate: s.learningRate, closedFormKL: true, using: &rng)
            let functions = (0..<s.draws).map { _ in at(model.sample(θ, using: &rng)) }
            return (MixturePredictive(functions: functions, noiseVariance: σ2), passes)
        case .variationalDropout:
            let model = try VariationalDropoutNetwork(network: network, noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &rng), inputs: x, targets: y, epochs: s.epochs(rows: n), batchSize: b,
                                    learningRate: s.learningRate, using: &rng)
            return (MixturePredictive(functions: model.passes(θ, at: test, count: s.draws, using: &rng), noiseVariance: σ2), passes)
        case .laplace:
            // The MAP (as the MAP method, from the same stream), then the full GGN at it under the
            // prior N(0, s² I), s² tuned by the Laplace evidence from 1 (σ² kept: the split's
            // validation choice); the GLM predictive N(f(x, w*), J P⁻¹ Jᵀ + σ²). The curvature is
            // one pass of per-example Jacobians.
            let (θ, cost) = try maximumAPosteriori(x: x, y: y, noiseVariance: σ2, settings: s, using: &rng)
            let laplace = try LaplaceChapter.tunedLaplace(network: network, parameters: θ, inputs: x.scalars, targets: y.scalars, noiseVariance: σ2,
                                                          priorVariance: 1, structure: .full, subset: .all)
            return (LaplaceChapter.predictive(laplace, .glm, at: test.scalars, count: m, draws: 0, using: &rng), cost + 1)
        }
    }
}
