import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

/// The course's reference posterior, which every chapter after Lecture 3 draws its band beside:
/// NUTS on the Bayesian MLP 1→10→1 (tanh, prior w ~ N(0, I), noise sd 0.05) of the running example.
///
/// For a given seed the data, the chains and so the band are the same in every chapter: the data
/// come from stream 100 of the seed, the chains from `seed + 30` (chain k from its stream k), each
/// starting from w ~ N(0, 0.5² I) and adapting its step size (dual averaging toward the target
/// acceptance) and a diagonal mass matrix (Stan's windows) during as many warm-up iterations as
/// it keeps draws.
public enum ReferencePosterior {
    /// The Bayesian MLP's network.
    public static let network = MLP(sizes: [1, 10, 1], activation: .tanh)
    /// σ² of the observation noise.
    public static let noiseVariance = RunningExample.noiseStandardDeviation * RunningExample.noiseStandardDeviation

    /// The running example's 40 points for `seed`.
    public static func data(seed: UInt64) -> RegressionData {
        var rng = Xoshiro256(seed: seed, stream: 100)
        return RunningExample.sample(using: &rng)
    }

    /// The posterior p(w | D) for `data`.
    public static func posterior(_ data: RegressionData) -> BayesianMLP {
        BayesianMLP(network: network, inputs: data.inputs, targets: data.targets, noiseVariance: noiseVariance)
    }

    /// How the reference is run, written once for every chapter that draws it: NUTS chains, draws
    /// per chain (after as many warm-up iterations), the maximum tree depth, the target
    /// acceptance statistic, and the points of the prediction grid on [−1.5, 1.5].
    public struct Settings: Sendable, Hashable {
        public var chains: Int
        public var draws: Int
        /// A tree of depth j takes 2^j − 1 leapfrog steps.
        public var maximumTreeDepth: Int
        public var targetAcceptance: Double
        public var gridCount: Int

        /// The chapters' reference: 4 chains of 400 draws, trees of depth at most 9 (511 leapfrog
        /// steps), target acceptance 0.8, 151 grid points.
        public static let standard = Settings(chains: 4, draws: 400, maximumTreeDepth: 9, targetAcceptance: 0.8, gridCount: 151)
        /// The smoke run of `--quick`: 100 draws, trees of depth at most 6.
        public static let quick = Settings(chains: 4, draws: 100, maximumTreeDepth: 6, targetAcceptance: 0.8, gridCount: 151)
    }

    /// The prediction grid of `settings` on [−1.5, 1.5].
    public static func grid(_ settings: Settings) -> [Double] {
        RunningExample.testGrid(count: settings.gridCount)
    }

    /// The reference's NUTS runs for `data` at `settings`: `settings.chains` chains of
    /// `settings.draws` draws each (after as many warm-up iterations), run in parallel; each run
    /// keeps what every transition did (tree depth, acceptance, divergence).
    ///
    /// The runs are a function of (seed, settings, data) alone, so they are computed once per
    /// process and kept: the chapters and the claims tests that draw the same reference (chapters
    /// 4–9 all draw it for seeds 1–5) share one computation. A second caller asking while the
    /// first computes waits for it.
    public static func runs(seed: UInt64, _ settings: Settings, data: RegressionData) async throws -> [NUTSRun] {
        let key = RunsKey(seed: seed, settings: settings, inputs: data.inputs.map(\.bitPattern), targets: data.targets.map(\.bitPattern))
        return try await computedRuns.task(for: key) {
            let target = posterior(data).logDensityGradient
            return try await runInParallel(count: settings.chains, seed: seed &+ 30) { _, rng in
                let nuts = NoUTurnSampler(warmup: settings.draws, targetAcceptance: settings.targetAcceptance,
                                          maximumTreeDepth: settings.maximumTreeDepth)
                return try nuts.sample(target, from: (0..<network.parameterCount).map { _ in 0.5 * rng.normal() }, steps: settings.draws, using: &rng)
            }
        }.value
    }

    /// What determines a reference: the seed, the settings and the data's exact bits.
    struct RunsKey: Hashable, Sendable {
        let seed: UInt64
        let settings: Settings
        let inputs: [UInt64], targets: [UInt64]
    }

    /// The references computed so far in this process, each as the task that computes it.
    private static let computedRuns = Memo<RunsKey, [NUTSRun]>()

    /// The reference's chains: the draws of ``runs(seed:_:data:)``.
    public static func chains(seed: UInt64, _ settings: Settings, data: RegressionData) async throws -> [Chain] {
        try await runs(seed: seed, settings, data: data).map(\.chain)
    }

    /// The predictive on `grid` from every draw of `chains`: the mean of f_w(x), the epistemic
    /// variance of f_w(x) over the draws, and the noise variance as the aleatoric part.
    public static func predictive(_ chains: [Chain], at grid: [Double]) -> PredictiveMoments {
        predictive(draws: chains.flatMap { c in (0..<c.count).map(c.draw) }, at: grid)
    }

    /// The Bayesian model average over weight draws ω_s on `grid`: the moments of the mixture
    /// (1/S) Σ_s N(f_{ω_s}(x), σ²), σ² the known noise variance.
    public static func predictive(draws: [[Double]], at grid: [Double]) -> PredictiveMoments {
        PredictiveMoments(functions: draws.map { network.forward(grid, count: grid.count, parameters: $0) }, noiseVariance: noiseVariance)
    }

    /// The total predictive sd of `m` (given on `grid`) where the chapters compare methods: averaged
    /// over the training clusters (|x| within 0.2 of 0.5), at the centre of the gap (x = 0) and at
    /// the right end (x = 1.5).
    public static func standardDeviations(_ m: PredictiveMoments, on grid: [Double]) -> (onData: Double, gap: Double, rightEnd: Double) {
        let sd = m.total.map { $0.squareRoot() }
        let at = { (x: Double) in sd[grid.indices.min { abs(grid[$0] - x) < abs(grid[$1] - x) }!] }
        let onData = grid.indices.filter { abs(abs(grid[$0]) - 0.5) <= 0.2 }.map { sd[$0] }
        return (onData.reduce(0, +) / Double(onData.count), at(0), at(1.5))
    }

    /// The chapters' comparison table: for each named predictive (given on `grid`), its total sd on
    /// the data, at the centre of the gap and at the right end (see ``standardDeviations(_:on:)``).
    public static func standardDeviationTable(_ rows: [(String, PredictiveMoments)], on grid: [Double]) -> (header: [String], rows: [[String]]) {
        (["predictive sd", "on the data", "gap centre x = 0", "right end x = 1.5"], rows.map { name, m in
            let s = standardDeviations(m, on: grid)
            return [name] + [s.onData, s.gap, s.rightEnd].map { String(format: "%.3f", $0) }
        })
    }
}
