extension LangevinChapter {
    /// Every number Lecture 3's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: ChapterSettings {
        /// Seed of every stream of the chapter (each experiment draws from streams of its own).
        public var seed: UInt64

        // MARK: First steps on Neal's correlated Gaussian

        /// Correlation ρ of Neal's (2011) bivariate Gaussian with unit variances.
        public var correlation: Double
        /// Where every sampler starts.
        public var start: [Double]
        /// Gradient (or density) evaluations each sampler gets.
        public var budget: Int
        /// Scale s of the random-walk MH proposal N(ω, s²I).
        public var randomWalkScale: Double
        /// Step size ε of ULA and MALA.
        public var langevinStepSize: Double
        /// Step size ε of HMC.
        public var hmcStepSize: Double
        /// Leapfrog steps L per HMC trajectory (so HMC makes budget / L moves).
        public var hmcLeapfrogSteps: Int
        /// Points a side of the grid on [−bound, bound]² on which the figures draw the density's contours.
        public var contourGridCount: Int
        /// Half-width of that grid.
        public var contourGridBound: Double

        // MARK: ULA's bias on N(0, 1)

        /// Step sizes ε at which ULA's and MALA's stationary variances are measured.
        public var varianceStepSizes: [Double]
        /// Iterations of each of those chains, after the warm-up.
        public var varianceSteps: Int
        /// Warm-up iterations of each of those chains.
        public var varianceWarmup: Int

        // MARK: Leapfrog trajectories

        /// Initial momentum p of the leapfrog trajectories (from ``start``).
        public var leapfrogMomentum: [Double]
        /// Steps of the stable and the unstable trajectory (the finer one takes twice as many).
        public var leapfrogSteps: Int
        /// Step size of the stable trajectory (the finer one takes half of it).
        public var leapfrogStableStepSize: Double
        /// Step size of the trajectory past the stability limit 2√(1 − ρ).
        public var leapfrogUnstableStepSize: Double

        // MARK: SGLD on Welling & Teh's mixture

        /// Seed of the mixture example's data (36 gives two modes, as in Welling & Teh).
        public var mixtureSeed: UInt64
        /// Data points of the mixture example.
        public var mixtureCount: Int
        /// SGLD iterations on the mixture example.
        public var sgldSteps: Int
        /// SGLD's first step size ε₀.
        public var sgldFirstStepSize: Double
        /// SGLD's last step size ε_T.
        public var sgldLastStepSize: Double
        /// Exponent γ of SGLD's schedule ε_t = a(b + t)^(−γ).
        public var sgldGamma: Double
        /// Draws SGLD keeps at most (every ⌊steps / kept⌋-th state, at least every state).
        public var sgldKept: Int
        /// Points of the grid on which the exact posterior is evaluated, per axis.
        public var mixtureGridCount: Int
        /// θ₁'s range of that grid.
        public var mixtureTheta1Range: ClosedRange<Double>
        /// θ₂'s range of that grid.
        public var mixtureTheta2Range: ClosedRange<Double>
        /// Log-spaced iterations at which the injected and the gradient noise are compared.
        public var noiseCheckpoints: Int

        // MARK: The slide's SGLD update against Welling & Teh's, on a Gaussian mean

        /// Data points x_i ~ N(μ, σ²) of the Gaussian-mean model.
        public var meanDataCount: Int
        /// The true mean μ of those data.
        public var meanTrue: Double
        /// Their noise sd σ.
        public var meanNoiseSD: Double
        /// Variance of the prior μ ~ N(0, ·).
        public var meanPriorVariance: Double
        /// SGLD iterations on the Gaussian-mean model.
        public var meanSteps: Int
        /// Mini-batch size B.
        public var meanBatchSize: Int
        /// The fixed step size ε.
        public var meanStepSize: Double
        /// Every how many states a draw is kept.
        public var meanThin: Int

        // MARK: The Bayesian MLP

