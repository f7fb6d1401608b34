import Datasets
import Inference
import NeuralNetworks
import Probability

/// Lecture 5 — stochastic weight averaging and SWAG — as functions of one ``Settings`` value.
///
/// The model is the reference's Bayesian MLP 1→10→1 on the running example (``ReferencePosterior``),
/// so that every band sits beside the NUTS reference of the same posterior. Streams of the seed:
/// the MultiSWAG runs from `seed + 50` (run k from its stream k), every weight draw of the
/// predictives from stream 51 (see ``drawGenerator(_:)``), the fresh draws from stream 52, the
/// learning-rate sweep's runs from `seed + 53`, the SWA-against-last-iterate run from `seed + 50`.
public enum SWAGChapter {
}

/// One SWAG run: its moments and the iterates they summarise.
public struct SWAGRun: Sendable {
    /// The SWAG Gaussian N(μ, ½Σ_diag + DDᵀ/(2(K − 1))).
    public let swag: SWAG
    /// The collected SGD iterates ω₁ … ωₙ, oldest first.
    public let iterates: [[Double]]
}

extension SWAGChapter {
    /// The MultiSWAG ensemble: ``Settings/swags`` independent SWAG runs in parallel, run k from
    /// stream k of `seed + 50`, each from its own start ω₀ ~ N(0, s₀² I) (see ``train(_:learningRate:data:using:)``).
    public static func runs(_ s: Settings) async throws -> [SWAGRun] {
        let data = ReferencePosterior.data(seed: s.seed)
        return try await runInParallel(count: s.swags, seed: s.seed &+ 50) { _, rng in
            try train(s, learningRate: s.learningRate, data: data, using: &rng)
        }
    }

    /// One SWAG run from a start drawn from `rng`: ω₀ ~ N(0, s₀² I), ``Settings/pretrainSteps`` Adam
    /// steps to a mode of −ln p(ω | D)/N, then SGD at the constant rate η on the mini-batch estimate
    /// ĝ(ω) = ∇ln p(ω) + (N/B) Σ_batch ∇ln p(yᵢ | xᵢ, ω), ω ← ω + η ĝ(ω)/N, collecting every c-th iterate.
    static func train(_ s: Settings, learningRate eta: Double, data: RegressionData, using rng: inout Xoshiro256) throws -> SWAGRun {
        let network = ReferencePosterior.network
        let posterior = ReferencePosterior.posterior(data)
        let start = (0..<network.parameterCount).map { _ in s.initialStandardDeviation * rng.normal() }
        let run = try SWAG.run(rank: s.rank, iterates: s.iterates, interval: s.interval, learningRate: eta, pretrainSteps: s.pretrainSteps,
                               from: start, dataCount: data.count, target: posterior.logDensityGradient,
                               stochasticGradient: { w, rng in posterior.stochasticGradient(w, batchSize: s.batchSize, using: &rng) }, using: &rng)
        return SWAGRun(swag: run.swag, iterates: run.iterates)
    }
}
