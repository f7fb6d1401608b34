import Autodiff
import Datasets
import Foundation
import Inference
import NeuralNetworks
import Probability

extension CalibrationChapter {
    /// The heteroscedastic toy: chapter 4's cubic scaled down, with a noise that grows with |x|:
    /// x ~ U[−4, 4], y = x³/16 + σ(x) ε, σ(x) = 0.1 + 0.1 |x| (from 0.1 at x = 0 to 0.5 at |x| = 4).
    public enum Toy {
        public static let interval = -4.0...4.0
        public static func mean(_ x: Double) -> Double { x * x * x / 16 }
        public static func noiseSD(_ x: Double) -> Double { 0.1 + 0.1 * abs(x) }

        /// n points, inputs uniform on ``interval``; the noise sd multiplied by `noiseFactor`.
        public static func sample(_ n: Int, noiseFactor: Double = 1, using rng: inout Xoshiro256) -> RegressionData {
            let x = (0..<n).map { _ in rng.uniform(interval.lowerBound, interval.upperBound) }
            return RegressionData(inputs: x, targets: x.map { mean($0) + noiseFactor * noiseSD($0) * rng.normal() })
        }
    }

    /// The toy's two networks, trained on the same training points: a Gaussian head μ(x), σ²(x) on
    /// the negative log-likelihood (stream 501; its σ feeds the normalised score), and a two-quantile
    /// network on the pinball losses at α/2 and 1 − α/2 (stream 502; CQR).
    public struct ToyModels: Sendable {
        public let gaussianNetwork: MLP
        public let gaussianParameters: [Double]
        public let quantileNetwork: MLP
        public let quantileParameters: [Double]

        /// The Gaussian head's mean and sd at x.
        public func gaussian(at x: [Double]) -> (mean: [Double], sd: [Double]) {
            let p = MemberTraining(output: .gaussian, steps: 0, schedule: .constant(0)).predict(gaussianNetwork, parameters: gaussianParameters, at: x)
            return (p.mean, p.variance.map { $0.squareRoot() })
        }

        /// The quantile network's lower and upper quantiles at x.
        public func quantiles(at x: [Double]) -> (lower: [Double], upper: [Double]) {
            let out = quantileNetwork.forward(x, count: x.count, parameters: quantileParameters)
            return (x.indices.map { out[2 * $0] }, x.indices.map { out[2 * $0 + 1] })
        }
    }

    /// Trains the toy's networks 1 → ``Settings/toyHidden`` → 2 (ReLU), full batch, Adam.
    public static func toyModels(_ s: Settings, data: RegressionData) throws -> ToyModels {
        let network = MLP(sizes: [1, s.toyHidden, 2], activation: .relu)
        var rng = Xoshiro256(seed: s.seed, stream: 501)
        let training = MemberTraining(output: .gaussian, steps: s.toySteps, schedule: .constant(s.toyLearningRate))
        let gaussian = try training.train(network, from: network.initialParameters(using: &rng).scalars, inputs: data.x, targets: data.y, using: &rng).parameters
        var qrng = Xoshiro256(seed: s.seed, stream: 502)
        var adam = Adam(.constant(s.toyLearningRate))
        let (x, y) = (data.x, data.y)
        let levels = (s.alpha / 2, 1 - s.alpha / 2)
        let quantile = try train(from: network.initialParameters(using: &qrng), steps: s.toySteps, optimizer: &adam) { _, θ in
            twoQuantileLoss(network(x, parameters: θ), y, levels: levels)
        }.parameters.scalars
        return ToyModels(gaussianNetwork: network, gaussianParameters: gaussian, quantileNetwork: network, quantileParameters: quantile)
    }

    /// The three conformal intervals of the toy chapter.
    public enum ToyMethod: String, CaseIterable, Sendable {
        case absolute = "split conformal, |r|"
        case normalised = "split conformal, |r|/σ(x)"
        case cqr = "CQR"
    }

    /// One seed of the toy: data, networks, and each method's intervals at the test points.
    public struct ToyRun: Sendable {
        public let train: RegressionData
        public let test: RegressionData
        /// `intervals[m]`: method m's (lower, upper) at the test inputs.
        public let intervals: [(lower: [Double], upper: [Double])]
        /// Method m's coverage and mean width over all test points.
        public let marginal: [IntervalScore]
        /// `conditional[m][b]`: method m's coverage on the test points with |x| in bin b of ``binEdges``.
        public let conditional: [[Double]]
        /// The |x| bins' edges.
        public let binEdges: [Double]
        /// The models, to draw them.
        public let models: ToyModels
    }

