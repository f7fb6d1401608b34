import Datasets
import Inference
import Probability

extension SWAGChapter {
    /// The NLL of fresh draws (``mixtureNLL(_:fresh:)``) of SWA, SWAG-diagonal, SWAG at each rank K
    /// and the NUTS reference.
    public struct RankSweep: Sendable {
        /// SWA, one network.
        public let swa: Double
        /// SWAG-diagonal.
        public let diagonal: Double
        /// SWAG built from the same iterates keeping K deviation columns, for each K of the sweep.
        public let ranks: [(rank: Int, nll: Double)]
        /// The NLL of the fresh draws under the reference's thinned draws (``referenceDraws(_:chains:)``).
        public let reference: Double
        /// How many reference draws were scored.
        public let referenceDrawCount: Int
    }

    /// The rank against predictive quality: `run`'s iterates summarised with each K of
    /// ``Settings/ranks`` (no more than the iterates), ``Settings/samples`` draws from `rng` each
    /// (SWAG-diagonal's first, then K in order).
    public static func rankSweep(_ s: Settings, run: SWAGRun, reference chains: [Chain], fresh: RegressionData,
                                 using rng: inout Xoshiro256) throws -> RankSweep {
        let swag = run.swag
        let swa = mixtureNLL([swag.mean], fresh: fresh)
        let diagonal = mixtureNLL((0..<s.samples).map { _ in swag.sample(diagonalOnly: true, using: &rng) }, fresh: fresh)
        var ranks = [(rank: Int, nll: Double)]()
        for k in s.ranks where k <= run.iterates.count {
            var summary = try SWAG(dimension: ReferencePosterior.network.parameterCount, rank: k)
            for w in run.iterates { summary.collect(w) }
            ranks.append((k, mixtureNLL((0..<s.samples).map { _ in summary.sample(using: &rng) }, fresh: fresh)))
        }
        let hmcDraws = referenceDraws(s, chains: chains)
        return RankSweep(swa: swa, diagonal: diagonal, ranks: ranks, reference: mixtureNLL(hmcDraws, fresh: fresh), referenceDrawCount: hmcDraws.count)
    }

    /// One learning rate of the sweep: SWAG's predictive sd where the chapters compare methods
    /// (``ReferencePosterior/standardDeviations(_:on:)``) and the NLL of fresh draws.
    public struct RateRow: Sendable {
        public let learningRate: Double
        public let onData: Double
        public let gap: Double
        public let rightEnd: Double
        public let nll: Double
    }

    /// The learning rate sets the spread: one SWAG run per rate of ``Settings/learningRates``, each
    /// from the same start (generator `seed + 53`), then ``Settings/samples`` draws from `rng`.
    public static func learningRateSweep(_ s: Settings, fresh: RegressionData, using rng: inout Xoshiro256) throws -> [RateRow] {
        let data = ReferencePosterior.data(seed: s.seed), grid = ReferencePosterior.grid(s.reference)
        return try s.learningRates.map { rate in
            var r = Xoshiro256(seed: s.seed &+ 53)
            let run = try train(s, learningRate: rate, data: data, using: &r)
            let draws = (0..<s.samples).map { _ in run.swag.sample(using: &rng) }
            let sd = ReferencePosterior.standardDeviations(ReferencePosterior.predictive(draws: draws, at: grid), on: grid)
            return RateRow(learningRate: rate, onData: sd.onData, gap: sd.gap, rightEnd: sd.rightEnd, nll: mixtureNLL(draws, fresh: fresh))
        }
    }

    /// SWA's weights against the last SGD iterate: the mean squared error of
    /// ``Settings/comparisonFreshCount`` fresh draws (``freshDraws(_:count:)``) at each, for one SWAG
    /// run at the chapter's learning rate from generator `seed + 50`.
    public static func swaAgainstLastIterate(_ s: Settings) throws -> (swa: Double, last: Double) {
        var rng = Xoshiro256(seed: s.seed &+ 50)
        let run = try train(s, learningRate: s.learningRate, data: ReferencePosterior.data(seed: s.seed), using: &rng)
        let fresh = freshDraws(s, count: s.comparisonFreshCount)
        let (x, y) = (fresh.inputs, fresh.targets)
        let error = { (w: [Double]) in zip(ReferencePosterior.network.forward(x, count: x.count, parameters: w), y).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(x.count) }
        return (error(run.swag.mean), error(run.iterates.last!))
    }
}
