import Datasets
import Inference
import Probability

extension SWAGChapter {
    /// Every number the chapter compares, for one seed (one data draw, its NUTS reference, its SWAG runs).
    public struct SeedResult: Sendable {
        /// The seed.
        public let seed: UInt64
        /// The predictives on the grid (the chapter's figures show those of its first seed).
        public let predictives: Predictives
        /// The NUTS reference's predictive on the grid.
        public let reference: PredictiveMoments
        /// Total predictive sd on the data, at the gap's centre and at the right end
        /// (``ReferencePosterior/standardDeviations(_:on:)``) of SWA, SWAG-diagonal, SWAG, MultiSWAG
        /// and the NUTS reference, in that order.
        public let standardDeviations: [(onData: Double, gap: Double, rightEnd: Double)]
        /// The NLL of fresh draws against the rank K.
        public let rankSweep: RankSweep
        /// The learning-rate sweep from run 0's MAP.
        public let rates: [RateRow]
        /// The mean squared error of fresh draws at SWA's weights and at the last SGD iterate,
        /// averaged over the MultiSWAG runs.
        public let swaError: Double
        /// See ``swaError``.
        public let lastIterateError: Double
        /// ``stabilityLimit(_:data:)`` at the MAP SGD starts from and at the last iterate, run 0.
        public let stabilityLimits: (map: Double, lastIterate: Double)
    }

    /// The names of ``SeedResult/standardDeviations``' rows, in order.
    public static func predictiveNames(_ s: Settings) -> [String] {
        ["SWA (one network)", "SWAG-diagonal", "SWAG (K = \(s.rank))", "MultiSWAG (\(s.swags) SWAGs)", "NUTS: the reference"]
    }

    /// The chapter's experiments for the seed of `s`: the MultiSWAG runs (``runs(_:)``; or `runs`
    /// when given) and the NUTS reference (or `chains` when given), then the weight draws of
    /// ``drawGenerator(_:)`` in the chapter's order: ``predictives(_:runs:using:)``,
    /// ``rankSweep(_:run:reference:fresh:using:)``, ``learningRateSweep(_:fresh:using:)``.
    public static func seedResult(_ s: Settings, runs given: [SWAGRun]? = nil, chains givenChains: [Chain]? = nil) async throws -> SeedResult {
        let data = ReferencePosterior.data(seed: s.seed), grid = ReferencePosterior.grid(s.reference)
        let swagRuns: [SWAGRun]
        if let given { swagRuns = given } else { swagRuns = try await runs(s) }
        let chains: [Chain]
        if let givenChains { chains = givenChains } else { chains = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data) }
        var rng = drawGenerator(s)
        let p = predictives(s, runs: swagRuns, using: &rng)
        let reference = ReferencePosterior.predictive(chains, at: grid)
        let fresh = freshDraws(s, count: s.freshCount)
        let ranks = try rankSweep(s, run: swagRuns[0], reference: chains, fresh: fresh, using: &rng)
        let rates = try learningRateSweep(s, fresh: fresh, using: &rng)
        let errors = swaAgainstLastIterate(s, runs: swagRuns)
        let limits = (stabilityLimit(try mapStart(s, data: data).map, data: data), stabilityLimit(swagRuns[0].iterates.last!, data: data))
        let sds = [p.swa, p.diagonal, p.swag, p.multiSWAG, reference].map { ReferencePosterior.standardDeviations($0, on: grid) }
        return SeedResult(seed: s.seed, predictives: p, reference: reference, standardDeviations: sds, rankSweep: ranks, rates: rates,
                          swaError: errors.swa, lastIterateError: errors.last,
                          stabilityLimits: limits)
    }

    /// The seed sweep: ``seedResult(_:runs:chains:)`` for seeds `s.seed`, `s.seed + 1`, …
    /// (``Settings/sweepSeeds`` of them), every other setting as in `s`. `first` replaces the first
    /// seed's result when the caller has it already; `finished` is told each seed done.
    public static func seedSweep(_ s: Settings, first: SeedResult? = nil, finished: ((Int) -> Void)? = nil) async throws -> [SeedResult] {
        try await s.sweep(first: first, finished: finished) { try await seedResult($0) }
    }
}
