import NeuralNetworks

extension ComparisonChapter {
    /// Every number the comparison chapter's experiments take. ``standard(seed:)`` is the chapter's
    /// run, ``quick(seed:)`` a small run of the same code; a seed sweep calls the experiments with
    /// `.standard(seed: k)`.
    public struct Settings: SeedSweeping {
        /// The seed every random stream of the chapter derives from.
        public var seed: UInt64

        // The scoring check.

        /// Gaussian predictives scored on their own draws.
        public var fixtureCount: Int
        /// Draws of the sampled CRPS of N(0, 1).
        public var crpsDraws: Int

        // The running example: the NUTS reference.

        /// The reference's first run (chains, draws, trajectory cap; its grid is ``RunningExampleComparison/grid``).
        public var reference: ReferencePosterior.Settings
        /// The draws are doubled until the predictive's split-R̂ is below ``referenceRHat`` or they reach this.
        public var referenceMaximumDraws: Int
        /// The split-R̂ of f_w(x), at every grid point, that the reference must reach.
        public var referenceRHat: Double

        // The running example: the methods.

        /// Chains of random-walk MH and of SGLD.
        public var chains: Int
        /// sd of the starting weights w ~ N(0, s² I).
        public var initialScale: Double
        /// Full-data Adam steps of MAP and of each deep-ensemble member; SWAG's pre-training.
        public var mapSteps: Int
        /// Random-walk MH's steps per chain, after as many of warm-up.
        public var mhSteps: Int
        /// Random-walk MH's initial proposal sd (adapted during warm-up).
        public var mhScale: Double
        /// Random-walk MH keeps every this many-th draw.
        public var mhThin: Int
        /// SGLD's steps per chain.
        public var sgldSteps: Int
        /// SGLD's step size ε_t at the first step, decaying polynomially to ``sgldFinalStepSize``.
        public var sgldInitialStepSize: Double
        /// SGLD's step size at the last step.
        public var sgldFinalStepSize: Double
        /// SGLD keeps every this many-th draw.
        public var sgldThin: Int
        /// Mini-batch size of SGLD, SWAG, Bayes-by-Backprop and both dropouts.
        public var batchSize: Int
        /// Members of the deep ensemble.
        public var ensembleMembers: Int
        /// Cosine cycles of the snapshot ensemble, one snapshot at the end of each.
        public var snapshotCycles: Int
        /// Adam steps on mini-batches of ``batchSize`` in each cycle of the snapshot ensemble.
        public var snapshotStepsPerCycle: Int
        /// The snapshot ensemble's learning rate at the start of every cycle: Huang et al.'s large
        /// restart, which takes each cycle out of the basin the last one ended in (chapter 4).
        public var snapshotLearningRate: Double
        /// SWAG's rank K of the low-rank part of the covariance.
        public var swagRank: Int
        /// SWAG's collected iterates.
        public var swagIterates: Int
        /// SGD steps between two collected iterates.
        public var swagInterval: Int
        /// SWAG's constant SGD learning rate η.
        public var swagLearningRate: Double
        /// Weight draws (SWAG, Bayes-by-Backprop) or stochastic passes (the dropouts) of every predictive.
        public var predictiveDraws: Int
        /// Epochs of Bayes-by-Backprop.
        public var variationalEpochs: Int
        /// Epochs of variational dropout: until its ln α stop moving (chapter 7).
        public var variationalDropoutEpochs: Int
        /// Bayes-by-Backprop's prior sd: w ~ N(0, σ_p² I).
        public var bayesByBackpropPriorSD: Double
        /// Bayes-by-Backprop's Adam learning rate.
        public var bayesByBackpropLearningRate: Double
        /// MC dropout's rate p after the hidden layer.
        public var dropoutRate: Double
        /// MC dropout's prior length-scale l (l = 1 is the prior N(0, 1)).
        public var dropoutLengthScale: Double
        /// MC dropout's Adam steps.
        public var dropoutSteps: Int
        /// MC dropout's Adam learning rate.
        public var dropoutLearningRate: Double
        /// Variational dropout's learning rate.
        public var variationalDropoutLearningRate: Double
        /// Draws of each marginal for the 1-Wasserstein distance at a grid point.
        public var wassersteinDraws: Int

        /// Seeds of the running example's sweep (``SeedSweeping/sweptSeeds``): ``seed``, seed + 1, ….
        public var sweepSeeds: Int
        /// Methods (name prefixes) that run at the chapter's own seed only, not at the sweep's other
        /// seeds: random-walk MH, whose 3.2 million density evaluations cost more than the rest of a
        /// seed together (the claims test runs it at every seed). The W₁ draws (stream 300) are taken
        /// in the methods' order, so at a seed without MH the later methods are scored with other
        /// draws: their distances differ in the third decimal at most.
        public var sweepSkips: [String]

        // Real data.

        /// Train/test splits: the first this many published Boston splits, or as many seeded random
        /// 90/10 splits of a CSV file.
        public var splits: Int
        /// The benchmark's network, optimiser and methods (shared by every method).
        public var benchmark: BenchmarkSettings

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, fixtureCount: 2000, crpsDraws: 20_000,
                     reference: .standard, referenceMaximumDraws: 16_000, referenceRHat: 1.01,
                     chains: 4, initialScale: 0.5, mapSteps: 20_000,
                     mhSteps: 400_000, mhScale: 0.01, mhThin: 100,
                     sgldSteps: 120_000, sgldInitialStepSize: 5e-5, sgldFinalStepSize: 5e-6, sgldThin: 10,
                     batchSize: 10, ensembleMembers: 5, snapshotCycles: 5, snapshotStepsPerCycle: 10_000, snapshotLearningRate: 0.3,
                     swagRank: 20, swagIterates: 1000, swagInterval: 10, swagLearningRate: 1e-3,
                     predictiveDraws: 400, variationalEpochs: 1600, variationalDropoutEpochs: 4000, bayesByBackpropPriorSD: 1, bayesByBackpropLearningRate: 0.01,
                     dropoutRate: 0.1, dropoutLengthScale: 1, dropoutSteps: 12_000, dropoutLearningRate: 0.005,
                     variationalDropoutLearningRate: 0.005, wassersteinDraws: 2000,
                     sweepSeeds: 5, sweepSkips: ["random-walk MH"],
                     splits: 20,
                     benchmark: BenchmarkSettings(hiddenUnits: 50, activation: .relu, epochs: 400, maximumSteps: 6000, batchSize: 32, learningRate: 1e-3,
                                                  members: 5, draws: 100, dropoutRate: 0.05, lengthScale: 1e-2,
                                                  swagRank: 20, swagIterates: 40, swagLearningRate: 1e-3, validationFraction: 0.2))
        }

        /// A small run of the same code (`--quick`): the reference runs once, whatever its R̂.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.reference, .quick).with(\.referenceMaximumDraws, 100).with(\.mapSteps, 2000)
                .with(\.mhSteps, 20_000).with(\.sgldSteps, 4000).with(\.swagIterates, 100)
                .with(\.variationalEpochs, 200).with(\.variationalDropoutEpochs, 200)
                .with(\.snapshotStepsPerCycle, 1000).with(\.dropoutSteps, 1000).with(\.splits, 5)
                .with(\.benchmark.epochs, 40).with(\.benchmark.members, 3).with(\.benchmark.draws, 30)
                .with(\.benchmark.swagIterates, 20).with(\.benchmark.swagRank, 10)
                .with(\.sweepSeeds, 2)
        }
    }
}
