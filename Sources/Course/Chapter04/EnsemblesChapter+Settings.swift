extension EnsemblesChapter {
    /// Every number Lecture 4's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: ChapterSettings {
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
        /// Adam steps per member (the snapshot run takes members × steps).
        public var steps: Int
        /// Adam's learning rate (constant; the snapshot run's α₀).
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

        /// Hidden layer widths of the running example's members 1→…→2 (tanh, Gaussian head).
        public var runningHidden: [Int]
        /// Mini-batch size on the running example.
        public var batchSize: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        // MARK: Snapshot ensembles

        /// Snapshots (cycles of the learning rate) in the snapshot ensemble.
        public var snapshots: Int
        /// The step schedule's factor, applied at a third and two thirds of the run.
        public var stepScheduleFactor: Double

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, ensembleSizes: [1, 2, 3, 5, 10, 20], errorCorrelations: [0.0, 0.5, 1.0], errorDraws: 40_000,
                     members: 5, steps: 3000, learningRate: 0.01,
                     cubicHidden: 100, adversarialFraction: 0.01, cubicGridCount: 241, cubicGridBound: 6, freshPoints: 2000,
                     runningHidden: [50, 50], batchSize: 10,
                     reference: .standard,
                     snapshots: 5, stepScheduleFactor: 0.1)
        }

        /// The smoke run of `--quick`: fewer Adam steps, Monte Carlo draws and reference draws.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.errorDraws, 4000).with(\.steps, 300).with(\.reference, .quick)
        }
    }
}
