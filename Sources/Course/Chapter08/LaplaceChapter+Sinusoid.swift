import Datasets
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

extension LaplaceChapter {
    /// The sinusoid toy of Laplace Redux (Daxberger et al. 2021, Fig. 1; laplace-torch's regression
    /// example): `count` points x ~ U[0, 8], y = sin x + ε, ε ~ N(0, σ²).
    public static func sinusoidData(count: Int, noise: Double, using rng: inout Xoshiro256) -> RegressionData {
        let x = (0..<count).map { _ in 8 * rng.uniform() }
        return RegressionData(inputs: x, targets: x.map { Elementary.sin($0) + noise * rng.normal() })
    }

    /// The grid the sinusoid's predictives are drawn on: [−5, 13], as in Laplace Redux's figure.
    public static let sinusoidGrid = linspace(-5, 13, count: 181)

    /// One predictive of the sinusoid scored on fresh test points of [0, 8]: the mean negative
    /// log-likelihood per point, the RMS error of its mean against the noise-free sin x, and its
    /// mean total sd there.
    public struct SinusoidScore: Sendable {
        public let name: String
        public let negativeLogLikelihood: Double
        public let meanError: Double
        public let sd: Double
    }

    /// The sinusoid experiment: the data, the MAP of 1→H→1 (tanh) at s² = 1 and the true σ, the
    /// Laplace evidence (full GGN) at those values and tuned (s², σ²), its curve over s² at the
    /// tuned σ², the GLM and NN predictives of the tuned approximation (on ``sinusoidGrid``), their
    /// scores, and the same network trained with s² and σ² tuned online.
    public struct SinusoidRun: Sendable {
        public let data: RegressionData
        public let network: MLP
        public let map: [Double]
        public let initial: (priorVariance: Double, noiseVariance: Double)
        public let tuned: (priorVariance: Double, noiseVariance: Double)
        public let evidenceAtInitial: Double
        public let evidenceAtTuned: Double
        /// ∂ ln p(D)/∂ ln s² and ∂/∂ ln σ² at the tuned values.
        public let gradientAtTuned: (logPriorVariance: Double, logNoiseVariance: Double)
        /// γ at the tuned values, of k weights.
        public let effectiveParameters: Double
        public let weightCount: Int
        /// (s², ln p(D | s², tuned σ²)) on the curve.
        public let curve: [(priorVariance: Double, logEvidence: Double)]
        public let mapPrediction: [Double]
        public let glm: PredictiveMoments
        public let nn: PredictiveMoments
        /// MAP (with the tuned σ), GLM, NN, on the test points.
        public let scores: [SinusoidScore]
        /// The online run (nil when not asked for), and its Laplace log evidence at its end, at its
        /// own w and (s², σ²).
        public let online: (result: MarginalLikelihoodTraining.Result, logEvidence: Double)?
    }

    /// The sinusoid's model: 1→H→1, tanh.
    public static func sinusoidNetwork(_ s: Settings) -> MLP { MLP(sizes: [1, s.sinusoidHidden, 1], activation: .tanh) }

