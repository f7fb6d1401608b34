import Datasets
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

extension LaplaceChapter {
    /// The heteroscedastic toy's noise sd at x: σ(x) = 0.05 + 0.1 x, from 0.05 at x = 0 to 0.85 at x = 8.
    public static func heteroscedasticNoise(_ x: Double) -> Double { 0.05 + 0.1 * x }

    /// The grid its predictives are drawn on.
    public static let heteroscedasticGrid = linspace(-2, 10, count: 121)

    /// One Laplace model of the heteroscedastic toy, scored on fresh points of [0, 8]: NLL per point,
    /// the fraction inside mean ± 2 sd on [0, 4) and on [4, 8], and the RMS error of its aleatoric
    /// sd against the true σ(x); its GLM predictive on ``heteroscedasticGrid``.
    public struct HeteroscedasticScore: Sendable {
        public let name: String
        public let negativeLogLikelihood: Double
        public let coverageLeft: Double
        public let coverageRight: Double
        public let noiseError: Double
        public let predictive: PredictiveMoments
    }

    /// The heteroscedastic example for `s.seed`: ``Settings/heteroscedasticPoints`` points x ~ U[0, 8],
    /// y = sin x + σ(x) ε (stream 115), and two full-GGN Laplace models, each trained by Adam for
    /// ``Settings/heteroscedasticSteps`` full-batch steps at prior N(0, I) from PyTorch's initial
    /// weights (stream 116): 1→50→1 with one σ, tuned with s² by the evidence (as on the sinusoid), and
    /// 1→50→2 with a mean and a variance head (``HeteroscedasticLaplace``). Scored on 1,000 fresh
    /// points (stream 117).
    public static func heteroscedastic(_ s: Settings) throws -> (data: RegressionData, scores: [HeteroscedasticScore]) {
        var r = Xoshiro256(seed: s.seed, stream: 115)
        let x = (0..<s.heteroscedasticPoints).map { _ in 8 * r.uniform() }
        let y = x.map { Elementary.sin($0) + heteroscedasticNoise($0) * r.normal() }
        var t = Xoshiro256(seed: s.seed, stream: 117)
        let testX = (0..<1000).map { _ in 8 * t.uniform() }
        let testY = testX.map { Elementary.sin($0) + heteroscedasticNoise($0) * t.normal() }
        let hidden = s.sinusoidHidden
        var initRNG = Xoshiro256(seed: s.seed, stream: 116)
        let homoscedasticNetwork = MLP(sizes: [1, hidden, 1], activation: .tanh)
        let start = homoscedasticNetwork.initialParameters(using: &initRNG).scalars
        let posterior = BayesianMLP(network: homoscedasticNetwork, inputs: x, targets: y, noiseVariance: 0.09)
        let map = try maximumAPosteriori(posterior.logDensityGradient, from: start, dataCount: x.count, steps: s.heteroscedasticSteps)
        let homoscedastic = try tunedLaplace(network: homoscedasticNetwork, parameters: map, inputs: x, targets: y, noiseVariance: 0.09, tuningNoise: true)
        let headNetwork = MLP(sizes: [1, hidden, 2], activation: .tanh)
        let headStart = headNetwork.initialParameters(using: &initRNG).scalars
        let headMAP = try HeteroscedasticLaplace.maximumAPosteriori(network: headNetwork, inputs: x, targets: y, priorVariance: 1, from: headStart,
                                                                    steps: s.heteroscedasticSteps)
        let heads = try HeteroscedasticLaplace(network: headNetwork, inputs: x, targets: y, priorVariance: 1, mean: headMAP)
        let grid = heteroscedasticGrid
        func score(_ name: String, test m: PredictiveMoments, grid g: PredictiveMoments) -> HeteroscedasticScore {
            let total = m.total
            let nll = zip(zip(m.mean, total), testY).map { mv, y in 0.5 * (Elementary.log(2 * Double.pi * mv.1) + (y - mv.0) * (y - mv.0) / mv.1) }
            let inside = testX.indices.map { abs(testY[$0] - m.mean[$0]) <= 2 * total[$0].squareRoot() }
            let (left, right) = (testX.indices.filter { testX[$0] < 4 }, testX.indices.filter { testX[$0] >= 4 })
            let noiseError = (testX.indices.map { i in Elementary.pow(m.aleatoric[i].squareRoot() - heteroscedasticNoise(testX[i]), 2) }.reduce(0, +) / Double(testX.count)).squareRoot()
            return HeteroscedasticScore(name: name, negativeLogLikelihood: nll.reduce(0, +) / Double(nll.count),
                                        coverageLeft: Double(left.filter { inside[$0] }.count) / Double(left.count),
                                        coverageRight: Double(right.filter { inside[$0] }.count) / Double(right.count), noiseError: noiseError, predictive: g)
        }
        return (RegressionData(inputs: x, targets: y),
                [score("one σ (tuned), GLM", test: homoscedastic.linearisedPredictive(testX, count: testX.count), grid: homoscedastic.linearisedPredictive(grid, count: grid.count)),
                 score("mean and variance heads, GLM", test: heads.linearisedPredictive(testX, count: testX.count), grid: heads.linearisedPredictive(grid, count: grid.count))])
    }

    /// The heteroscedastic example at every seed of the sweep.
    public static func heteroscedasticSweep(_ s: Settings, finished: ((Int) -> Void)? = nil) throws -> [(data: RegressionData, scores: [HeteroscedasticScore])] {
        var runs = [(data: RegressionData, scores: [HeteroscedasticScore])]()
        for (k, seed) in s.sweptSeeds.enumerated() {
            runs.append(try heteroscedastic(s.with(\.seed, seed)))
            finished?(k + 1)
        }
        return runs
    }
}
