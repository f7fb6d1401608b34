import Autodiff
import Foundation
import Inference
import NeuralNetworks
import Probability

extension PhysicsInformedChapter {
    /// What NUTS reported for one sampled fit, over all its chains.
    public struct SamplerDiagnostics: Sendable {
        /// Chains of the fit.
        public var chains: Int
        /// The largest split-R̂ over the grid's u(x) and k (``splitRHat(_:)``).
        public var rHat: Double
        /// The smallest bulk ESS over the same quantities (``effectiveSampleSize(_:)``), all chains together.
        public var ess: Double
        /// Kept transitions that diverged, all chains together.
        public var divergences: Int
        /// Kept transitions that stopped at the maximum tree depth, all chains together.
        public var saturated: Int
        /// Kept transitions, all chains together.
        public var transitions: Int
        /// Mean acceptance statistic of the kept transitions.
        public var acceptance: Double
        /// Mean of the chains' adapted step sizes.
        public var stepSize: Double
    }

    /// Convergence traces of an optimisation: per member (ensemble) or per run, the mean of the
    /// objective over each block of ``blockLength`` steps; for VI also μ and σ of the state's last
    /// coordinate (k, in the inverse problem) at the end of each block.
    public struct Convergence: Sendable {
        /// Steps per block.
        public var blockLength: Int
        /// Per member or run: the block means of −ln p (ensemble, MAP), −ELBO (VI) or the masked loss (dropout).
        public var objective: [[Double]]
        /// VI only: μ and σ of the last coordinate at the end of each block.
        public var lastMean: [Double] = [], lastSD: [Double] = []
    }

    /// What one method gives on one problem: u's band on the grid, k's posterior (inverse problem),
    /// the cost, and the evidence that the method finished (NUTS's diagnostics or the optimiser's traces).
    public struct Fit: Sendable {
        /// Mean and standard deviation of u_θ(x) over the draws (or members), on ``grid(_:)``.
        public var mean: [Double], sd: [Double]
        /// k of every draw or member (empty for the forward problem and for Laplace).
        public var k: [Double]
        /// Laplace: k's Gaussian marginal (mean, sd); nil otherwise.
        public var kGaussian: (mean: Double, sd: Double)?
        /// Gradient evaluations of ln p, all chains or members together.
        public var gradientEvaluations: Int
        /// NUTS's diagnostics (nil for the other methods).
        public var diagnostics: SamplerDiagnostics?
        /// The optimiser's traces (nil for NUTS and Laplace).
        public var convergence: Convergence?

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

