import Datasets
import Foundation
import NumericalMethods
import Inference
import Probability

extension MetropolisHastingsChapter {
    /// A chain's estimate of one coordinate's posterior mean and sd.
    public struct CoordinateSummary: Sendable {
        /// The mean of the pooled draws.
        public let mean: Double
        /// Their sd.
        public let standardDeviation: Double
        /// The effective sample size over all chains.
        public let ess: Double
        /// The Monte Carlo standard error of the mean, sd/√ESS.
        public let mcse: Double
        /// Split-R̂ over the chains.
        public let rHat: Double

        /// The summary of `traces`, one per chain.
        public init(_ traces: [[Double]]) {
            let pooled = Array(traces.joined())
            let ess = effectiveSampleSize(traces)
            mean = Probability.mean(pooled)
            standardDeviation = variance(pooled).squareRoot()
            self.ess = ess
            mcse = variance(pooled).squareRoot() / ess.squareRoot()
            rHat = splitRHat(traces)
        }
    }

    /// MH on the straight-line posterior of Lecture 1, and the exact posterior.
    public struct LineModel: Sendable {
        /// The straight-line data.
        public let data: RegressionData
        /// The exact posterior N(m_N, S_N).
        public let exact: BayesianLinearRegression
        /// The chains on ln p(w | D) = −β/2 ‖y − Φw‖² − α/2 ‖w‖² + c.
        public let chains: [Chain]
        /// The chapter's stream after the data.
        let generator: Xoshiro256

        /// Coordinate j of w over every chain.
        public func summary(_ j: Int) -> CoordinateSummary { CoordinateSummary(chains.map { $0.coordinate(j) }) }
        /// Every chain's draws in one.
        public var pooled: Chain { Chain(dimension: 2, draws: Array(chains.map(\.draws).joined()), acceptanceRate: 0, evaluations: 0) }
        /// The correlation of (w0, w1) over the pooled draws.
        public var correlation: Double { let c = pooled.covariance; return c[1] / (c[0] * c[3]).squareRoot() }
        /// The exact posterior correlation of (w0, w1).
        public var exactCorrelation: Double {
            exact.posteriorCovariance[0, 1] / (exact.posteriorCovariance[0, 0] * exact.posteriorCovariance[1, 1]).squareRoot()
        }
    }

    /// The straight-line data (from the stream where `study` left it), its exact posterior, and
    /// `s.chains` adaptive random-walk chains on it (seed + 1), which never see m_N or S_N.
    public static func lineModel(_ s: Settings, after study: ScaleStudy) async throws -> LineModel {
        var rng = study.generator
        let lineData = StraightLineExample.sample(count: s.lineDataCount, using: &rng)
        let linePhi = PolynomialFeatures(degree: 1).designMatrix(lineData.inputs)
        let exact = try BayesianLinearRegression(design: linePhi, targets: lineData.targets, priorPrecision: s.linePriorPrecision,
                                                 noisePrecision: s.lineNoisePrecision)
        let logPosterior = linearRegressionLogPosterior(design: linePhi, targets: lineData.targets, priorPrecision: s.linePriorPrecision,
                                                        noisePrecision: s.lineNoisePrecision)
        let chains = try await runChains(count: s.chains, seed: s.seed &+ 1) { [s] _, rng in
            try MetropolisHastings(proposal: .randomWalk(scale: s.lineScale), warmup: s.lineWarmup, adaptScale: true)
                .sample(logPosterior, from: [0, 0], steps: s.lineSteps, using: &rng)
        }
        return LineModel(data: lineData, exact: exact, chains: chains, generator: rng)
    }

    /// σ of y_i ~ N(0, σ²) with σ² ~ Inv-Gamma(a, b), by MH with a log-normal proposal, with and without the Hastings correction.
    public struct NoiseScale: Sendable {
        /// The y_i.
        public let data: [Double]
        /// a′ = a + n/2 of the conjugate posterior σ² | y ~ Inv-Gamma(a′, b′).
        public let shape: Double
        /// b′ = b + ½ Σ y_i².
        public let scale: Double
        /// The pooled draws of σ with the correction σ′/σ.
        public let corrected: [Double]
        /// Their MCSE, sd/√ESS.
        public let correctedMCSE: Double
        /// The pooled draws of σ without it: a chain for p(σ | y)/σ.
        public let uncorrected: [Double]
        /// Their MCSE.
        public let uncorrectedMCSE: Double
        /// The chapter's stream after the data.
        let generator: Xoshiro256

        /// ln p(σ | y) up to a constant: the Inv-Gamma(a′, b′) density of σ² times the Jacobian 2σ.
        public func logPosterior(_ sigma: Double) -> Double { Self.logPosterior(sigma, shape: shape, scale: scale) }
        /// E[σ | y] = √b′ Γ(a′ − ½)/Γ(a′), exactly.
        public var exactMean: Double { scale.squareRoot() * Elementary.exp(Elementary.logGamma(shape - 0.5) - Elementary.logGamma(shape)) }

        static func logPosterior(_ s: Double, shape: Double, scale: Double) -> Double {
            guard s > 0 else { return -.infinity }
            return -(shape + 1) * Elementary.log(s * s) - scale / (s * s) + Elementary.log(s)
        }
    }

    /// The data (from the stream where `line` left it) and `s.chains` chains each with the correction
    /// (seed + 2) and without it (seed + 3), proposal σ′ = σ e^{s z}.
    public static func noiseScale(_ s: Settings, after line: LineModel) async throws -> NoiseScale {
        var rng = line.generator
        let noiseData = (0..<s.noiseCount).map { _ in s.noiseStandardDeviation * rng.normal() }
        let (aPost, bPost) = (s.noisePriorShape + Double(noiseData.count) / 2, s.noisePriorScale + 0.5 * noiseData.reduce(0) { $0 + $1 * $1 })
        let logPosterior: LogDensity = { x in NoiseScale.logPosterior(x[0], shape: aPost, scale: bPost) }
        var pooled = [Bool: [Double]](), mcse = [Bool: Double]()
        for corrected in [true, false] {
            let traces = try await runChains(count: s.chains, seed: s.seed &+ (corrected ? 2 : 3)) { [s] _, rng in
                var sampler = MetropolisHastings(proposal: .logNormal(scale: s.sigmaScale), warmup: s.sigmaWarmup)
                sampler.hastingsCorrection = corrected
                return try sampler.sample(logPosterior, from: [s.sigmaStart], steps: s.sigmaSteps, using: &rng)
            }.map { $0.coordinate(0) }
            let all = Array(traces.joined())
            pooled[corrected] = all
            mcse[corrected] = variance(all).squareRoot() / effectiveSampleSize(traces).squareRoot()
        }
        return NoiseScale(data: noiseData, shape: aPost, scale: bPost, corrected: pooled[true]!, correctedMCSE: mcse[true]!,
                          uncorrected: pooled[false]!, uncorrectedMCSE: mcse[false]!, generator: rng)
    }
}
