extension SWAGChapter {
    /// Every number Lecture 5's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter (the data and the NUTS reference come from it too, see
        /// ``ReferencePosterior``).
        public var seed: UInt64
        /// K, the deviation columns SWAG keeps (its rank; at least 2).
        public var rank: Int
        /// c, the SGD steps between two collected iterates.
        public var interval: Int
        /// Iterates collected per SWAG.
        public var iterates: Int
        /// The constant SGD learning rate η (per data point: θ ← θ + η ĝ(θ)/N).
        public var learningRate: Double
        /// Adam steps (learning rate 0.01) to a mode of −ln p(ω | D)/N before SGD starts.
        public var pretrainSteps: Int
        /// Mini-batch size B of the SGD gradient estimate (points drawn with replacement).
        public var batchSize: Int
        /// SGD on the exact gradient ∇ln p(ω | D) instead of the mini-batch estimate: no gradient noise.
        public var fullGradient: Bool
        /// Standard deviation of the Gaussian each run's starting weights are drawn from.
        public var initialStandardDeviation: Double
        /// SWAGs in the MultiSWAG ensemble, one independent run each.
        public var swags: Int
        /// Weight draws S in every Bayesian model average.
        public var samples: Int
        /// Points a side of the grid on the plane of the first two SWAG directions.
        public var planeGridCount: Int
        /// Weights (the first ones) whose running moments are followed.
        public var trackedWeights: Int
        /// Fresh draws of the running example scored by the NLL tables.
        public var freshCount: Int
        /// The ranks K of the rank sweep (those above the collected iterates are skipped).
        public var ranks: [Int]
        /// The learning rates of the learning-rate sweep.
        public var learningRates: [Double]
        /// Fresh draws scored in the comparison of SWA with the last SGD iterate.
        public var comparisonFreshCount: Int
        /// Seeds of the seed sweep (``SWAGChapter/seedSweep(_:first:finished:)``): `seed`, `seed + 1`, ….
        public var sweepSeeds: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, rank: 20, interval: 10, iterates: 1000, learningRate: 1e-3, pretrainSteps: 20_000, batchSize: 10, fullGradient: false,
                     initialStandardDeviation: 0.5, swags: 5, samples: 200, planeGridCount: 81, trackedWeights: 3,
                     freshCount: 400, ranks: [2, 5, 10, 20], learningRates: [3e-4, 1e-3, 1.5e-3, 2e-3], comparisonFreshCount: 2000,
                     sweepSeeds: 5, reference: .standard)
        }

        /// The smoke run of `--quick`: fewer iterates, Adam steps and weight draws, a shorter reference,
        /// a sweep over 2 seeds.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed)
                .with(\.iterates, 100).with(\.pretrainSteps, 2000).with(\.samples, 50).with(\.reference, .quick)
                .with(\.sweepSeeds, 2)
        }
    }
}
