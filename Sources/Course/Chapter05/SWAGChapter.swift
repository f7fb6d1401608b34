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
/// learning-rate sweep's runs from run 0's MAP and stream 0 of `seed + 50` (so that its rate η = 10⁻³
/// is run 0 again).
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

    /// One SWAG run from a start drawn from `rng`: ``maximumAPosteriori(_:data:using:)``, then
    /// ``sgd(_:learningRate:from:data:using:)`` at the rate η.
    static func train(_ s: Settings, learningRate eta: Double, data: RegressionData, using rng: inout Xoshiro256) throws -> SWAGRun {
        try sgd(s, learningRate: eta, from: try maximumAPosteriori(s, data: data, using: &rng), data: data, using: &rng)
    }

    /// The MAP SWAG starts from: ω₀ ~ N(0, s₀² I) drawn from `rng`, then ``Settings/pretrainSteps``
    /// full-batch Adam steps (learning rate 0.01) on −ln p(ω | D)/N.
    static func maximumAPosteriori(_ s: Settings, data: RegressionData, using rng: inout Xoshiro256) throws -> [Double] {
        let network = ReferencePosterior.network
        let start = (0..<network.parameterCount).map { _ in s.initialStandardDeviation * rng.normal() }
        return try Inference.maximumAPosteriori(ReferencePosterior.posterior(data).logDensityGradient, from: start, dataCount: data.count,
                                                steps: s.pretrainSteps)
    }

    /// SWAG's SGD from `map`: the constant rate η on the mini-batch estimate
    /// ĝ(ω) = ∇ln p(ω) + (N/B) Σ_batch ∇ln p(yᵢ | xᵢ, ω) (B points drawn with replacement from `rng`;
    /// with ``Settings/fullGradient`` the exact ∇ln p(ω | D)), ω ← ω + η ĝ(ω)/N, collecting every c-th
    /// iterate.
    /// - Throws: `TrainingDiverged` when an iterate is no longer finite.
    static func sgd(_ s: Settings, learningRate eta: Double, from map: [Double], data: RegressionData, using rng: inout Xoshiro256) throws -> SWAGRun {
        let posterior = ReferencePosterior.posterior(data)
        let run = try SWAG.run(rank: s.rank, iterates: s.iterates, interval: s.interval, learningRate: eta, pretrainSteps: 0,
                               from: map, dataCount: data.count, target: posterior.logDensityGradient,
                               stochasticGradient: { w, rng in
                                   s.fullGradient ? posterior.logDensityGradient(w).gradient : posterior.stochasticGradient(w, batchSize: s.batchSize, using: &rng)
                               }, using: &rng)
        return SWAGRun(swag: run.swag, iterates: run.iterates)
    }
}
