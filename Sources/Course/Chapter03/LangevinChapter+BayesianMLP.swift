import Datasets
import Inference
import NeuralNetworks
import Probability

extension LangevinChapter {
    /// Predictions f_w(x) on `grid` of every `every`-th draw w of `chain`.
    public static func predictions(_ chain: Chain, on grid: [Double], every: Int = 1) -> [[Double]] {
        stride(from: 0, to: chain.count, by: every).map { ReferencePosterior.network.forward(grid, count: grid.count, parameters: chain.draw($0)) }
    }

    /// Convergence of the chains' prediction at one input.
    public struct ProbeConvergence: Sendable {
        /// The input x (the grid point nearest to it is used).
        public let x: Double
        /// Split-R̂ of f_w(x) across the chains.
        public let rHat: Double
        /// Effective sample size of f_w(x) over the chains.
        public let ess: Double
    }

    /// Split-R̂ and ESS of f_w(x) at each of ``Settings/probes``, from every draw's predictions on ``grid(_:)``.
    public static func probeConvergence(_ s: Settings, chains: [Chain]) -> [ProbeConvergence] {
        let grid = ReferencePosterior.grid(s.reference)
        let f = chains.map { predictions($0, on: grid) }
        return s.probes.map { p in
            let index = grid.indices.min { abs(grid[$0] - p) < abs(grid[$1] - p) }!
            let traces = f.map { $0.map { $0[index] } }
            return ProbeConvergence(x: p, rHat: splitRHat(traces), ess: effectiveSampleSize(traces))
        }
    }

    /// HMC on the Bayesian MLP, set beside the NUTS reference: as many chains as the reference
    /// (`runChains` from seed + 52), ``Settings/bnnHMCDraws`` draws each after as many warm-up
    /// iterations, each from w ~ N(0, 0.5² I), adapting its step size toward 80% acceptance and its
    /// trajectory length (a quarter period of the widest direction, at most
    /// ``Settings/bnnHMCMaximumLeapfrogSteps``), then jittering both (``HamiltonianMonteCarlo``).
    public static func hmcChains(_ s: Settings, data: RegressionData) async throws -> [Chain] {
        let target = ReferencePosterior.posterior(data).logDensityGradient
        let parameterCount = ReferencePosterior.network.parameterCount
        return try await runChains(count: s.reference.chains, seed: s.seed &+ 52) { _, rng in
            var hmc = HamiltonianMonteCarlo(stepSize: 1e-3, leapfrogSteps: 20, warmup: s.bnnHMCDraws)
            hmc.adaptTrajectoryLength = true
            hmc.maximumLeapfrogSteps = s.bnnHMCMaximumLeapfrogSteps
            return try hmc.sample(target, from: (0..<parameterCount).map { _ in 0.5 * rng.normal() }, steps: s.bnnHMCDraws, using: &rng)
        }
    }

    /// A sampler's chains scored on the whole prediction grid: the smallest ESS and the largest
    /// split-R̂ of f_w(x) over the grid's points, the gradients spent after warm-up, and the
    /// divergent transitions.
    public struct GridEfficiency: Sendable {
        public let minimumESS: Double
        public let maximumRHat: Double
        public let gradients: Double
        public let divergences: Int
        /// Effective samples of the worst-sampled prediction per gradient.
        public var essPerGradient: Double { minimumESS / gradients }
    }

    /// ``GridEfficiency`` of `chains` (every draw) on ``grid(_:)``, for `gradients` spent after warm-up.
    public static func gridEfficiency(_ s: Settings, chains: [Chain], gradients: Double) -> GridEfficiency {
        let grid = ReferencePosterior.grid(s.reference)
        let f = chains.map { predictions($0, on: grid) }
        let per = grid.indices.map { i in f.map { $0.map { $0[i] } } }
        return GridEfficiency(minimumESS: per.map(effectiveSampleSize).min()!, maximumRHat: per.map(splitRHat).max()!,
                              gradients: gradients, divergences: chains.reduce(0) { $0 + $1.divergences })
    }

    /// ``GridEfficiency`` of the chapter's HMC chains: L leapfrog steps per draw after warm-up (the
    /// jittered lengths average L).
    public static func gridEfficiency(_ s: Settings, hmc chains: [Chain]) -> GridEfficiency {
        gridEfficiency(s, chains: chains, gradients: Double(chains.reduce(0) { $0 + s.bnnHMCDraws * $1.leapfrogSteps }))
    }

    /// ``GridEfficiency`` of NUTS runs: the leapfrog steps of every kept transition.
    public static func gridEfficiency(_ s: Settings, nuts runs: [NUTSRun]) -> GridEfficiency {
        gridEfficiency(s, chains: runs.map(\.chain), gradients: Double(runs.reduce(0) { $0 + $1.transitions.reduce(0) { $0 + $1.leapfrogSteps } }))
    }

    /// SGLD's step sizes on the Bayesian MLP (γ = 0.55).
    public static func bnnSGLDSchedule(_ s: Settings) -> SGLDSchedule {
        SGLDSchedule(from: s.bnnSGLDFirstStepSize, to: s.bnnSGLDLastStepSize, over: s.bnnSGLDSteps)
    }