        /// The 2.5% and 97.5% quantiles of k (of the draws, or mean ± 1.96 sd for Laplace).
        public var kInterval: (Double, Double) {
            if let g = kGaussian { return (g.mean - 1.96 * g.sd, g.mean + 1.96 * g.sd) }
            let sorted = k.sorted()
            func q(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded()))] }
            return (q(0.025), q(0.975))
        }

        /// Whether the 95% interval of k holds the true 0.7.
        public var kIntervalHoldsTruth: Bool { kInterval.0 <= Problem.inverse.trueK && Problem.inverse.trueK <= kInterval.1 }

        /// Mean of k.
        public var kMean: Double { kGaussian?.mean ?? k.reduce(0, +) / Double(k.count) }
        /// Standard deviation of k.
        public var kSD: Double {
            if let g = kGaussian { return g.sd }
            let m = kMean
            return (k.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(k.count - 1, 1))).squareRoot()
        }
    }

    /// Mean and sd of u over parameter states (the band).
    static func band(_ posterior: PhysicsInformedPosterior, states: [[Double]], grid: [Double]) -> (mean: [Double], sd: [Double]) {
        let us = states.map { posterior.predict($0, at: grid).u }
        return bandOf(us)
    }

    /// Mean and sd over functions given on the grid.
    static func bandOf(_ us: [[Double]]) -> (mean: [Double], sd: [Double]) {
        let n = Double(us.count), g = us[0].count
        let mean: [Double] = (0..<g).map { (i: Int) -> Double in us.reduce(0.0) { (s: Double, u: [Double]) in s + u[i] } / n }
        let sd: [Double] = (0..<g).map { (i: Int) -> Double in
            let squares = us.reduce(0.0) { (s: Double, u: [Double]) in s + (u[i] - mean[i]) * (u[i] - mean[i]) }
            return (squares / max(n - 1, 1)).squareRoot()
        }
        return (mean, sd)
    }

    /// A starting state: Glorot weights for the network (and k at its prior mean).
    static func initialState(_ posterior: PhysicsInformedPosterior, _ s: Settings, using rng: inout Xoshiro256) -> [Double] {
        let θ = posterior.network.initialParameters(.glorot, using: &rng).scalars
        return posterior.isInverse ? θ + [s.kPriorMean] : θ
    }

    /// Block means of a per-step series (blocks of `length`, the last one possibly shorter).
    static func blockMeans(_ xs: [Double], length: Int) -> [Double] {
        stride(from: 0, to: xs.count, by: length).map { i in
            let block = xs[i..<min(i + length, xs.count)]
            return block.reduce(0, +) / Double(block.count)
        }
    }

    /// Adam uphill on a log density for `steps` steps, the rate cosine-annealed from
    /// `learningRate` to 1% of it; returns the state and −ln p at every step.
    static func maximise(_ target: LogDensityGradient, from start: [Double], steps: Int, learningRate: Double) -> (state: [Double], losses: [Double]) {
        var state = Tensor(start)
        var adam = Adam(.cosine(learningRate, period: max(steps, 1), minimum: learningRate / 100))
        var losses = [Double]()
        losses.reserveCapacity(steps)
        for _ in 0..<steps {
            let (value, g) = target(state.scalars)
            losses.append(-value)
            adam.update(&state, gradient: Tensor(g.map { -$0 }))
        }
        return (state.scalars, losses)
    }

    /// NUTS on the posterior (``NoUTurnSampler``: dual-averaging step size and a diagonal mass
    /// matrix adapted in warm-up, tree depth capped at `nutsMaximumDepth`): `nutsChains` chains in
    /// parallel, chain c started from `starts[c mod starts.count]` and drawing from stream c of the
    /// seed s.seed + 1000·(offset + 1); `nutsWarmup` warm-up and `nutsDraws` kept transitions each.
    /// Split-R̂ and the bulk ESS are taken over every grid point's u(x) and over k; the band pools the chains.
    public static func nuts(_ posterior: PhysicsInformedPosterior, _ s: Settings, starts: [[Double]], offset: UInt64 = 0,
                            finished: ((Int) -> Void)? = nil) async throws -> Fit {
        precondition(!starts.isEmpty, "PhysicsInformedChapter.nuts: no starting states")
        let target = posterior.logDensityGradient
        let grid = self.grid(s)
        let runs = try await runInParallel(count: s.nutsChains, seed: s.seed &+ 1_000 &* (offset + 1), finished: finished) { c, rng in
            let sampler = NoUTurnSampler(stepSize: s.nutsStepSize, warmup: s.nutsWarmup, maximumTreeDepth: s.nutsMaximumDepth)
            let run = try sampler.sample(target, from: starts[c % starts.count], steps: s.nutsDraws, using: &rng)
            let us = (0..<run.chain.count).map { posterior.predict(run.chain.draw($0), at: grid).u }
            return (run: run, us: us)
        }
        // Per quantity (grid point, then k), one trace per chain.
        var quantities = grid.indices.map { g in runs.map { r in r.us.map { $0[g] } } }
        if posterior.isInverse { quantities.append(runs.map { $0.run.chain.coordinate(posterior.dimension - 1) }) }
        let rHat = runs.count > 1 ? quantities.map(splitRHat).max()! : .nan
        let ess = quantities.map(effectiveSampleSize).min()!
        let transitions = runs.flatMap(\.run.transitions)
        let diagnostics = SamplerDiagnostics(
            chains: runs.count, rHat: rHat, ess: ess, divergences: transitions.filter(\.divergent).count,
            saturated: runs.reduce(0) { $0 + $1.run.saturated(maximumDepth: s.nutsMaximumDepth) }, transitions: transitions.count,
            acceptance: transitions.reduce(0) { $0 + $1.acceptance } / Double(transitions.count),
            stepSize: runs.reduce(0) { $0 + $1.run.stepSize } / Double(runs.count))
        let (mean, sd) = bandOf(runs.flatMap(\.us))
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? runs.flatMap { $0.run.chain.coordinate(posterior.dimension - 1) } : [],
                   kGaussian: nil, gradientEvaluations: runs.reduce(0) { $0 + $1.run.chain.evaluations }, diagnostics: diagnostics, convergence: nil)
    }

    /// Starting states drawn from the prior N(0, σ_θ²I) (and k's prior), one per chain, from
    /// stream 140 + c + 10·`offset`: for the data-only posterior, which stays close to its prior.
    static func priorDraws(_ posterior: PhysicsInformedPosterior, _ s: Settings, count: Int, offset: Int) -> [[Double]] {
        (0..<count).map { c in
            var rng = Xoshiro256(seed: s.seed, stream: 140 + c + 10 * offset)
            var θ = (0..<posterior.network.parameterCount).map { _ in s.weightPriorSD * rng.normal() }
            if posterior.isInverse { θ.append(s.kPriorMean + s.kPriorSD * rng.normal()) }
            return θ
        }
    }

    /// A deep ensemble of B-PINN MAPs: `ensembleMembers` maximisations of the full posterior ln p
    /// (the weights' prior N(0, σ_θ²I) included, as chapter 4's deep ensemble on the running
    /// example) by Adam from Glorot starts (member m from stream 160 + m), in parallel; the band is
    /// the members' spread. Also returns the members and their ln p (NUTS starts from them, Laplace
    /// sits at the best).
    public static func ensemble(_ posterior: PhysicsInformedPosterior, _ s: Settings, finished: ((Int) -> Void)? = nil) async throws
        -> (fit: Fit, members: [[Double]], logDensities: [Double]) {
        let target = posterior.logDensityGradient
        let results = try await runInParallel(count: s.ensembleMembers, seed: s.seed, finished: finished) { m, _ in
            var rng = Xoshiro256(seed: s.seed, stream: 160 + m)
            return maximise(target, from: initialState(posterior, s, using: &rng), steps: s.ensembleSteps, learningRate: s.ensembleLearningRate)
        }
        let members = results.map(\.state)
        let (mean, sd) = band(posterior, states: members, grid: grid(s))
        let block = max(1, s.ensembleSteps / s.traceBlocks)
        let fit = Fit(mean: mean, sd: sd, k: posterior.isInverse ? members.map { $0.last! } : [], kGaussian: nil,
                      gradientEvaluations: s.ensembleMembers * s.ensembleSteps, diagnostics: nil,
                      convergence: Convergence(blockLength: block, objective: results.map { blockMeans($0.losses, length: block) }))
        return (fit, members, members.map { target($0).value })
    }

    /// The Laplace approximation at a mode (``PhysicsInformedLaplace``: the full GGN of the
    /// physics-informed likelihood plus the prior precision), its GLM predictive band of u and k's
    /// Gaussian marginal. Costs one residual Jacobian (a reverse sweep per sensor) and one per grid point.
    public static func laplace(_ posterior: PhysicsInformedPosterior, _ s: Settings, at mode: [Double]) -> Fit {
        let q = PhysicsInformedLaplace(posterior, at: mode)
        let (mean, sd) = q.predictive(at: grid(s))
        let sensors = posterior.uInputs.count + (posterior.residualWeight == 0 ? 0 : posterior.fInputs.count)
        return Fit(mean: mean, sd: sd, k: [], kGaussian: q.kMarginal, gradientEvaluations: sensors + s.gridCount, diagnostics: nil, convergence: nil)
    }
}

