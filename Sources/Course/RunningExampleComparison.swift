import Autodiff
import Datasets
import Dispatch
import Inference
import NeuralNetworks
import Probability

/// Every method of the course on one model, scored against HMC: the running example's 40 points,
/// the reference's Bayesian MLP 1→10→1 (tanh, prior w ~ N(0, I), noise sd 0.05; see
/// ``ReferencePosterior``). The methods with a likelihood use this one, those with a prior this one
/// (variational dropout's log-uniform prior is part of the method and stays).
public enum RunningExampleComparison {
    /// The 151 points of the predictive, on [−1.5, 1.5].
    public static let grid = RunningExample.testGrid(count: 151)

    /// One method's predictive on ``grid`` and what it cost.
    public struct Method: Sendable {
        public let name: String
        public let predictive: MixturePredictive
        /// Gradient evaluations in full-data equivalents (a mini-batch of B of the N points counts B/N;
        /// MH's density evaluations count one each).
        public let gradients: Double
        public let seconds: Double

        public init(name: String, predictive: MixturePredictive, gradients: Double, seconds: Double) {
            (self.name, self.predictive, self.gradients, self.seconds) = (name, predictive, gradients, seconds)
        }
    }

    /// Where on the grid a score is averaged.
    public enum Region: String, CaseIterable, Sendable {
        case onData = "on the data"
        case gap = "in the gap"
        case outside = "outside"

        /// The data sit at 0.3 ≤ |x| ≤ 0.7; the gap is |x| < 0.3, outside |x| > 0.7.
        public func contains(_ x: Double) -> Bool {
            switch self {
            case .onData: return abs(x) >= 0.3 && abs(x) <= 0.7
            case .gap: return abs(x) < 0.3
            case .outside: return abs(x) > 0.7
            }
        }
    }

    /// A method's 1-Wasserstein distance to the reference's predictive at every grid point, and its
    /// mean per region and over the grid.
    public struct Score: Sendable {
        public let name: String
        public let distances: [Double]
        public let regions: [Double]
        public let overall: Double
    }

    /// The largest split-R̂, over the grid points, of the chains' f_w(x): the predictive's convergence.
    public static func predictiveRHat(_ chains: [Chain]) -> Double {
        let network = ReferencePosterior.network
        let traces = chains.map { c in (0..<c.count).map { network.forward(grid, count: grid.count, parameters: c.draw($0)) } }
        return grid.indices.map { i in splitRHat(traces.map { $0.map { $0[i] } }) }.max()!
    }

    /// HMC as the reference: 4 chains of 1,000 draws (`quick`: 100), the draws doubled until the
    /// predictive's split-R̂ is below 1.01 (at most 16,000 draws; `quick` runs once). `run` separates
    /// independent reference runs of the same seed.
    public static func reference(seed: UInt64, data: RegressionData, quick: Bool, run: UInt64 = 0) async throws -> (chains: [Chain], rHat: Double) {
        var draws = quick ? 100 : 1000
        while true {
            let chains = try await ReferencePosterior.chains(seed: seed &+ 1000 &* run, data: data, draws: draws, maximumLeapfrogSteps: quick ? 16 : 64)
            let rHat = predictiveRHat(chains)
            if quick || rHat < 1.01 || draws >= 16_000 { return (chains, rHat) }
            draws *= 2
        }
    }

    /// The predictive of draws w_s of the shared network: components N(f_{w_s}(x), σ²).
    public static func predictive(_ draws: [[Double]]) -> MixturePredictive {
        MixturePredictive(functions: draws.map { ReferencePosterior.network.forward(grid, count: grid.count, parameters: $0) },
                          noiseVariance: ReferencePosterior.noiseVariance)
    }

    /// The second half of every chain's draws.
    static func secondHalves(_ chains: [Chain]) -> [[Double]] {
        chains.flatMap { c in (c.count / 2..<c.count).map { c.draw($0) } }
    }

