extension EnsemblesChapter {
    /// Every number Lecture 4's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter (each experiment draws from streams of its own).
        public var seed: UInt64

        // MARK: What is a good ensemble?

        /// Ensemble sizes n at which the squared error of the average is measured.
        public var ensembleSizes: [Int]
        /// Correlations c/v of the members' errors (v = 1).
        public var errorCorrelations: [Double]
        /// Monte Carlo draws per (n, c).
        public var errorDraws: Int

        // MARK: Every trained ensemble

        /// Members of every ensemble, trained in parallel.
        public var members: Int
        /// Adam steps per member of the cubic toy's networks.
        public var steps: Int
        /// Adam's learning rate on the cubic toy (constant).
        public var learningRate: Double

        // MARK: The cubic toy

        /// Width of the one hidden ReLU layer of the cubic toy's networks.
        public var cubicHidden: Int
        /// Adversarial step ε of the fast gradient sign method, as a fraction of the input range.
        public var adversarialFraction: Double
        /// Points of the cubic toy's grid on [−bound, bound].
        public var cubicGridCount: Int
        /// Half-width of that grid.
        public var cubicGridBound: Double
        /// Fresh points from the toy on its input interval, to measure the coverage of the 95% interval.
        public var freshPoints: Int

        // MARK: The running example

        /// Mini-batch size on the running example (of its 40 points): the snapshot ensemble's and the diversity ensembles'.
        public var batchSize: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        // MARK: Snapshot ensembles

        /// Snapshots (cycles of the learning rate) in the snapshot ensemble.
        public var snapshots: Int

        // MARK: On the reference's model (1→10→1 tanh, prior N(0, I), noise sd 0.05)

        /// sd s of the starting weights w₀ ~ N(0, s² I) (as chapter 9).
        public var initialScale: Double
        /// Full-data Adam steps (rate 0.01) of the MAP and of every deep-ensemble member (as chapter 9).
        public var mapSteps: Int
        /// Steps L of one cycle of the mini-batch snapshot ensemble.
        public var snapshotStepsPerCycle: Int
        /// Its restart rate α₀ (Adam).
        public var snapshotRate: Double
        /// The restart rate of the full-batch snapshot ensemble (the MAP's rate, 0.01).
        public var smallRestartRate: Double
        /// The snapshot runs' full-data loss is recorded every this many steps.
        public var lossEvery: Int
        /// The restart rates α₀ of the mini-batch snapshot ensemble's table (one of them ``snapshotRate``).
        public var restartRates: [Double]
        /// The comparison on the reference's model is repeated at seeds 1 … sweepSeeds.
        public var sweepSeeds: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, ensembleSizes: [1, 2, 3, 5, 10, 20], errorCorrelations: [0.0, 0.5, 1.0], errorDraws: 40_000,
                     members: 5, steps: 3000, learningRate: 0.01,
                     cubicHidden: 100, adversarialFraction: 0.01, cubicGridCount: 241, cubicGridBound: 6, freshPoints: 2000,
                     batchSize: 10,
                     reference: .standard,
                     snapshots: 5,
                     initialScale: 0.5, mapSteps: 20_000, snapshotStepsPerCycle: 10_000, snapshotRate: 0.3, smallRestartRate: 0.01,
                     lossEvery: 100, restartRates: [0.01, 0.1, 0.3], sweepSeeds: 5)
        }

        /// The smoke run of `--quick`: fewer Adam steps, Monte Carlo draws and reference draws.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.errorDraws, 4000).with(\.steps, 300).with(\.reference, .quick)
                .with(\.mapSteps, 2000).with(\.snapshotStepsPerCycle, 1000).with(\.lossEvery, 10).with(\.sweepSeeds, 2)
        }
    }
}