        /// NUTS on the Bayesian MLP: the course's reference (chains, draws, tree depth, target, grid).
        public var reference: ReferencePosterior.Settings
        /// Draws per chain of the chapter's HMC on the Bayesian MLP (after as many warm-up
        /// iterations; as many chains as the reference), set beside NUTS.
        public var bnnHMCDraws: Int
        /// The cap on the HMC trajectory length that its warm-up adapts.
        public var bnnHMCMaximumLeapfrogSteps: Int
        /// Inputs at which convergence is measured (the gap and the right extrapolation).
        public var probes: [Double]
        /// Chains of SGLD, random-walk MH and MALA on the Bayesian MLP (and HMC chains compared).
        public var comparisonChains: Int
        /// SGLD iterations on the Bayesian MLP.
        public var bnnSGLDSteps: Int
        /// SGLD's first step size on the Bayesian MLP.
        public var bnnSGLDFirstStepSize: Double
        /// SGLD's last step size on the Bayesian MLP.
        public var bnnSGLDLastStepSize: Double
        /// SGLD's mini-batch size on the Bayesian MLP.
        public var bnnSGLDBatchSize: Int
        /// Every how many SGLD states a draw is kept (and every how many of the second half's draws are predicted).
        public var bnnSGLDThin: Int
        /// sd of the N(0, sd² I) start of the SGLD chains.
        public var bnnInitialSD: Double
        /// MALA iterations on the Bayesian MLP (a quarter as many warm-up); random-walk MH takes
        /// ``mhThin`` times as many, after as many warm-up iterations.
        public var comparisonSteps: Int
        /// Initial scale of random-walk MH (adapted during warm-up).
        public var mhScale: Double
        /// Every how many MH states a draw is kept.
        public var mhThin: Int
        /// MALA's step size on the Bayesian MLP.
        public var malaStepSize: Double

        // MARK: The No-U-Turn sampler

        /// The NUTS section's experiments (``NUTSDemo``): standard in the chapter's run, quick in `--quick`.
        public var nuts: NUTSDemo.Settings = .standard

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed,
                     correlation: 0.95, start: [-1.5, -1.55], budget: 400, randomWalkScale: 0.25, langevinStepSize: 0.05,
                     hmcStepSize: 0.18, hmcLeapfrogSteps: 20, contourGridCount: 121, contourGridBound: 3,
                     varianceStepSizes: [0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 1.6, 2.0, 2.4], varianceSteps: 400_000, varianceWarmup: 1000,
                     leapfrogMomentum: [-1, 1], leapfrogSteps: 25, leapfrogStableStepSize: 0.25, leapfrogUnstableStepSize: 0.47,
                     mixtureSeed: 36, mixtureCount: 100, sgldSteps: 1_000_000, sgldFirstStepSize: 0.01, sgldLastStepSize: 0.0001,
                     sgldGamma: 0.55, sgldKept: 20_000, mixtureGridCount: 161, mixtureTheta1Range: -1.5...2.5, mixtureTheta2Range: -3...3,
                     noiseCheckpoints: 25,
                     meanDataCount: 100, meanTrue: 1, meanNoiseSD: 3, meanPriorVariance: 1, meanSteps: 4_000_000, meanBatchSize: 10,
                     meanStepSize: 2e-4, meanThin: 20,
                     reference: .standard, bnnHMCDraws: 1000, bnnHMCMaximumLeapfrogSteps: 64, probes: [0, 1.2],
                     comparisonChains: 2, bnnSGLDSteps: 120_000, bnnSGLDFirstStepSize: 5e-5, bnnSGLDLastStepSize: 5e-6,
                     bnnSGLDBatchSize: 10, bnnSGLDThin: 10, bnnInitialSD: 0.5,
                     comparisonSteps: 40_000, mhScale: 0.01, mhThin: 10, malaStepSize: 2e-5)
        }

        /// The smoke run of `--quick`: shorter chains everywhere.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.varianceSteps, 20_000).with(\.sgldSteps, 20_000).with(\.meanSteps, 400_000)
                .with(\.reference, .quick).with(\.bnnHMCDraws, 100).with(\.bnnHMCMaximumLeapfrogSteps, 16).with(\.bnnSGLDSteps, 4000)
                .with(\.comparisonSteps, 2000).with(\.nuts, .quick)
        }
    }
}