    /// ``Settings/comparisonChains`` SGLD chains on the Bayesian MLP (`runChains` from seed + 40), each
    /// from w ~ N(0, sd² I), mini-batches of B points: ĝ = ∇ln p(w) + (N/B)Σ_batch ∇ln p(y_i | x_i, w).
    public static func sgldChains(_ s: Settings, data: RegressionData) async throws -> [Chain] {
        let posterior = ReferencePosterior.posterior(data)
        let schedule = bnnSGLDSchedule(s)
        let parameterCount = ReferencePosterior.network.parameterCount
        return try await runChains(count: s.comparisonChains, seed: s.seed &+ 40) { _, rng in
            try SGLD(schedule: schedule, thin: s.bnnSGLDThin).sample(stochasticGradient: { w, _, rng in
                posterior.stochasticGradient(w, batchSize: s.bnnSGLDBatchSize, using: &rng)
            }, from: (0..<parameterCount).map { _ in s.bnnInitialSD * rng.normal() }, steps: s.bnnSGLDSteps, using: &rng)
        }
    }

    /// SGLD's predictive on ``grid(_:)``: every ``Settings/bnnSGLDThin``-th draw of the second half
    /// of each chain, with the noise variance as the aleatoric part.
    public static func sgldPredictive(_ s: Settings, chains: [Chain]) -> PredictiveMoments {
        let grid = ReferencePosterior.grid(s.reference)
        let f = chains.map { c in
            predictions(Chain(dimension: c.dimension, draws: Array(c.draws.suffix(c.draws.count / 2)), acceptanceRate: 1, evaluations: 0),
                        on: grid, every: s.bnnSGLDThin)
        }
        return PredictiveMoments(means: Array(f.joined()), variances: Array(f.joined()).map { $0.map { _ in ReferencePosterior.noiseVariance } })
    }

    /// Random-walk MH on the Bayesian MLP (`runChains` from seed + 50), from `start`: the scale adapted
    /// during as many warm-up iterations as ``Settings/comparisonSteps``, then ``Settings/mhThin`` ×
    /// that many steps, every ``Settings/mhThin``-th kept.
    public static func mhChains(_ s: Settings, data: RegressionData, start: [Double]) async throws -> [Chain] {
        let logPosterior = ReferencePosterior.posterior(data).logDensity
        return try await runChains(count: s.comparisonChains, seed: s.seed &+ 50) { _, rng in
            try MetropolisHastings(proposal: .randomWalk(scale: s.mhScale), warmup: s.comparisonSteps, adaptScale: true, thin: s.mhThin)
                .sample(logPosterior, from: start, steps: s.mhThin * s.comparisonSteps, using: &rng)
        }
    }

    /// MALA on the Bayesian MLP (`runChains` from seed + 51), from `start`: ``Settings/comparisonSteps``
    /// steps after a quarter as many warm-up iterations.
    public static func malaChains(_ s: Settings, data: RegressionData, start: [Double]) async throws -> [Chain] {
        let target = ReferencePosterior.posterior(data).logDensityGradient
        return try await runChains(count: s.comparisonChains, seed: s.seed &+ 51) { _, rng in
            try Langevin(stepSize: s.malaStepSize, metropolisAdjusted: true, warmup: s.comparisonSteps / 4)
                .sample(target, from: start, steps: s.comparisonSteps, using: &rng)
        }
    }

    /// The full-data evaluations that produced the second half of the comparison chains' draws.
    public enum Cost {
        /// Random-walk MH: one density evaluation per step.
        public static func mh(_ s: Settings) -> Double { Double(s.comparisonChains * s.mhThin * s.comparisonSteps / 2) }
        /// MALA: one gradient per step.
        public static func mala(_ s: Settings) -> Double { Double(s.comparisonChains * s.comparisonSteps / 2) }
        /// HMC: L gradients per draw (L as adapted by each chain; jittered around it, so on average L).
        public static func hmc(_ s: Settings, chains: [Chain]) -> Double {
            chains.reduce(0) { $0 + Double(s.bnnHMCDraws / 2 * $1.leapfrogSteps) }
        }
        /// NUTS: the leapfrog steps of each transition that produced the second half.
        public static func nuts(_ runs: [NUTSRun]) -> Double {
            Double(runs.reduce(0) { total, run in total + run.transitions.suffix(run.transitions.count - run.transitions.count / 2).reduce(0) { $0 + $1.leapfrogSteps } })
        }
        /// SGLD: a mini-batch gradient of B of the N points counts B/N.
        public static func sgld(_ s: Settings, data: RegressionData) -> Double {
            Double(s.comparisonChains * s.bnnSGLDSteps / 2) / (Double(data.count) / Double(s.bnnSGLDBatchSize))
        }
    }

    /// A sampler's efficiency on the prediction f(0) of the Bayesian MLP.
    public struct Efficiency: Sendable {
        /// Full-data evaluations spent on the second halves (see ``Cost``).
        public let evaluations: Double
        /// ESS of f(0) over the second halves of the chains.
        public let ess: Double
        /// Split-R̂ of f(0) over the second halves.
        public let rHat: Double
        /// ESS per evaluation.
        public var essPerEvaluation: Double { ess / evaluations }
    }

    /// ESS and split-R̂ of f_w(0) over the second half of each chain, for `evaluations`.
    public static func efficiency(_ chains: [Chain], evaluations: Double) -> Efficiency {
        let traces = chains.map { chain in
            Array((chain.count / 2..<chain.count).map { t in ReferencePosterior.network.forward([0.0], count: 1, parameters: chain.draw(t))[0] })
        }
        return Efficiency(evaluations: evaluations, ess: effectiveSampleSize(traces), rHat: splitRHat(traces))
    }
}
