import Datasets
import Foundation
import NumericalMethods
import Inference
import Probability

extension LangevinChapter {
    /// Welling & Teh's posterior: θ₁ ~ N(0, 10), θ₂ ~ N(0, 1),
    /// x_i ~ ½N(θ₁, 2) + ½N(θ₁ + θ₂, 2), on ``Settings/mixtureCount`` points drawn from
    /// `Xoshiro256(seed: mixtureSeed)` with θ = (0, 1).
    public static func mixturePosterior(_ s: Settings) -> MixturePosterior {
        var rng = Xoshiro256(seed: s.mixtureSeed)
        return MixturePosterior(data: MixtureExample.sample(count: s.mixtureCount, using: &rng))
    }

    /// SGLD's step sizes on the mixture, ε_t = a(b + t)^(−γ) from ε₀ to ε_T.
    public static func mixtureSchedule(_ s: Settings) -> SGLDSchedule {
        SGLDSchedule(from: s.sgldFirstStepSize, to: s.sgldLastStepSize, over: s.sgldSteps, gamma: s.sgldGamma)
    }

    /// Every how many SGLD states on the mixture a draw is kept.
    public static func mixtureThin(_ s: Settings) -> Int { max(1, s.sgldSteps / s.sgldKept) }

    /// SGLD on the mixture from (0, 0), batches of one point drawn uniformly (stream 20):
    /// ω_{t+1} = ω_t + (ε_t/2)ĝ(ω_t) + η_t, η_t ~ N(0, ε_t I), ĝ = ∇ln p(ω) + N ∇ln p(x_i | ω).
    public static func mixtureSGLD(_ s: Settings, posterior: MixturePosterior) throws -> Chain {
        var r = Xoshiro256(seed: s.seed, stream: 20)
        let count = UInt64(s.mixtureCount)
        return try SGLD(schedule: mixtureSchedule(s), thin: mixtureThin(s)).sample(
            stochasticGradient: { theta, _, rng in posterior.stochasticGradient(theta, batch: [Int(rng.next() % count)], batchSize: 1) },
            from: [0, 0], steps: s.sgldSteps, using: &r)
    }

    /// The exact posterior of the mixture on a grid, normalised by the rectangle rule.
    public struct MixtureGrid: Sendable {
        /// The θ₁ axis.
        public let theta1: [Double]
        /// The θ₂ axis.
        public let theta2: [Double]
        /// The density, `density[j][i]` at (θ₁[i], θ₂[j]).
        public let density: [[Double]]
        /// Mass of the mode with θ₂ > 0 (near (0, 1)); the rest is near (1, −1).
        public let upperMass: Double
    }

    /// The mixture's posterior on ``Settings/mixtureGridCount``² points.
    public static func mixtureGrid(_ s: Settings, posterior: MixturePosterior) -> MixtureGrid {
        let theta1Axis = linspace(s.mixtureTheta1Range.lowerBound, s.mixtureTheta1Range.upperBound, count: s.mixtureGridCount)
        let theta2Axis = linspace(s.mixtureTheta2Range.lowerBound, s.mixtureTheta2Range.upperBound, count: s.mixtureGridCount)
        let logPosteriorGrid = theta2Axis.map { b in theta1Axis.map { a in posterior.logPosterior([a, b]) } }
        let logMax = logPosteriorGrid.joined().max()!
        let cell = (theta1Axis[1] - theta1Axis[0]) * (theta2Axis[1] - theta2Axis[0])
        let unnormalised = logPosteriorGrid.map { $0.map { Elementary.exp($0 - logMax) } }
        let total = unnormalised.joined().reduce(0, +) * cell
        let exactGrid = unnormalised.map { $0.map { $0 / total } }
        let upper = zip(theta2Axis, exactGrid).filter { $0.0 > 0 }.reduce(0) { $0 + $1.1.reduce(0, +) } * cell
        return MixtureGrid(theta1: theta1Axis, theta2: theta2Axis, density: exactGrid, upperMass: upper)
    }

    /// The second half of a 2-D chain's draws (where the step sizes are small), as (θ₁, θ₂) columns.
    public static func secondHalf(_ chain: Chain) -> (theta1: [Double], theta2: [Double]) {
        let kept = Array(chain.draws.suffix(chain.draws.count / 2))
        return (stride(from: 0, to: kept.count, by: 2).map { kept[$0] }, stride(from: 1, to: kept.count, by: 2).map { kept[$0] })
    }