    /// One seed of the toy (stream 500: training, calibration, test points in that order).
    public static func toy(_ s: Settings) throws -> ToyRun {
        var rng = Xoshiro256(seed: s.seed, stream: 500)
        let train = Toy.sample(s.toyTrain, using: &rng)
        let cal = Toy.sample(s.toyCalibration, using: &rng)
        let test = Toy.sample(s.toyTest, using: &rng)
        let models = try toyModels(s, data: train)
        let (gc, gt) = (models.gaussian(at: cal.inputs), models.gaussian(at: test.inputs))
        let calibration = Predictions(mean: gc.mean, sd: gc.sd, targets: cal.targets)
        var intervals = [(lower: [Double], upper: [Double])]()
        for method in ToyMethod.allCases {
            switch method {
            case .absolute, .normalised:
                let c = SplitConformal(score: method == .absolute ? .absolute : .normalised, miscoverage: s.alpha,
                                       mean: calibration.mean, standardDeviation: calibration.sd, targets: calibration.targets)
                intervals.append(c.intervals(mean: gt.mean, standardDeviation: gt.sd))
            case .cqr:
                let (qc, qt) = (models.quantiles(at: cal.inputs), models.quantiles(at: test.inputs))
                let c = ConformalizedQuantileRegression(miscoverage: s.alpha, lower: qc.lower, upper: qc.upper, targets: cal.targets)
                intervals.append(c.intervals(lower: qt.lower, upper: qt.upper))
            }
        }
        let edges = (0...s.toyBins).map { 4 * Double($0) / Double(s.toyBins) }
        let bin = { (x: Double) in min(Int(abs(x) / 4 * Double(s.toyBins)), s.toyBins - 1) }
        let conditional = intervals.map { iv in
            (0..<s.toyBins).map { b in
                let rows = test.inputs.indices.filter { bin(test.inputs[$0]) == b }
                return IntervalScore(lower: rows.map { iv.lower[$0] }, upper: rows.map { iv.upper[$0] }, targets: rows.map { test.targets[$0] }).coverage
            }
        }
        return ToyRun(train: train, test: test, intervals: intervals,
                      marginal: intervals.map { IntervalScore(lower: $0.lower, upper: $0.upper, targets: test.targets) },
                      conditional: conditional, binEdges: edges, models: models)
    }

    /// The toy at every seed of the sweep (the first given, if already run).
    public static func toySweep(_ s: Settings, first: ToyRun? = nil, finished: ((Int) -> Void)? = nil) async throws -> [ToyRun] {
        try await s.sweep(first: first, finished: finished) { try toy($0) }
    }

    /// Adaptive conformal inference along a sequence whose noise doubles halfway: T points of the toy
    /// (stream 503), the first T/2 as in training, the rest with twice the noise sd. Normalised
    /// scores |y − μ(x)|/σ(x) of the seed's Gaussian-head network, calibrated on the seed's
    /// calibration points. Split conformal keeps α; ACI updates it with step ``Settings/aciStepSize``.
    public struct ShiftRun: Sendable {
        public let errorsSplit: [Int]
        public let errorsAdaptive: [Int]
        public let alphas: [Double]
        /// The bound of Gibbs & Candès's Proposition 4.1 after T steps.
        public let bound: Double
        /// Coverage of split conformal and of ACI on the first and the second half.
        public func coverage(_ adaptive: Bool, secondHalf: Bool) -> Double {
            let e = adaptive ? errorsAdaptive : errorsSplit
            let half = e.count / 2
            let part = secondHalf ? e[half...] : e[..<half]
            return 1 - Double(part.reduce(0, +)) / Double(part.count)
        }
        /// |(1/T) Σ errₜ − α| of ACI over the whole sequence.
        public func longRunGap(alpha: Double) -> Double {
            abs(Double(errorsAdaptive.reduce(0, +)) / Double(errorsAdaptive.count) - alpha)
        }
    }

    /// ``ShiftRun`` for the seed of `s` (the toy's networks and calibration points of ``toy(_:)``).
    public static func shift(_ s: Settings, toy run: ToyRun) -> ShiftRun {
        var rng = Xoshiro256(seed: s.seed, stream: 500)
        _ = Toy.sample(s.toyTrain, using: &rng)
        let cal = Toy.sample(s.toyCalibration, using: &rng)
        var srng = Xoshiro256(seed: s.seed, stream: 503)
        let half = s.sequenceLength / 2
        let first = Toy.sample(half, using: &srng)
        let second = Toy.sample(s.sequenceLength - half, noiseFactor: 2, using: &srng)
        let inputs = first.inputs + second.inputs, targets = first.targets + second.targets
        let gc = run.models.gaussian(at: cal.inputs)
        let calScores = cal.targets.indices.map { abs(cal.targets[$0] - gc.mean[$0]) / gc.sd[$0] }
        let g = run.models.gaussian(at: inputs)
        let scores = targets.indices.map { abs(targets[$0] - g.mean[$0]) / g.sd[$0] }
        let aci = AdaptiveConformal(target: s.alpha, stepSize: s.aciStepSize, calibrationScores: calScores)
        let adaptive = aci.run(scores: scores)
        return ShiftRun(errorsSplit: aci.run(scores: scores, adaptive: false).errors, errorsAdaptive: adaptive.errors, alphas: adaptive.alphas,
                        bound: aci.bound(steps: scores.count))
    }
}
