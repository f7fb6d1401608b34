import Autodiff
import Datasets
import Foundation
import Inference
import NeuralNetworks
import Probability

extension ClassificationChapter {
    /// One method's uncertainty maps on the two moons and its numbers.
    public struct MoonsMethod: Sendable {
        public let name: String
        /// Over the grid (row j = y, column i = x, flattened j·G + i): total predictive entropy,
        /// expected entropy (aleatoric) and mutual information (epistemic), in nats.
        public let total, aleatoric, epistemic: [Double]
        /// Mean mutual information at the training points, and over the grid points far from them.
        public let epistemicOnData, epistemicFar: Double
        /// Mean expected entropy at the training points, and far from them.
        public let aleatoricOnData, aleatoricFar: Double
        /// Accuracy and NLL on fresh test points.
        public let accuracy, nll: Double
    }

    /// What NUTS did on the two moons.
    public struct MoonsSampling: Sendable {
        public let divergences: Int
        /// Leapfrog steps of all chains, warm-up included (each one gradient of the full log posterior).
        public let leapfrogSteps: Int
        /// The mean acceptance statistic over the kept transitions.
        public let acceptance: Double
        /// Transitions that stopped at the maximum tree depth.
        public let saturated: Int
    }

    /// The two-moons experiment at one seed.
    public struct MoonsRun: Sendable {
        public let seed: UInt64
        public let inputs: [Double]
        public let labels: [Int]
        /// The grid's axis (the same on x and y).
        public let axis: [Double]
        /// MAP, deep ensemble, MC dropout, SWAG, last-layer Laplace, NUTS (the reference), in this order.
        public let methods: [MoonsMethod]
        public let sampling: MoonsSampling
        /// Training steps or leapfrog steps of each method (full-batch gradient evaluations for NUTS,
        /// mini-batch steps for the others), and its forward passes per prediction.
        public let cost: [(gradients: Int, passes: Int)]
    }

    /// The grid axis: `gridCount` points on [−3, 3].
    public static func axis(_ s: Settings) -> [Double] {
        (0..<s.gridCount).map { (k: Int) -> Double in -3 + 6 * Double(k) / Double(s.gridCount - 1) }
    }

    /// The two moons of the seed: training points (stream 110) and test points (stream 111).
    public static func moons(_ s: Settings) -> (train: (inputs: [Double], labels: [Int]), test: (inputs: [Double], labels: [Int])) {
        var r = Xoshiro256(seed: s.seed, stream: 110)
        var t = Xoshiro256(seed: s.seed, stream: 111)
        return (TwoMoons.sample(count: s.moonsCount, noise: s.moonsNoise, using: &r), TwoMoons.sample(count: s.moonsTestCount, noise: s.moonsNoise, using: &t))
    }

