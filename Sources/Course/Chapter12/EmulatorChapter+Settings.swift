import NeuralNetworks

extension EmulatorChapter {
    /// Every number the emulator chapter's experiments take. ``standard(seed:)`` is the chapter's
    /// run, ``quick(seed:)`` a small run of the same code; a seed sweep calls the experiments with
    /// `.standard(seed: k)`.
    public struct Settings: SeedSweeping {
        /// The seed every random stream of the chapter derives from.
        public var seed: UInt64
        /// Training trajectories from the training family, each ``rolloutSteps`` emulator steps long.
        public var trainingCount: Int
        /// Test initial conditions per family.
        public var testCount: Int
        /// Emulator steps (of Δt = 0.2) of a training trajectory and of a test rollout.
        public var rolloutSteps: Int
        /// Initial conditions of each family drawn in the chapter's first figure.
        public var exampleCount: Int
        /// The networks n → hidden → n and their Adam training (steps, batch size, rate).
        public var training: EmulatorTraining
        /// Deep-ensemble members.
        public var members: Int
        /// Rollouts drawn from MC dropout, SWAG and Bayes-by-Backprop.
        public var draws: Int
        /// MC dropout's rate p after each hidden layer.
        public var dropoutRate: Double
        /// MC dropout's prior length-scale l (its weight decay is λ = l²(1 − p)/(2Nτ)).
        public var dropoutLengthScale: Double
        /// σ² = 1/τ of the Gaussian likelihood of MC dropout and Bayes-by-Backprop (about twice the members' one-step test error).
        public var noiseVariance: Double
        /// Bayes-by-Backprop's prior sd: w ~ N(0, σ_p² I).
        public var bayesByBackpropPriorSD: Double
        /// Bayes-by-Backprop's passes over the training pairs.
        public var bayesByBackpropEpochs: Int
        /// SWAG from the first member: constant-rate SGD on ½·MSE of batches of ``EmulatorTraining/batchSize``, at rate η.
        public var swagLearningRate: Double
        /// SWAG's rank K of the low-rank part of the covariance.
        public var swagRank: Int
        /// SWAG's collected iterates.
        public var swagIterates: Int
        /// SGD steps between two collected iterates.
        public var swagInterval: Int
        /// The trust horizon's tolerance on the RMS error (and the RMS sd that predicts it).
        public var tolerance: Double
        /// Seeds of the chapter's sweep (``SeedSweeping/sweptSeeds``): ``seed``, seed + 1, ….
        public var sweepSeeds: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, trainingCount: 200, testCount: 40, rolloutSteps: 20, exampleCount: 5,
                     training: EmulatorTraining(hidden: [128, 128], activation: .tanh, steps: 12_000, batchSize: 64, learningRate: 1e-3),
                     members: 5, draws: 20, dropoutRate: 0.02, dropoutLengthScale: 1, noiseVariance: 2e-4,
                     bayesByBackpropPriorSD: 1, bayesByBackpropEpochs: 100,
                     swagLearningRate: 10, swagRank: 20, swagIterates: 100, swagInterval: 50, tolerance: 0.05, sweepSeeds: 5)
        }

        /// A small run of the same code (`--quick`).
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed)
                .with(\.trainingCount, 40).with(\.testCount, 10).with(\.training.steps, 1500).with(\.members, 3)
                .with(\.draws, 8).with(\.swagRank, 10).with(\.swagIterates, 20).with(\.bayesByBackpropEpochs, 10).with(\.sweepSeeds, 2)
        }
    }
}
