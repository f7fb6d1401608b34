extension PhysicsInformedChapter {
    /// Every number Lecture 13's experiments take. `standard` is the chapter's run, `quick` the
    /// smoke run of `--quick`; they differ only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter.
        public var seed: UInt64
        /// The interval of x.
        public var domain: (Double, Double)
        /// λ of λu″ + k·tanh u = f.
        public var lambda: Double
        /// The two noise sds σ of the sensors (the same on u and f), smaller first.
        public var noiseLevels: [Double]
        /// f sensors of the forward problem (u sensors: the two ends).
        public var forwardFSensors: Int
        /// f and u sensors of the inverse problem.
        public var inverseFSensors: Int, inverseUSensors: Int
        /// Layer widths of the network u_θ.
        public var sizes: [Int]
        /// σ_θ of the weights' prior N(0, σ_θ²I).
        public var weightPriorSD: Double
        /// The prior N(μ_k, s_k²) of k in the inverse problem.
        public var kPriorMean: Double, kPriorSD: Double
        /// NUTS: first step size (warm-up searches from it, then adapts it by dual averaging and the
        /// diagonal mass matrix in Stan's windows), warm-up and kept transitions per chain, chains
        /// per fit, the cap on the tree depth (at most 2^depth − 1 leapfrog steps a transition).
        public var nutsStepSize: Double, nutsWarmup: Int, nutsDraws: Int, nutsChains: Int, nutsMaximumDepth: Int
        /// Deep ensemble of B-PINN MAPs: members, Adam steps and learning rate of each MAP fit.
        public var ensembleMembers: Int, ensembleSteps: Int, ensembleLearningRate: Double
        /// Mean-field VI: Adam steps on ln p that place μ at a mode first when no mode is given (at
        /// the ensemble's rate; the chapter's run starts μ at the ensemble's best MAP instead), then
        /// Adam steps on the ELBO (one draw each), their learning rate, draws of q for the band.
        public var viPretrainSteps: Int, viSteps: Int, viLearningRate: Double, viDraws: Int
        /// MC dropout: rate p on the hidden units, Adam steps, learning rate, passes for the band.
        public var dropoutRate: Double, dropoutSteps: Int, dropoutLearningRate: Double, dropoutPasses: Int
        /// Points of the grid of the bands.
        public var gridCount: Int
        /// Blocks of the convergence traces (each the mean of its steps).
        public var traceBlocks: Int
        /// Seeds of the sweeps (the chapter's seed and the next ones).
        public var sweepSeeds: Int

        /// Every field equal (written out: the domain is a tuple).
        public static func == (a: Settings, b: Settings) -> Bool {
            a.seed == b.seed && a.domain == b.domain && a.lambda == b.lambda && a.noiseLevels == b.noiseLevels
                && a.forwardFSensors == b.forwardFSensors && a.inverseFSensors == b.inverseFSensors && a.inverseUSensors == b.inverseUSensors
                && a.sizes == b.sizes && a.weightPriorSD == b.weightPriorSD && a.kPriorMean == b.kPriorMean && a.kPriorSD == b.kPriorSD
                && a.nutsStepSize == b.nutsStepSize && a.nutsWarmup == b.nutsWarmup && a.nutsDraws == b.nutsDraws
                && a.nutsChains == b.nutsChains && a.nutsMaximumDepth == b.nutsMaximumDepth && a.traceBlocks == b.traceBlocks
                && a.ensembleMembers == b.ensembleMembers && a.ensembleSteps == b.ensembleSteps
                && a.ensembleLearningRate == b.ensembleLearningRate && a.viSteps == b.viSteps && a.viPretrainSteps == b.viPretrainSteps && a.viLearningRate == b.viLearningRate
                && a.viDraws == b.viDraws && a.dropoutRate == b.dropoutRate && a.dropoutSteps == b.dropoutSteps
                && a.dropoutLearningRate == b.dropoutLearningRate && a.dropoutPasses == b.dropoutPasses && a.gridCount == b.gridCount && a.sweepSeeds == b.sweepSeeds
        }

        /// The chapter's run: Yang et al.'s problems, network and priors (NeuralUQ's example: weights
        /// N(0, 1), k ~ N(0.5, 1)); NUTS with 4 chains from the ensemble's MAPs.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, domain: (-0.7, 0.7), lambda: 0.01, noiseLevels: [0.01, 0.1], forwardFSensors: 16,
                     inverseFSensors: 32, inverseUSensors: 8, sizes: [1, 50, 50, 1], weightPriorSD: 1, kPriorMean: 0.5, kPriorSD: 1,
                     nutsStepSize: 0.001, nutsWarmup: 150, nutsDraws: 150, nutsChains: 4, nutsMaximumDepth: 6,
                     ensembleMembers: 5, ensembleSteps: 6000, ensembleLearningRate: 0.003,
                     viPretrainSteps: 3000, viSteps: 8000, viLearningRate: 0.003, viDraws: 200, dropoutRate: 0.01, dropoutSteps: 6000, dropoutLearningRate: 0.003,
                     dropoutPasses: 200, gridCount: 101, traceBlocks: 60, sweepSeeds: 5)
        }

        /// The smoke run of `--quick`: short, shallow chains, a small ensemble, two seeds.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.nutsWarmup, 30).with(\.nutsDraws, 20).with(\.nutsMaximumDepth, 4).with(\.nutsChains, 2)
                .with(\.ensembleMembers, 2).with(\.ensembleSteps, 300).with(\.sweepSeeds, 2).with(\.traceBlocks, 20)
                .with(\.viSteps, 500).with(\.viPretrainSteps, 200).with(\.viDraws, 50).with(\.dropoutSteps, 300).with(\.dropoutPasses, 50)
        }
    }
}