    /// The sinusoid experiment for `s.seed` (data from stream 110, initial weights from 111 with
    /// PyTorch's default initialisation, NN draws from 112, test points from 113).
    /// The online tuning runs only when `online` is true (the figure's seed).
    public static func sinusoid(_ s: Settings, online runsOnline: Bool = true) throws -> SinusoidRun {
        var dataRNG = Xoshiro256(seed: s.seed, stream: 110)
        let data = sinusoidData(count: s.sinusoidPoints, noise: s.sinusoidNoise, using: &dataRNG)
        let network = sinusoidNetwork(s)
        var initRNG = Xoshiro256(seed: s.seed, stream: 111)
        let start = network.initialParameters(using: &initRNG).scalars
        let initial = (priorVariance: 1.0, noiseVariance: s.sinusoidNoise * s.sinusoidNoise)
        let posterior = BayesianMLP(network: network, inputs: data.inputs, targets: data.targets, noiseVariance: initial.noiseVariance, priorVariance: initial.priorVariance)
        let map = try maximumAPosteriori(posterior.logDensityGradient, from: start, dataCount: data.count, steps: s.sinusoidSteps)
        let first = try LaplaceApproximation(posterior, mean: map)
        let evidence = LaplaceEvidence(first)
        let tuned = try evidence.tuned(priorVariance: initial.priorVariance, noiseVariance: initial.noiseVariance)
        let laplace = try first.refitted(priorVariance: tuned.priorVariance, noiseVariance: tuned.noiseVariance)
        let curve = (0..<s.evidenceCurvePoints).map { i -> (Double, Double) in
            let s2 = Elementary.pow(10, -3 + 6 * Double(i) / Double(s.evidenceCurvePoints - 1))
            return (s2, evidence.logEvidence(priorVariance: s2, noiseVariance: tuned.noiseVariance))
        }
        var testRNG = Xoshiro256(seed: s.seed, stream: 113)
        let testX = (0..<s.sinusoidTestPoints).map { _ in 8 * testRNG.uniform() }
        let testY = testX.map { Elementary.sin($0) + s.sinusoidNoise * testRNG.normal() }
        let grid = sinusoidGrid
        var drawRNG = Xoshiro256(seed: s.seed, stream: 112)
        let draws = laplace.sample(count: s.predictiveDraws, using: &drawRNG)
        let nnTest = MixturePredictive(functions: draws.map { network.forward(testX, count: testX.count, parameters: $0) }, noiseVariance: tuned.noiseVariance)
        let glmTestMoments = laplace.linearisedPredictive(testX, count: testX.count)
        let glmTest = MixturePredictive(means: [glmTestMoments.mean], variances: [glmTestMoments.total])
        let mapTest = MixturePredictive(functions: [glmTestMoments.mean], noiseVariance: tuned.noiseVariance)
        let truth = testX.map(Elementary.sin)
        func score(_ name: String, _ p: MixturePredictive) -> SinusoidScore {
            let m = p.moments
            return SinusoidScore(name: name, negativeLogLikelihood: -p.logLikelihood(testY),
                                 meanError: (zip(m.mean, truth).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(truth.count)).squareRoot(),
                                 sd: m.total.map { $0.squareRoot() }.reduce(0, +) / Double(truth.count))
        }
        var online: (result: MarginalLikelihoodTraining.Result, logEvidence: Double)? = nil
        if runsOnline {
            let r = try MarginalLikelihoodTraining(steps: s.onlineSteps, burnIn: s.onlineBurnIn, interval: s.onlineInterval)
                .run(network: network, inputs: data.inputs, targets: data.targets, from: start, priorVariance: initial.priorVariance, noiseVariance: initial.noiseVariance)
            let l = try LaplaceApproximation(BayesianMLP(network: network, inputs: data.inputs, targets: data.targets, noiseVariance: r.noiseVariance,
                                                         priorVariance: r.priorVariance), mean: r.parameters)
            online = (r, l.logEvidence)
        }
        return SinusoidRun(data: data, network: network, map: map, initial: initial, tuned: tuned,
                           evidenceAtInitial: first.logEvidence, evidenceAtTuned: laplace.logEvidence,
                           gradientAtTuned: evidence.gradient(priorVariance: tuned.priorVariance, noiseVariance: tuned.noiseVariance),
                           effectiveParameters: evidence.effectiveParameters(priorVariance: tuned.priorVariance, noiseVariance: tuned.noiseVariance),
                           weightCount: network.parameterCount, curve: curve, mapPrediction: network.forward(grid, count: grid.count, parameters: map),
                           glm: laplace.linearisedPredictive(grid, count: grid.count),
                           nn: PredictiveMoments(functions: draws.map { network.forward(grid, count: grid.count, parameters: $0) }, noiseVariance: tuned.noiseVariance),
                           scores: [score("MAP (tuned σ)", mapTest), score("GLM predictive", glmTest), score("NN predictive", nnTest)],
                           online: online)
    }

    /// The sinusoid at every seed of the sweep (online tuning only in `first`'s run, if given).
    public static func sinusoidSweep(_ s: Settings, first: SinusoidRun? = nil, finished: ((Int) -> Void)? = nil) throws -> [SinusoidRun] {
        var runs = [SinusoidRun]()
        for (k, seed) in s.sweptSeeds.enumerated() {
            runs.append(k == 0 && first != nil ? first! : try sinusoid(s.with(\.seed, seed), online: false))
            finished?(k + 1)
        }
        return runs
    }
}
