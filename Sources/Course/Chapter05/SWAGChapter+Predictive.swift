import Datasets
import Inference
import Probability

extension SWAGChapter {
    /// The generator of every weight draw of the chapter's predictives: stream 51 of the seed. The
    /// chapter draws from it in this order: ``predictives(_:runs:using:)``,
    /// ``rankSweep(_:run:reference:fresh:using:)``, ``learningRateSweep(_:fresh:using:)``.
    public static func drawGenerator(_ s: Settings) -> Xoshiro256 {
        Xoshiro256(seed: s.seed, stream: 51)
    }

    /// The four predictives of the chapter on the grid.
    public struct Predictives: Sendable {
        /// SWA: the one network at the mean μ of the first run.
        public let swa: PredictiveMoments
        /// SWAG-diagonal, N(μ, Σ_diag), of the first run.
        public let diagonal: PredictiveMoments
        /// SWAG, N(μ, ½Σ_diag + DDᵀ/(2(K − 1))), of the first run.
        public let swag: PredictiveMoments
        /// MultiSWAG: draw s from run s mod (number of runs).
        public let multiSWAG: PredictiveMoments
    }

    /// SWA, SWAG-diagonal, SWAG and MultiSWAG on the grid, each averaging ``Settings/samples`` draws
    /// (SWA: one network), drawn from `rng` in that order.
    public static func predictives(_ s: Settings, runs: [SWAGRun], using rng: inout Xoshiro256) -> Predictives {
        let grid = ReferencePosterior.grid(s.reference), swag = runs[0].swag
        let swa = ReferencePosterior.predictive(draws: [swag.mean], at: grid)
        let diagonal = ReferencePosterior.predictive(draws: (0..<s.samples).map { _ in swag.sample(diagonalOnly: true, using: &rng) }, at: grid)
        let full = ReferencePosterior.predictive(draws: (0..<s.samples).map { _ in swag.sample(using: &rng) }, at: grid)
        let multi = ReferencePosterior.predictive(draws: (0..<s.samples).map { k in runs[k % runs.count].swag.sample(using: &rng) }, at: grid)
        return Predictives(swa: swa, diagonal: diagonal, swag: full, multiSWAG: multi)
    }

    /// Fresh draws of the running example at inputs spread over both clusters: x = ±U(0.3, 0.7)
    /// (each sign with probability ½), y = sin(3x) + ε; stream 52 of the seed.
    public static func freshDraws(_ s: Settings, count: Int) -> RegressionData {
        var rng = Xoshiro256(seed: s.seed, stream: 52)
        let x = (0..<count).map { _ in (rng.bernoulli(0.5) ? -1.0 : 1.0) * rng.uniform(0.3, 0.7) }
        let y = x.map { RunningExample.truth($0) + RunningExample.noiseStandardDeviation * rng.normal() }
        return RegressionData(inputs: x, targets: y)
    }

    /// The mixture negative log-likelihood of `fresh` under the model average of `draws`:
    /// −(1/m) Σⱼ ln((1/S) Σₛ N(yⱼ | f_s(xⱼ), σ²)).
    public static func mixtureNLL(_ draws: [[Double]], fresh: RegressionData) -> Double {
        let network = ReferencePosterior.network
        return -mixtureLogLikelihood(samples: draws.map { network.forward(fresh.inputs, count: fresh.count, parameters: $0) },
                                     noiseVariance: ReferencePosterior.noiseVariance, targets: fresh.targets)
    }

    /// About ``Settings/samples`` draws of the reference, every chain thinned alike.
    public static func referenceDraws(_ s: Settings, chains: [Chain]) -> [[Double]] {
        chains.flatMap { c in stride(from: 0, to: c.count, by: max(1, c.count * chains.count / s.samples)).map(c.draw) }
    }
}