    /// Every method but the HMC reference, at the chapter's settings (`quick`: fewer steps). Each
    /// method draws from its own stream of `seed`; `progress` hears each method's name as it starts.
    public static func methods(seed: UInt64, data: RegressionData, quick: Bool, progress: (String) -> Void = { _ in }) async throws -> [Method] {
        let network = ReferencePosterior.network, posterior = ReferencePosterior.posterior(data)
        let (n, σ2, p) = (data.count, ReferencePosterior.noiseVariance, network.parameterCount)
        let (x, y) = (data.x, data.y)
        let mapSteps = quick ? 2000 : 20_000
        var results = [Method]()
        func timed(_ name: String, _ body: () async throws -> (MixturePredictive, Double)) async rethrows {
            progress(name)
            let start = DispatchTime.now().uptimeNanoseconds
            let (predictive, gradients) = try await body()
            results.append(Method(name: name, predictive: predictive, gradients: gradients,
                                  seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        @Sendable func start(_ rng: inout Xoshiro256) -> [Double] { (0..<p).map { _ in 0.5 * rng.normal() } }

        try await timed("MAP") {
            var r = Xoshiro256(seed: seed, stream: 200)
            return (predictive([try maximumAPosteriori(posterior.logDensityGradient, from: start(&r), dataCount: n, steps: mapSteps)]), Double(mapSteps))
        }
        let mhSteps = quick ? 20_000 : 400_000
        try await timed("random-walk MH") {
            let chains = try await runChains(count: 4, seed: seed &+ 201) { _, rng in
                try MetropolisHastings(proposal: .randomWalk(scale: 0.01), warmup: mhSteps, adaptScale: true, thin: 100)
                    .sample(posterior.logDensity, from: start(&rng), steps: mhSteps, using: &rng)
            }
            return (predictive(secondHalves(chains)), Double(chains.reduce(0) { $0 + $1.evaluations }))
        }
        let sgldSteps = quick ? 4000 : 120_000
        try await timed("SGLD") {
            let schedule = SGLDSchedule(from: 5e-5, to: 5e-6, over: sgldSteps)
            let chains = try await runChains(count: 4, seed: seed &+ 202) { _, rng in
                try SGLD(schedule: schedule, thin: 10).sample(stochasticGradient: { w, _, r in posterior.stochasticGradient(w, batchSize: 10, using: &r) },
                                                              from: start(&rng), steps: sgldSteps, using: &rng)
            }
            return (predictive(secondHalves(chains)), Double(4 * sgldSteps * 10) / Double(n))
        }
        try await timed("HMC, a second run") {
            let chains = try await reference(seed: seed, data: data, quick: quick, run: 1).chains
            return (predictive(chains.flatMap { c in (0..<c.count).map { c.draw($0) } }), Double(chains.reduce(0) { $0 + $1.evaluations }))
        }
        try await timed("deep ensemble (5 MAPs)") {
            let members = try await runInParallel(count: 5, seed: seed &+ 203) { _, rng in
                try maximumAPosteriori(posterior.logDensityGradient, from: start(&rng), dataCount: n, steps: mapSteps)
            }
            return (predictive(members), Double(5 * mapSteps))
        }
        try await timed("snapshot ensemble (5 cycles)") {
            var r = Xoshiro256(seed: seed, stream: 204)
            let total = 5 * mapSteps / 2
            let keep = Set(LearningRateSchedule.snapshotSteps(totalSteps: total, cycles: 5))
            var snapshots = [[Double]]()
            _ = try maximumAPosteriori(posterior.logDensityGradient, from: start(&r), dataCount: n, steps: total,
                                       schedule: .snapshot(initial: 0.01, totalSteps: total, cycles: 5)) { step, θ in
                if keep.contains(step) { snapshots.append(θ) }
            }
            return (predictive(snapshots), Double(total))
        }
        try await timed("SWAG") {
            var r = Xoshiro256(seed: seed, stream: 205)
            let (iterates, interval) = (quick ? 100 : 1000, 10)
            let (swag, _) = try SWAG.run(rank: 20, iterates: iterates, interval: interval, learningRate: 1e-3, pretrainSteps: mapSteps, from: start(&r),
                                         dataCount: n, target: posterior.logDensityGradient,
                                         stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: 10, using: &r) }, using: &r)
            return (predictive((0..<400).map { _ in swag.sample(using: &r) }), Double(mapSteps) + Double(iterates * interval * 10) / Double(n))
        }
        let epochs = quick ? 200 : 1600
        try await timed("Bayes-by-Backprop") {
            var r = Xoshiro256(seed: seed, stream: 206)
            let model = try BayesByBackprop(network: network, prior: .gaussian(sigma: 1), noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &r), inputs: x, targets: y, epochs: epochs, batchSize: 10, weighting: .uniform,
                                    learningRate: 0.01, closedFormKL: true, using: &r)
            return (predictive((0..<400).map { _ in model.sample(θ, using: &r) }), Double(epochs))
        }
        let dropoutSteps = quick ? 1000 : 12_000
        try await timed("MC dropout (p = 0.1)") {
            var r = Xoshiro256(seed: seed, stream: 207)
            let model = try DropoutNetwork(network: network, rate: 0.1)
            // Prior N(0, 1) is length-scale l = 1.
            let lambda = try DropoutNetwork.weightDecay(lengthScale: 1, rate: 0.1, dataCount: n, noisePrecision: 1 / σ2)
            let θ = try model.train(from: network.initialParameters(using: &r), inputs: x, targets: y, steps: dropoutSteps, learningRate: 0.005,
                                    weightDecay: lambda, batchSize: 10, using: &r)
            return (MixturePredictive(functions: model.passes(θ, at: Tensor.column(grid), count: 400, using: &r), noiseVariance: σ2),
                    Double(dropoutSteps * 10) / Double(n))
        }
        try await timed("variational dropout") {
            var r = Xoshiro256(seed: seed, stream: 208)
            let model = try VariationalDropoutNetwork(network: network, noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &r), inputs: x, targets: y, epochs: epochs, batchSize: 10,
                                    learningRate: 0.005, using: &r)
            return (MixturePredictive(functions: model.passes(θ, at: Tensor.column(grid), count: 400, using: &r), noiseVariance: σ2), Double(epochs))
        }
        return results
    }

    /// Each method's 1-Wasserstein distance to `reference` at every grid point (2,000 draws of each
    /// marginal, from `Xoshiro256(seed: seed, stream: 300)`), averaged per ``Region`` and over the grid.
    public static func scores(_ methods: [Method], reference: MixturePredictive, seed: UInt64) -> [Score] {
        var rng = Xoshiro256(seed: seed, stream: 300)
        return methods.map { m in
            let w = wasserstein1(m.predictive, reference, draws: 2000, using: &rng)
            let regions = Region.allCases.map { region in mean(grid.indices.filter { region.contains(grid[$0]) }.map { w[$0] }) }
            return Score(name: m.name, distances: w, regions: regions, overall: mean(w))
        }
    }

    /// The names ordered by their overall distance to the reference, closest first.
    public static func ranking(_ scores: [Score]) -> [String] {
        scores.sorted { $0.overall < $1.overall }.map(\.name)
    }
}