    /// The share of the second half's draws with θ₂ > 0: SGLD's estimate of ``MixtureGrid/upperMass``.
    public static func upperModeShare(_ chain: Chain) -> Double {
        let kept = Array(chain.draws.suffix(chain.draws.count / 2))
        return Double(stride(from: 1, to: kept.count, by: 2).filter { kept[$0] > 0 }.count) / Double(kept.count / 2)
    }

    /// The two noises of an SGLD update at one iteration.
    public struct UpdateNoise: Sendable {
        /// The iteration t.
        public let iteration: Int
        /// Variance of the injected noise, ε_t.
        public let injected: Double
        /// Variance over the N possible batches of the update's gradient part, (ε_t/2)ĝ, for θ₁.
        public let gradient: Double
    }

    /// Injected against gradient noise at ``Settings/noiseCheckpoints`` log-spaced iterations of
    /// `chain` (the run of ``mixtureSGLD(_:posterior:)``), at the draw kept nearest before each.
    public static func updateNoise(_ s: Settings, posterior: MixturePosterior, chain: Chain) -> [UpdateNoise] {
        let schedule = mixtureSchedule(s)
        let last = s.noiseCheckpoints - 1
        let checkpoints = (0...last).map { Int(Elementary.pow(Double(s.sgldSteps - 1), Double($0) / Double(last))) }
        return checkpoints.map { t in
            let draw = chain.draw(min(chain.count - 1, t / mixtureThin(s)))
            let eps = schedule.stepSize(at: t)
            let estimates = (0..<s.mixtureCount).map { 0.5 * eps * posterior.stochasticGradient(draw, batch: [$0], batchSize: 1)[0] }
            let n = Double(s.mixtureCount)
            return UpdateNoise(iteration: t, injected: eps,
                               gradient: estimates.map { $0 * $0 }.reduce(0, +) / n - Elementary.pow(estimates.reduce(0, +) / n, 2))
        }
    }

    /// The Gaussian-mean model: ``Settings/meanDataCount`` points x_i ~ N(μ, σ²) (stream 21), prior μ ~ N(0, ·).
    public static func gaussianMeanModel(_ s: Settings) -> GaussianMeanPosterior {
        var r = Xoshiro256(seed: s.seed, stream: 21)
        return GaussianMeanPosterior(data: (0..<s.meanDataCount).map { _ in s.meanTrue + s.meanNoiseSD * r.normal() },
                                     noiseVariance: s.meanNoiseSD * s.meanNoiseSD, priorVariance: s.meanPriorVariance)
    }

    /// One SGLD run on the Gaussian mean, beside the posterior it targets.
    public struct MeanRun: Sendable {
        /// The weight w of the prior's gradient in the estimate w∇ln p(μ) + (N/B)Σ_batch ∇ln p(x_i | μ):
        /// 1 for Welling & Teh's, N/B for the slide's.
        public let priorWeight: Double
        /// Sample mean of the draws (the first tenth dropped).
        public let sampleMean: Double
        /// Their sample sd.
        public let sampleSD: Double
        /// Their effective sample size.
        public let ess: Double
        /// The exact posterior that estimate samples: the prior's precision multiplied by w.
        public let target: (mean: Double, variance: Double)
    }

    /// SGLD with a fixed step on the Gaussian mean from 0, with Welling & Teh's estimate (stream 22)
    /// and with the slide's, N/B times the whole ∇U on the batch (stream 23); in that order.
    public static func gaussianMeanRuns(_ s: Settings, model: GaussianMeanPosterior) throws -> [MeanRun] {
        let nOverB = Double(model.data.count) / Double(s.meanBatchSize)
        return try [1.0, nOverB].map { weight in
            var r = Xoshiro256(seed: s.seed, stream: weight == 1 ? 22 : 23)
            let chain = try SGLD(schedule: SGLDSchedule(a: s.meanStepSize, b: 1, gamma: 0), thin: s.meanThin).sample(
                stochasticGradient: { w, _, rng in [model.stochasticGradient(w[0], batchSize: s.meanBatchSize, priorWeight: weight, using: &rng)] },
                from: [0], steps: s.meanSteps, using: &r)
            let draws = Array(chain.coordinate(0).dropFirst(chain.count / 10))   // a tenth as burn-in
            let exact = model.posterior(priorWeight: weight)
            return MeanRun(priorWeight: weight, sampleMean: mean(draws), sampleSD: variance(draws).squareRoot(), ess: effectiveSampleSize(draws),
                           target: (exact.mean, exact.variance))
        }
    }
}
