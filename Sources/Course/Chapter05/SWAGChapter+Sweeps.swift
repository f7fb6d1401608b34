import Datasets
import Inference
import NeuralNetworks
import NumericalMethods
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
    /// (``ReferencePosterior/standardDeviations(_:on:)``) and the NLL of fresh draws; all NaN when
    /// SGD diverged at that rate.
    public struct RateRow: Sendable {
        /// η.
        public let learningRate: Double
        /// Whether the SGD iterates left the floating-point numbers at this rate.
        public let diverged: Bool
        /// The total predictive sd averaged over the training clusters.
        public let onData: Double
        /// The total predictive sd at x = 0.
        public let gap: Double
        /// The total predictive sd at x = 1.5.
        public let rightEnd: Double
        /// The mixture NLL of the fresh draws.
        public let nll: Double
    }

    /// The start every run of the learning-rate sweep shares, that of run 0 of ``runs(_:)``: ω₀ drawn
    /// from stream 0 of `seed + 50`, ``Settings/pretrainSteps`` Adam steps to the MAP, and the
    /// generator as SGD would go on with it.
    public static func mapStart(_ s: Settings, data: RegressionData) throws -> (map: [Double], rng: Xoshiro256) {
        var rng = Xoshiro256(seed: s.seed &+ 50, stream: 0)
        return (try maximumAPosteriori(s, data: data, using: &rng), rng)
    }

    /// The learning rate sets the spread: from the same MAP and the same mini-batches (``mapStart(_:data:)``:
    /// the start of the chapter's first SWAG run), one SGD run per rate of ``Settings/learningRates``;
    /// ``Settings/samples`` SWAG draws from `rng` for every rate that did not diverge.
    public static func learningRateSweep(_ s: Settings, fresh: RegressionData, using rng: inout Xoshiro256) throws -> [RateRow] {
        let data = ReferencePosterior.data(seed: s.seed), grid = ReferencePosterior.grid(s.reference)
        let start = try mapStart(s, data: data)
        return try s.learningRates.map { rate in
            var r = start.rng
            let run: SWAGRun
            do {
                run = try sgd(s, learningRate: rate, from: start.map, data: data, using: &r)
            } catch is TrainingDiverged {
                return RateRow(learningRate: rate, diverged: true, onData: .nan, gap: .nan, rightEnd: .nan, nll: .nan)
            }
            let draws = (0..<s.samples).map { _ in run.swag.sample(using: &rng) }
            let sd = ReferencePosterior.standardDeviations(ReferencePosterior.predictive(draws: draws, at: grid), on: grid)
            return RateRow(learningRate: rate, diverged: false, onData: sd.onData, gap: sd.gap, rightEnd: sd.rightEnd, nll: mixtureNLL(draws, fresh: fresh))
        }
    }

    /// SWA's weights against the last SGD iterate: the mean squared error of
    /// ``Settings/comparisonFreshCount`` fresh draws (``freshDraws(_:count:)``) at each, averaged
    /// over `runs` (the chapter's MultiSWAG runs of one data draw).
    public static func swaAgainstLastIterate(_ s: Settings, runs: [SWAGRun]) -> (swa: Double, last: Double) {
        let fresh = freshDraws(s, count: s.comparisonFreshCount)
        let (x, y) = (fresh.inputs, fresh.targets)
        let error = { (w: [Double]) in zip(ReferencePosterior.network.forward(x, count: x.count, parameters: w), y).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(x.count) }
        let k = Double(runs.count)
        return (runs.reduce(0.0) { $0 + error($1.swag.mean) } / k, runs.reduce(0.0) { $0 + error($1.iterates.last!) } / k)
    }
}

extension SWAGChapter {
    /// The largest constant rate at which gradient descent on the quadratic approximation of
    /// −ln p(ω | D) at `w` is stable: θ ← θ + η ∇ln p/N contracts along every direction iff
    /// η λ_max/N < 2, so the limit is 2N/λ_max, λ_max the largest eigenvalue of the Hessian
    /// H = −∇² ln p(w | D). H by central differences of the gradient (step 10⁻⁵), symmetrised.
    public static func stabilityLimit(_ w: [Double], data: RegressionData) -> Double {
        let gradient = ReferencePosterior.posterior(data).logDensityGradient
        let h = 1e-5, n = w.count
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var (a, b) = (w, w)
            a[j] += h
            b[j] -= h
            let (ga, gb) = (gradient(a).gradient, gradient(b).gradient)
            for i in 0..<n { hessian[i][j] = -(ga[i] - gb[i]) / (2 * h) }
        }
        for i in 0..<n {
            for j in 0..<i {
                let m = 0.5 * (hessian[i][j] + hessian[j][i])
                (hessian[i][j], hessian[j][i]) = (m, m)
            }
        }
        return 2 * Double(data.count) / symmetricEigen(hessian).values.max()!
    }
}

extension SWAGChapter {
    /// SWAG's epistemic spread on the data for the settings `s`: run 0 of ``runs(_:)`` alone
    /// (stream 0 of `seed + 50`), ``Settings/samples`` SWAG draws from ``drawGenerator(_:)``, and
    /// the square root of their epistemic variance Var_ω[f_ω(x)] averaged over the grid points of the
    /// training clusters (|x| within 0.2 of 0.5).
    public static func epistemicSpreadOnData(_ s: Settings) throws -> Double {
        var rng = Xoshiro256(seed: s.seed &+ 50, stream: 0)
        let run = try train(s, learningRate: s.learningRate, data: ReferencePosterior.data(seed: s.seed), using: &rng)
        var draws = drawGenerator(s)
        let grid = ReferencePosterior.grid(s.reference)
        let m = ReferencePosterior.predictive(draws: (0..<s.samples).map { _ in run.swag.sample(using: &draws) }, at: grid)
        let onData = grid.indices.filter { abs(abs(grid[$0]) - 0.5) <= 0.2 }
        return (onData.reduce(0.0) { $0 + m.epistemic[$1] } / Double(onData.count)).squareRoot()
    }
}
