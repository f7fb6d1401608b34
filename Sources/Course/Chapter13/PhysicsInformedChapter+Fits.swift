import Autodiff
import Foundation
import Inference
import NeuralNetworks
import Probability

extension PhysicsInformedChapter {
    /// What one method gives on one problem: u's posterior band on the grid, the draws of k (the
    /// inverse problem), the draws' u at x = 0 per chain (for split-R̂), and the cost.
    public struct Fit: Sendable {
        /// Mean and standard deviation of u_θ(x) over the draws (or members), on ``grid(_:)``.
        public var mean: [Double], sd: [Double]
        /// k of every draw (empty for the forward problem).
        public var k: [Double]
        /// Per chain: k (inverse) or u(0) (forward) of every kept draw, for split-R̂.
        public var traces: [[Double]]
        /// Gradient evaluations of ln p, all chains or members together.
        public var gradientEvaluations: Int
        /// HMC's mean acceptance rate (NaN for an ensemble).
        public var acceptance: Double

        /// The mean band width, (1/G) Σ 2·1.96·sd(x_g).
        public var meanBandWidth: Double { 2 * 1.96 * sd.reduce(0, +) / Double(sd.count) }

        /// The fraction of grid points where |mean − u| ≤ 2 sd.
        public func coverage(of exact: [Double]) -> Double {
            var inside = 0
            for g in mean.indices where abs(mean[g] - exact[g]) <= 2 * sd[g] { inside += 1 }
            return Double(inside) / Double(mean.count)
        }

        /// The root-mean-square error of the mean against `exact`.
        public func rmse(_ exact: [Double]) -> Double {
            var sum = 0.0
            for g in mean.indices { sum += (mean[g] - exact[g]) * (mean[g] - exact[g]) }
            return (sum / Double(mean.count)).squareRoot()
        }

        /// The 2.5% and 97.5% quantiles of k.
        public var kInterval: (Double, Double) {
            let sorted = k.sorted()
            func q(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded()))] }
            return (q(0.025), q(0.975))
        }

        /// Mean of k.
        public var kMean: Double { k.reduce(0, +) / Double(k.count) }
        /// Standard deviation of k.
        public var kSD: Double {
            let m = kMean
            return (k.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(k.count - 1, 1))).squareRoot()
        }

        /// Split-R̂ of the traces across chains (NaN with one chain).
        public var rHat: Double { traces.count < 2 ? .nan : splitRHat(traces) }
    }

    /// Mean and sd of u over parameter states (the band).
    static func band(_ posterior: PhysicsInformedPosterior, states: [[Double]], grid: [Double]) -> (mean: [Double], sd: [Double]) {
        let us = states.map { posterior.predict($0, at: grid).u }
        let n = Double(us.count)
        let mean = (0..<grid.count).map { g in us.reduce(0) { $0 + $1[g] } / n }
        let sd = (0..<grid.count).map { g in (us.reduce(0) { $0 + ($1[g] - mean[g]) * ($1[g] - mean[g]) } / max(n - 1, 1)).squareRoot() }
        return (mean, sd)
    }

    /// A starting state: Glorot weights for the network (and k at its prior mean).
    static func initialState(_ posterior: PhysicsInformedPosterior, _ s: Settings, using rng: inout Xoshiro256) -> [Double] {
        let θ = posterior.network.initialParameters(.glorot, using: &rng).scalars
        return posterior.isInverse ? θ + [s.kPriorMean] : θ
    }

    /// Adam uphill on a log density for `steps` steps, the rate cosine-annealed from
    /// `learningRate` to 1% of it.
    static func maximise(_ target: LogDensityGradient, from start: [Double], steps: Int, learningRate: Double) -> [Double] {
        var state = Tensor(start)
        var adam = Adam(.cosine(learningRate, period: max(steps, 1), minimum: learningRate / 100))
        for _ in 0..<steps {
            let (_, g) = target(state.scalars)
            adam.update(&state, gradient: Tensor(g.map { -$0 }))
        }
        return state.scalars
    }

    /// HMC on the posterior: `hmcChains` chains in parallel (chain c from stream 140 + c + 10·`offset`),
    /// each started from Glorot weights, `hmcWarmup` iterations adapting ε by dual averaging, then
    /// `hmcDraws` iterations of `hmcLeapfrogSteps` leapfrog steps (jittered, see ``HamiltonianMonteCarlo``).
    public static func hmc(_ posterior: PhysicsInformedPosterior, _ s: Settings, offset: UInt64 = 0,
                           finished: ((Int) -> Void)? = nil) async throws -> Fit {
        let target = posterior.logDensityGradient
        let chains = try await runInParallel(count: s.hmcChains, seed: s.seed &+ 1_000 &* (offset + 1), finished: finished) { c, rng in
            var starts = Xoshiro256(seed: s.seed, stream: 140 + c + 10 * Int(offset))
            let start = initialState(posterior, s, using: &starts)
            let sampler = HamiltonianMonteCarlo(stepSize: s.hmcStepSize, leapfrogSteps: s.hmcLeapfrogSteps, warmup: s.hmcWarmup,
                                                adaptStepSize: true, thin: s.hmcThin)
            return try sampler.sample(target, from: start, steps: s.hmcDraws, using: &rng)
        }
        let grid = self.grid(s)
        let states = chains.flatMap { chain in (0..<chain.count).map { chain.draw($0) } }
        let (mean, sd) = band(posterior, states: states, grid: grid)
        let traces = chains.map { chain -> [Double] in
            posterior.isInverse ? chain.coordinate(chain.dimension - 1)
                : (0..<chain.count).map { posterior.predict(chain.draw($0), at: [0]).u[0] }
        }
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? states.map { $0.last! } : [], traces: traces,
                   gradientEvaluations: chains.reduce(0) { $0 + $1.evaluations },
                   acceptance: chains.reduce(0) { $0 + $1.acceptanceRate } / Double(chains.count))
    }

    /// A deep ensemble of PINNs: `ensembleMembers` fits of the PINN loss — the posterior's
    /// likelihood terms, without the weights' prior (k keeps its prior) — by Adam from Glorot
    /// starts (member m from stream 160 + m), in parallel; the band is the members' spread
    /// (Lakshminarayanan et al. 2017 without the heteroscedastic head: the spread comes from the
    /// starts and the optimiser alone).
    public static func ensemble(_ posterior: PhysicsInformedPosterior, _ s: Settings, finished: ((Int) -> Void)? = nil) async throws -> Fit {
        let target = posterior.withoutWeightPrior.logDensityGradient
        let members = try await runInParallel(count: s.ensembleMembers, seed: s.seed, finished: finished) { m, _ in
            var rng = Xoshiro256(seed: s.seed, stream: 160 + m)
            return maximise(target, from: initialState(posterior, s, using: &rng), steps: s.ensembleSteps, learningRate: s.ensembleLearningRate)
        }
        let (mean, sd) = band(posterior, states: members, grid: grid(s))
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? members.map { $0.last! } : [], traces: [],
                   gradientEvaluations: s.ensembleMembers * s.ensembleSteps, acceptance: .nan)
    }
}

