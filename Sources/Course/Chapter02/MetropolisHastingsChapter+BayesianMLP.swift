import Datasets
import Inference
import NeuralNetworks
import Probability

extension MetropolisHastingsChapter {
    /// σ² of the running example's noise, known.
    public static let noiseVariance = RunningExample.noiseStandardDeviation * RunningExample.noiseStandardDeviation

    /// Random-walk MH on the posterior of a Bayesian MLP.
    public struct NetworkRun: Sendable {
        /// The running example it was run on.
        public let data: RegressionData
        /// The MLP 1→hidden→1 (tanh).
        public let network: MLP
        /// The chains, thinned.
        public let chains: [Chain]
    }

    /// `chains` chains on ln p(w | D) = −‖y − f_w(x)‖²/(2σ²) − ‖w‖²/2 + c for `network`, each from its
    /// own prior draw w ~ N(0, I), adapting its scale toward 23.4% acceptance during a warm-up of
    /// steps / `s.networkWarmupDivisor`, then keeping every `s.networkThin`-th state.
    static func networkChains(_ s: Settings, network: MLP, data: RegressionData, steps: Int, chains: Int, seed: UInt64) async throws -> [Chain] {
        let posterior = BayesianMLP(network: network, inputs: data.inputs, targets: data.targets, noiseVariance: noiseVariance)
        let logPosterior = posterior.logDensity
        return try await runChains(count: chains, seed: seed) { [s] _, rng in
            let start = (0..<network.parameterCount).map { _ in rng.normal() }
            return try MetropolisHastings(proposal: .randomWalk(scale: s.networkScale), warmup: steps / s.networkWarmupDivisor, adaptScale: true,
                                          thin: s.networkThin)
                .sample(logPosterior, from: start, steps: steps, using: &rng)
        }
    }

    /// The running example (from the stream where `noise` left it) and `s.chains` chains of `s.steps`
    /// steps (seed + 4) on the Bayesian MLP 1→`s.hidden`→1 with prior w ~ N(0, I) and noise sd 0.05.
    public static func bayesianMLP(_ s: Settings, after noise: NoiseScale) async throws -> NetworkRun {
        var rng = noise.generator
        let data = RunningExample.sample(using: &rng)
        let network = MLP(sizes: [1, s.hidden, 1], activation: .tanh)
        let chains = try await networkChains(s, network: network, data: data, steps: s.steps, chains: s.chains, seed: s.seed &+ 4)
        return NetworkRun(data: data, network: network, chains: chains)
    }

    /// What the chains of the Bayesian MLP predict, and whether they agree.
    public struct NetworkPredictive: Sendable {
        /// The grid on [−1.5, 1.5].
        public let grid: [Double]
        /// f_w on the grid for about `s.predictionsPerChain` draws of the second half of each chain: [chain][draw][grid point].
        public let chainPredictions: [[[Double]]]
        /// The pooled predictive: mean, epistemic variance of f_w, noise variance.
        public let moments: PredictiveMoments
        /// Index of the grid point nearest x = 0.
        public let gapIndex: Int
        /// Split-R̂ and ESS over the second half of each chain: each weight of `s.diagnosedWeights`, then f(0).
        public let diagnostics: [Diagnostic]

        /// Split-R̂ and ESS of one quantity.
        public struct Diagnostic: Sendable {
            /// The weight's index, or nil for the prediction f(0) in the gap.
            public let weight: Int?
            public let rHat: Double
            public let ess: Double
        }
    }

    /// The predictive of `run` on `s.predictiveGridCount` points and its convergence diagnostics.
    public static func predictive(_ s: Settings, run: NetworkRun) -> NetworkPredictive {
        let grid = RunningExample.testGrid(count: s.predictiveGridCount)
        var chainPredictions = [[[Double]]]()
        for chain in run.chains {
            chainPredictions.append(stride(from: chain.count / 2, to: chain.count, by: max(1, chain.count / s.predictionsPerChain)).map { t in
                run.network.forward(grid, count: grid.count, parameters: chain.draw(t))
            })
        }
        let pooled = Array(chainPredictions.joined())
        let moments = PredictiveMoments(functions: pooled, noiseVariance: noiseVariance)
        let x0 = grid.indices.min { abs(grid[$0]) < abs(grid[$1]) }!
        let diagnostics = s.diagnosedWeights.map { j -> NetworkPredictive.Diagnostic in
            let traces = run.chains.map { Array($0.coordinate(j).suffix($0.count / 2)) }
            return .init(weight: j, rHat: splitRHat(traces), ess: effectiveSampleSize(traces))
        } + [{
            let traces = chainPredictions.map { $0.map { $0[x0] } }
            return .init(weight: nil, rHat: splitRHat(traces), ess: effectiveSampleSize(traces))
        }()]
        return NetworkPredictive(grid: grid, chainPredictions: chainPredictions, moments: moments, gapIndex: x0, diagnostics: diagnostics)
    }

    /// How MH fares as the network grows.
    public struct WidthRow: Sendable {
        /// Hidden units.
        public let width: Int
        /// Weights d = 3·width + 1.
        public let weights: Int
        /// The first chain's acceptance rate.
        public let acceptance: Double
        /// The tuned random-walk scale, averaged over the chains.
        public let scale: Double
        /// The smallest ESS over the weights (second half of each chain).
        public let minimumESS: Double
        /// The largest split-R̂ over the weights.
        public let maximumRHat: Double
    }

    /// For each width of `s.widths`, `s.widthChains` chains of `s.widthSteps` steps (seed + 100 + width) on `data`.
    public static func widthStudy(_ s: Settings, data: RegressionData) async throws -> [WidthRow] {
        var rows = [WidthRow]()
        for w in s.widths {
            let net = MLP(sizes: [1, w, 1], activation: .tanh)
            let chains = try await networkChains(s, network: net, data: data, steps: s.widthSteps, chains: s.widthChains, seed: s.seed &+ 100 &+ UInt64(w))
            let d = net.parameterCount
            let halves = (0..<d).map { j in chains.map { Array($0.coordinate(j).suffix($0.count / 2)) } }
            rows.append(WidthRow(width: w, weights: d, acceptance: chains[0].acceptanceRate,
                                 scale: chains.map(\.stepSize).reduce(0, +) / Double(chains.count),
                                 minimumESS: halves.map(effectiveSampleSize).min()!, maximumRHat: halves.map(splitRHat).max()!))
        }
        return rows
    }
}
