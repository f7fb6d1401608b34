extension MLEBayesChapter {
    /// Every number Lecture 1's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: ChapterSettings {
        /// Seed of the chapter's one random stream, `Xoshiro256(seed:)`, drawn from in the chapter's order.
        public var seed: UInt64
        /// Points of the test grid on [−1.5, 1.5].
        public var gridCount: Int
        /// Hidden layer widths of the maximum-likelihood MLP 1→…→1 (tanh).
        public var hiddenWidths: [Int]
        /// Adam steps for the maximum-likelihood network.
        public var steps: Int
        /// Adam's (constant) learning rate.
        public var learningRate: Double
        /// Gaussian bumps φ_k(x) = exp(−(x − c_k)²/(2h²)) of the Bayesian linear model, centred evenly on [−1.5, 1.5].
        public var bumps: Int
        /// Their width h.
        public var bumpWidth: Double
        /// The evidence scan over the prior precision: α_i = 10^(lowest + spacing·i), i = 0…count−1.
        public var alphaExponentLowest: Double
        /// Spacing of the exponents of the evidence scan.
        public var alphaExponentSpacing: Double
        /// Number of prior precisions in the evidence scan.
        public var alphaCount: Int
        /// Functions drawn from the posterior for the predictive figure.
        public var posteriorLines: Int
        /// Points of the straight-line example (Bishop's Fig. 3.7).
        public var lineDataCount: Int
        /// Prior precision α of the straight-line model.
        public var linePriorPrecision: Double
        /// How many points have been seen at each row of the updating figure.
        public var updatingCounts: [Int]
        /// Lines drawn from the posterior at each row of the updating figure.
        public var updatingLines: Int
        /// Points a side of the (w0, w1) grid on [−1, 1]² of the updating figure.
        public var weightGridCount: Int
        /// How many times each training input is observed in the shrinkage table (N = 40k).
        public var repetitions: [Int]
        /// Where the shrinkage table evaluates the epistemic variance.
        public var shrinkageInput: Double
        /// Posterior draws for the Monte Carlo check of the law of total variance.
        public var draws: Int
        /// Weight vectors drawn at once in that check (bounds the memory of a large `draws`).
        public var drawChunk: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, gridCount: 301, hiddenWidths: [50, 50], steps: 3000, learningRate: 0.01, bumps: 25, bumpWidth: 0.2,
                     alphaExponentLowest: -3, alphaExponentSpacing: 0.1, alphaCount: 61, posteriorLines: 5,
                     lineDataCount: 20, linePriorPrecision: 2, updatingCounts: [0, 1, 2, 20], updatingLines: 6, weightGridCount: 121,
                     repetitions: [1, 4, 16, 64, 256], shrinkageInput: 0.5, draws: 200_000, drawChunk: 10_000)
        }

        /// The smoke run of `--quick`: fewer Adam steps and Monte Carlo draws.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.steps, 300).with(\.draws, 2000)
        }
    }
}