extension PhysicsInformedChapter {
    /// Mean-field Gaussian VI on the same posterior (``MeanFieldGaussianVI``): μ placed at a mode
    /// of ln p first (`viPretrainSteps` Adam steps from a Glorot start, stream `stream`), then
    /// `viSteps` steps of one reparameterised draw from σ = 10⁻³; the band and the draws of k come
    /// from `viDraws` draws of the fitted q.
    public static func meanFieldVI(_ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int) -> Fit {
        var rng = Xoshiro256(seed: s.seed, stream: stream)
        let start = maximise(posterior.logDensityGradient, from: initialState(posterior, s, using: &rng), steps: s.viPretrainSteps,
                             learningRate: s.ensembleLearningRate)
        let q = MeanFieldGaussianVI(steps: s.viSteps, learningRate: s.viLearningRate).fit(posterior.logDensityGradient, from: start, using: &rng)
        let states = (0..<s.viDraws).map { _ in zip(q.mean, q.sd).map { $0 + $1 * rng.normal() } }
        let (mean, sd) = band(posterior, states: states, grid: grid(s))
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? states.map { $0.last! } : [], traces: [],
                   gradientEvaluations: s.viPretrainSteps + s.viSteps, acceptance: .nan)
    }

    /// The θ-multiplier of one dropout mask on the hidden units: a dropped unit j of a hidden layer
    /// zeroes row j of the next weight matrix (its outgoing weights), a kept one scales that row by
    /// 1/(1 − p) (inverted dropout); biases, the first layer's weights and k (if any) are kept as they are.
    /// One mask per pass is shared by every input, so each pass is one function of x, whose
    /// derivatives in x are that function's.
    public static func dropoutMask(_ network: MLP, dimension: Int, rate p: Double, using rng: inout Xoshiro256) -> [Double] {
        var mask = [Double](repeating: 1, count: dimension)
        for l in 1..<network.layerCount {
            let (w, _) = network.layout(l)
            let fanOut = network.sizes[l + 1]
            for j in 0..<network.sizes[l] {
                let keep = rng.uniform() >= p ? 1 / (1 - p) : 0
                for c in 0..<fanOut { mask[w.lowerBound + j * fanOut + c] = keep }
            }
        }
        return mask
    }

    /// MC dropout for a PINN (Gal & Ghahramani 2016): Adam on the PINN loss (the likelihood terms,
    /// k's prior) through a fresh dropout mask every step (rate `dropoutRate` on both hidden
    /// layers), with the weight decay (1 − p)θ/σ_θ² of the KL term for the prior N(0, σ_θ²I),
    /// `dropoutSteps` steps from a Glorot start (stream `stream`); then `dropoutPasses` passes with
    /// masks on. k is a point estimate (no mask reaches it).
    public static func mcDropout(_ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int) -> Fit {
        var rng = Xoshiro256(seed: s.seed, stream: stream)
        let start = initialState(posterior, s, using: &rng)
        let likelihood = posterior.withoutWeightPrior
        let (p, decay) = (s.dropoutRate, (1 - s.dropoutRate) / (s.weightPriorSD * s.weightPriorSD))
        let weights = posterior.network.parameterCount
        var state = Tensor(start)
        var adam = Adam(.cosine(s.dropoutLearningRate, period: s.dropoutSteps, minimum: s.dropoutLearningRate / 100))
        for _ in 0..<s.dropoutSteps {
            let mask = dropoutMask(posterior.network, dimension: state.count, rate: p, using: &rng)
            let v = state.scalars
            let g = likelihood.valueAndGradient(zip(v, mask).map { $0 * $1 }).gradient
            var descent = [Double](repeating: 0, count: v.count)
            for j in v.indices { descent[j] = -g[j] * mask[j] + (j < weights ? decay * v[j] : 0) }
            adam.update(&state, gradient: Tensor(descent))
        }
        let trained = state.scalars
        let states = (0..<s.dropoutPasses).map { _ in
            zip(trained, dropoutMask(posterior.network, dimension: trained.count, rate: p, using: &rng)).map { $0 * $1 }
        }
        let (mean, sd) = band(posterior, states: states, grid: grid(s))
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? states.map { $0.last! } : [], traces: [],
                   gradientEvaluations: s.dropoutSteps, acceptance: .nan)
    }
}
