extension BayesByBackpropChapter {
    /// One Bayes-by-Backprop run on the running example: its Gaussian prior and the points it sees.
    public struct RunningSetting: Sendable, Equatable {
        /// s of the prior N(0, s² I).
        public var priorStandardDeviation: Double
        /// The indices of the running example's points it is trained on.
        public var rows: [Int]
        /// c, the KL's weight in the objective −E_q[ln p(D | ω)] + c KL: 1 for the negative ELBO, N
        /// (the points trained on) for the slides' objective with the KL once per data point.
        public var klScale: Double

        public init(priorStandardDeviation: Double, rows: [Int], klScale: Double = 1) {
            (self.priorStandardDeviation, self.rows, self.klScale) = (priorStandardDeviation, rows, klScale)
        }
    }

    /// Every number Lecture 6's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter (the running example and the NUTS reference come from it
        /// too, see ``ReferencePosterior``).
        public var seed: UInt64
        /// Gaussian bumps φ_k(x) = exp(−(x − c_k)²/(2h²)) of the exact case (Bayesian linear regression),
        /// centred evenly on [−1.5, 1.5], plus a constant.
        public var bumps: Int
        /// Their width h.
        public var bumpWidth: Double
        /// Prior precision α of the exact case's weights.
        public var priorPrecision: Double
        /// Adam steps on the exact case's ELBO, per q.
        public var elboSteps: Int
        /// Adam's learning rate there, decayed by one cosine to ``elboMinimumLearningRate``.
        public var elboLearningRate: Double
        /// The learning rate the cosine ends at.
        public var elboMinimumLearningRate: Double
        /// The diagonal of the initial scale L of q (the mean starts at 0).
        public var elboInitialScale: Double
        /// Epochs of Bayes-by-Backprop training on the toy (the running example: ``runningEpochMultiple`` times as many).
        public var epochs: Int
        /// Mini-batch size B.
        public var batchSize: Int
        /// Weight draws for every predictive.
        public var samples: Int
        /// π of the scale-mixture prior π N(0, σ₁²) + (1 − π) N(0, σ₂²).
        public var mixtureWeight: Double
        /// σ₁ of the scale-mixture prior (the wide component).
        public var sigma1: Double
        /// σ₂ of the scale-mixture prior (the narrow component).
        public var sigma2: Double
        /// Points of Blundell et al.'s regression toy, x ~ U(0, 0.5).
        public var toyCount: Int
        /// The toy's noise sd (ε ~ N(0, sd²), also the likelihood's).
        public var toyNoise: Double
        /// Hidden widths of the toy's network 1→…→1 (ReLU).
        public var toyHiddenWidths: [Int]
        /// Adam's learning rate on the toy, for Bayes-by-Backprop and the plain network.
        public var toyLearningRate: Double
        /// Adam steps of the plain network per Bayes-by-Backprop epoch.
        public var plainStepsPerEpoch: Int
        /// Points of the toy's prediction grid on [−0.2, 1.2].
        public var toyGridCount: Int
        /// Fresh toy points scored by the pruning table.
        public var freshCount: Int
        /// The fractions of the weights pruned, lowest |μ|/σ first.
        public var pruneFractions: [Double]
        /// The running-example runs train for this many times ``epochs``.
        public var runningEpochMultiple: Int
        /// Adam's learning rate on the running example.
        public var runningLearningRate: Double
        /// The running-example runs: the reference's prior, a ten times wider one, 5 of the 40 points,
        /// the KL once per data point (weight N = 40).
        public var runningSettings: [RunningSetting]
        /// Weight draws ω ~ q of the Monte Carlo estimates of the ELBO's two terms after training.
        public var elboDraws: Int
        /// Seeds of the seed sweep (``BayesByBackpropChapter/seedSweep(_:first:finished:)``): `seed`, `seed + 1`, ….
        public var sweepSeeds: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, bumps: 25, bumpWidth: 0.2, priorPrecision: 1, elboSteps: 4000, elboLearningRate: 0.01,
                     elboMinimumLearningRate: 1e-4, elboInitialScale: 0.1, epochs: 400, batchSize: 10, samples: 200,
                     mixtureWeight: 0.5, sigma1: 1, sigma2: 0.05, toyCount: 100, toyNoise: 0.02, toyHiddenWidths: [50, 50],
                     toyLearningRate: 0.01, plainStepsPerEpoch: 10, toyGridCount: 141, freshCount: 1000,
                     pruneFractions: [0, 0.5, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998], runningEpochMultiple: 4, runningLearningRate: 0.01,
                     runningSettings: [RunningSetting(priorStandardDeviation: 1, rows: Array(0..<40)),
                                       RunningSetting(priorStandardDeviation: 10, rows: Array(0..<40)),
                                       RunningSetting(priorStandardDeviation: 1, rows: [0, 8, 19, 25, 37]),
                                       RunningSetting(priorStandardDeviation: 1, rows: Array(0..<40), klScale: 40)],
                     elboDraws: 1000, sweepSeeds: 5, reference: .standard)
        }

        /// The smoke run of `--quick`: fewer steps, epochs and weight draws, a shorter reference, a
        /// sweep over 2 seeds.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.elboSteps, 500).with(\.epochs, 40).with(\.samples, 50).with(\.reference, .quick)
                .with(\.elboDraws, 100).with(\.sweepSeeds, 2)
        }
    }
}
