extension LaplaceChapter {
    /// Every number Lecture 8's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter.
        public var seed: UInt64
        /// Points of the sinusoid toy (Laplace Redux): x ~ U[0, 8], y = sin x + ε.
        public var sinusoidPoints: Int
        /// Its noise sd σ.
        public var sinusoidNoise: Double
        /// Hidden tanh units of its network 1→H→1.
        public var sinusoidHidden: Int
        /// Adam steps (full batch, rate 0.01) of its MAP, at prior variance 1 and the true σ.
        public var sinusoidSteps: Int
        /// The prior variances s² of the evidence curve: 10^k for k on this many points of [−3, 3].
        public var evidenceCurvePoints: Int
        /// Steps, burn-in and interval of the online tuning of s² and σ² during training.
        public var onlineSteps: Int, onlineBurnIn: Int, onlineInterval: Int
        /// Fresh test points of the sinusoid on [0, 8], to score the predictives.
        public var sinusoidTestPoints: Int
        /// Weight draws of every NN (sampled) predictive.
        public var predictiveDraws: Int
        /// Adam steps (full batch, rate 0.01) of the running example's MAP (the comparison's).
        public var mapSteps: Int
        /// Its initial weights w ~ N(0, scale² I).
        public var initialScale: Double
        /// Adam steps after which the chapter looks at the Hessian away from a minimum.
        public var earlySteps: Int
        /// Seeds of the running example's sweep.
        public var sweepSeeds: Int
        /// Draws of each marginal for the 1-Wasserstein distance to the reference at a grid point.
        public var wassersteinDraws: Int
        /// Points and Adam steps of the heteroscedastic example (mean and variance heads).
        public var heteroscedasticPoints: Int, heteroscedasticSteps: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, sinusoidPoints: 150, sinusoidNoise: 0.3, sinusoidHidden: 50, sinusoidSteps: 10_000, evidenceCurvePoints: 61,
                     onlineSteps: 10_000, onlineBurnIn: 1000, onlineInterval: 1000, sinusoidTestPoints: 1000, predictiveDraws: 400,
                     mapSteps: 20_000, initialScale: 0.5, earlySteps: 100, sweepSeeds: 5, wassersteinDraws: 2000,
                     heteroscedasticPoints: 200, heteroscedasticSteps: 10_000, reference: .standard)
        }

        /// The smoke run of `--quick`: fewer steps and draws, a shorter reference, two seeds.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.sinusoidSteps, 1500).with(\.onlineSteps, 1500).with(\.onlineBurnIn, 500).with(\.onlineInterval, 250)
                .with(\.predictiveDraws, 100).with(\.mapSteps, 2000).with(\.sweepSeeds, 2).with(\.wassersteinDraws, 500)
                .with(\.heteroscedasticSteps, 1500).with(\.reference, .quick).with(\.evidenceCurvePoints, 25)
        }
    }
}