    /// The two-moons experiment: MAP (member 0 of the ensemble), a deep ensemble, MC dropout, SWAG
    /// and last-layer Laplace (both from MAP) and NUTS, all on one model (the network ``Settings/moonsNetwork``, prior N(0, s² I), the softmax
    /// likelihood), each method's maps over the grid.
    public static func twoMoons(_ s: Settings) async throws -> MoonsRun {
        let (train, test) = moons(s)
        let network = s.moonsNetwork
        let n = train.labels.count
        let x = Tensor(shape: [n, 2], scalars: train.inputs)
        let ax = axis(s)
        let grid = ax.flatMap { y in ax.flatMap { xx in [xx, y] } }
        let g = ax.count * ax.count
        // Everything in parallel: the ensemble, the dropout network, the chains.
        async let ensembleJob = trainClassifierEnsemble(count: s.members, network: network, training: s.moonsTraining, inputs: x, labels: train.labels,
                                                        seed: s.seed &+ 1000)
        let dropout = try DropoutNetwork(network: network, rate: s.dropoutRate)
        async let dropoutJob = runInParallel(count: 1, seed: s.seed) { _, _ in
            var rng = Xoshiro256(seed: s.seed, stream: 112)
            let lambda = try DropoutNetwork.weightDecay(lengthScale: 1 / s.priorVariance.squareRoot(), rate: s.dropoutRate, dataCount: n, noisePrecision: 1)
            return try dropout.trainClassifier(from: network.initialParameters(using: &rng).scalars, inputs: x, labels: train.labels,
                                               steps: s.moonsTraining.steps, learningRate: s.moonsTraining.learningRate, weightDecay: lambda,
                                               batchSize: s.moonsTraining.batchSize, using: &rng)
        }
        let target = BayesianMLPClassifier(network: network, inputs: train.inputs, labels: train.labels, priorVariance: s.priorVariance).logDensityGradient
        let runs = try await runInParallel(count: s.chains, seed: s.seed &+ 2000) { _, rng in
            let nuts = NoUTurnSampler(warmup: s.draws, maximumTreeDepth: s.maximumTreeDepth)
            return try nuts.sample(target, from: network.initialParameters(using: &rng).scalars, steps: s.draws, using: &rng)
        }
        let members = try await ensembleJob
        let dropoutθ = try await dropoutJob[0]
        let posterior = BayesianMLPClassifier(network: network, inputs: train.inputs, labels: train.labels, priorVariance: s.priorVariance)
        var swagRNG = Xoshiro256(seed: s.seed, stream: 114)
        let swagDraws = try SWAG.classifierDraws(posterior, from: members[0], rank: s.swagRank, iterates: s.swagIterates, interval: s.swagInterval,
                                                 learningRate: s.swagLearningRate, batchSize: s.swagBatchSize, draws: s.swagDraws, using: &swagRNG)
        var laplaceRNG = Xoshiro256(seed: s.seed, stream: 115)
        let laplaceDraws = try LastLayerLaplaceClassifier(network: network, map: members[0], inputs: train.inputs, labels: train.labels,
                                                          priorVariance: s.priorVariance).sample(count: s.laplaceDraws, using: &laplaceRNG)
        let posteriorDraws = runs.flatMap { r in (0..<r.chain.count).map(r.chain.draw) }

        // The logits of each method at the grid, the training points and the test points, stacked.
        let points = grid + train.inputs + test.inputs
        let total = g + n + test.labels.count
        var passRNG = Xoshiro256(seed: s.seed, stream: 113)
        let logits: [(String, [[Double]])] = [
            ("MAP", [network.forward(points, count: total, parameters: members[0])]),
            ("deep ensemble", members.map { network.forward(points, count: total, parameters: $0) }),
            ("MC dropout", dropout.passes(dropoutθ, at: Tensor(shape: [total, 2], scalars: points), count: s.passes, using: &passRNG)),
            ("SWAG", swagDraws.map { network.forward(points, count: total, parameters: $0) }),
            ("last-layer Laplace", laplaceDraws.map { network.forward(points, count: total, parameters: $0) }),
            ("NUTS", posteriorDraws.map { network.forward(points, count: total, parameters: $0) }),
        ]
        // Distance of every grid point to its nearest training point.
        let distance = { (x1: Double, y1: Double, x2: Double, y2: Double) -> Double in ((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2)).squareRoot() }
        let far = (0..<g).filter { j in
            (0..<n).allSatisfy { i in distance(grid[2 * j], grid[2 * j + 1], train.inputs[2 * i], train.inputs[2 * i + 1]) > s.farDistance }
        }
        let methods = logits.map { name, draws -> MoonsMethod in
            let p = ClassPredictive(logits: draws, classes: 2)
            let (h, a, mi, mean) = (p.totalEntropy, p.expectedEntropy, p.mutualInformation, p.mean)
            let onData = g..<(g + n), testRows = (g + n)..<total
            let testMean = Array(mean[(2 * testRows.lowerBound)..<(2 * testRows.upperBound)])
            return MoonsMethod(name: name, total: Array(h[0..<g]), aleatoric: Array(a[0..<g]), epistemic: Array(mi[0..<g]),
                               epistemicOnData: Probability.mean(Array(mi[onData])), epistemicFar: Probability.mean(far.map { mi[$0] }),
                               aleatoricOnData: Probability.mean(Array(a[onData])), aleatoricFar: Probability.mean(far.map { a[$0] }),
                               accuracy: ClassificationMetrics.accuracy(testMean, classes: 2, labels: test.labels),
                               nll: ClassificationMetrics.negativeLogLikelihood(testMean, classes: 2, labels: test.labels))
        }
        let transitions = runs.flatMap(\.transitions)
        let sampling = MoonsSampling(divergences: transitions.filter(\.divergent).count,
                                     leapfrogSteps: (runs.flatMap(\.warmupTransitions) + transitions).reduce(0) { $0 + $1.leapfrogSteps },
                                     acceptance: Probability.mean(transitions.map(\.acceptance)),
                                     saturated: runs.reduce(0) { $0 + $1.saturated(maximumDepth: s.maximumTreeDepth) })
        let steps = s.moonsTraining.steps
        return MoonsRun(seed: s.seed, inputs: train.inputs, labels: train.labels, axis: ax, methods: methods, sampling: sampling,
                        cost: [(steps, 1), (s.members * steps, s.members), (steps, s.passes), (steps + s.swagIterates * s.swagInterval, s.swagDraws),
                               (steps, s.laplaceDraws), (sampling.leapfrogSteps, posteriorDraws.count)])
    }

    /// The two-moons experiment at every seed of the sweep; `first` is the chapter's own seed's run.
    public static func moonsSweep(_ s: Settings, first: MoonsRun? = nil, finished: ((Int) -> Void)? = nil) async throws -> [MoonsRun] {
        try await s.sweep(first: first, finished: finished) { try await twoMoons($0) }
    }
}