extension PhysicsInformedChapter {
    /// Mean-field Gaussian VI on the same posterior (``MeanFieldGaussianVI``): μ starts at a mode
    /// of ln p (`start`: the run passes the ensemble's best MAP, where Laplace sits; without it,
    /// `viPretrainSteps` Adam steps from a Glorot start), then `viSteps` steps of one
    /// reparameterised draw (stream `stream`) from σ = 10⁻³; the band and the draws of k come
    /// from `viDraws` draws of the fitted q. The trace: −ELBO (one-draw estimates, block means) and
    /// μ, σ of the last coordinate.
    public static func meanFieldVI(_ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int, start: [Double]? = nil) -> Fit {
        var rng = Xoshiro256(seed: s.seed, stream: stream)
        let pretrain = start == nil ? s.viPretrainSteps : 0
        let mu0 = start ?? maximise(posterior.logDensityGradient, from: initialState(posterior, s, using: &rng), steps: s.viPretrainSteps,
                                    learningRate: s.ensembleLearningRate).state
        let block = max(1, s.viSteps / s.traceBlocks)
        var elbo = [Double](), lastMean = [Double](), lastSD = [Double]()
        elbo.reserveCapacity(s.viSteps)
        let q = MeanFieldGaussianVI(steps: s.viSteps, learningRate: s.viLearningRate).fit(posterior.logDensityGradient, from: mu0, using: &rng) { t, e, m, sd in
            elbo.append(-e)
            if (t + 1) % block == 0 || t + 1 == s.viSteps { lastMean.append(m); lastSD.append(sd) }
        }
        let states = (0..<s.viDraws).map { _ in zip(q.mean, q.sd).map { $0 + $1 * rng.normal() } }
        let (mean, sd) = band(posterior, states: states, grid: grid(s))
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? states.map { $0.last! } : [], kGaussian: nil,
                   gradientEvaluations: pretrain + s.viSteps, diagnostics: nil,
                   convergence: Convergence(blockLength: block, objective: [blockMeans(elbo, length: block)], lastMean: lastMean, lastSD: lastSD))
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
    /// k's prior) through a fresh dropout mask every step (rate `rate`, default `dropoutRate`, on both
    /// hidden layers), with the weight decay (1 − p)θ/σ_θ² of the KL term for the prior N(0, σ_θ²I),
    /// `dropoutSteps` steps from a Glorot start (stream `stream`); then `dropoutPasses` passes with
    /// masks on. k is a point estimate (no mask reaches it). With rate 0 it is the MAP by Adam with
    /// the same steps: the control that separates the method from the optimiser. The trace: the
    /// masked −ln p (likelihood terms and decay) per step, block means.
    public static func mcDropout(_ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int, rate: Double? = nil) -> Fit {
        var rng = Xoshiro256(seed: s.seed, stream: stream)
        let start = initialState(posterior, s, using: &rng)
        let likelihood = posterior.withoutWeightPrior
        let p = rate ?? s.dropoutRate
        let decay = (1 - p) / (s.weightPriorSD * s.weightPriorSD)
        let weights = posterior.network.parameterCount
        var state = Tensor(start)
        var adam = Adam(.cosine(s.dropoutLearningRate, period: s.dropoutSteps, minimum: s.dropoutLearningRate / 100))
        var losses = [Double]()
        losses.reserveCapacity(s.dropoutSteps)
        for _ in 0..<s.dropoutSteps {
            let mask = p > 0 ? dropoutMask(posterior.network, dimension: state.count, rate: p, using: &rng) : [Double](repeating: 1, count: state.count)
            let v = state.scalars
            let (value, g) = likelihood.valueAndGradient(zip(v, mask).map { $0 * $1 })
            var descent = [Double](repeating: 0, count: v.count)
            var penalty = 0.0
            for j in v.indices {
                descent[j] = -g[j] * mask[j] + (j < weights ? decay * v[j] : 0)
                if j < weights { penalty += 0.5 * decay * v[j] * v[j] }
            }
            losses.append(-value + penalty)
            adam.update(&state, gradient: Tensor(descent))
        }
        let trained = state.scalars
        let states = p > 0 ? (0..<s.dropoutPasses).map { _ in
            zip(trained, dropoutMask(posterior.network, dimension: trained.count, rate: p, using: &rng)).map { $0 * $1 }
        } : [trained]
        let (mean, sd) = band(posterior, states: states, grid: grid(s))
        let block = max(1, s.dropoutSteps / s.traceBlocks)
        return Fit(mean: mean, sd: sd, k: posterior.isInverse ? states.map { $0.last! } : [], kGaussian: nil,
                   gradientEvaluations: s.dropoutSteps, diagnostics: nil,
                   convergence: Convergence(blockLength: block, objective: [blockMeans(losses, length: block)]))
    }
}
