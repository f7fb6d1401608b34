import Inference
import NeuralNetworks

extension ClassificationChapter {
    /// Every number Lecture 11's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter.
        public var seed: UInt64
        /// Training points of the two moons (half of each class).
        public var moonsCount: Int
        /// The noise sd of the two moons.
        public var moonsNoise: Double
        /// Fresh test points of the two moons.
        public var moonsTestCount: Int
        /// Hidden widths of the two-moons network 2→…→2 (tanh): the reference's model.
        public var moonsHidden: [Int]
        /// s², the prior variance of every weight of both networks (MAP, ensemble, NUTS; MC dropout's
        /// length-scale is l = 1/s).
        public var priorVariance: Double
        /// Training of every two-moons network (MAP, members, MC dropout): Adam steps, rate, batch.
        public var moonsTraining: ClassifierTraining
        /// Members of each deep ensemble.
        public var members: Int
        /// Dropout rate p of the MC-dropout networks (hidden units only).
        public var dropoutRate: Double
        /// Stochastic passes T of MC dropout at prediction.
        public var passes: Int
        /// SWAG from the MAP network: rank K, iterates collected, SGD steps between two, constant
        /// learning rate η (on the mean log posterior), mini-batch size, draws of the SWAG Gaussian.
        public var swagRank: Int, swagIterates: Int, swagInterval: Int, swagLearningRate: Double, swagBatchSize: Int, swagDraws: Int
        /// SWAG's constant learning rate on the digits (2 kills the ReLU network there).
        public var digitsSwagLearningRate: Double
        /// Draws of the last-layer Laplace Gaussian at prediction.
        public var laplaceDraws: Int
        /// NUTS chains, kept draws per chain (as many warm-up iterations), maximum tree depth.
        public var chains: Int, draws: Int, maximumTreeDepth: Int
        /// Points per axis of the prediction grid on [−3, 3]².
        public var gridCount: Int
        /// A grid point is "far from the data" when its nearest training point is farther than this.
        public var farDistance: Double
        /// Hidden widths of the digits network 64→…→K (ReLU).
        public var digitsHidden: [Int]
        /// Training of every digits network.
        public var digitsTraining: ClassifierTraining
        /// Equal-width confidence bins of the ECE and the reliability diagrams.
        public var bins: Int
        /// Rotation angles (degrees) of the shifted test images; the last is "the strongest shift".
        public var angles: [Double]
        /// The seeds of the sweep (the chapter's seed, then the next ones).
        public var sweepSeeds: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, moonsCount: 200, moonsNoise: 0.2, moonsTestCount: 1000, moonsHidden: [16], priorVariance: 1,
                     moonsTraining: ClassifierTraining(steps: 5000, learningRate: 0.01, batchSize: 32, priorVariance: 1),
                     members: 5, dropoutRate: 0.1, passes: 200,
                     swagRank: 10, swagIterates: 50, swagInterval: 10, swagLearningRate: 1.0, swagBatchSize: 32, swagDraws: 50, digitsSwagLearningRate: 0.5, laplaceDraws: 100, chains: 4, draws: 300, maximumTreeDepth: 8, gridCount: 61, farDistance: 1,
                     digitsHidden: [32], digitsTraining: ClassifierTraining(steps: 2000, learningRate: 0.005, batchSize: 64, priorVariance: 1),
                     bins: 10, angles: [0, 15, 30, 45, 60, 75, 90], sweepSeeds: 5)
        }

        /// The smoke run of `--quick`: fewer steps, draws and passes, a coarser grid, two seeds.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.moonsTraining.steps, 300).with(\.digitsTraining.steps, 200).with(\.draws, 40).with(\.maximumTreeDepth, 5)
                .with(\.passes, 20).with(\.gridCount, 21).with(\.moonsTestCount, 200).with(\.members, 3).with(\.sweepSeeds, 2)
                .with(\.swagIterates, 10).with(\.swagDraws, 10).with(\.laplaceDraws, 20)
        }

        /// The two-moons network 2→hidden→2.
        public var moonsNetwork: MLP { MLP(sizes: [2] + moonsHidden + [2], activation: .tanh) }

        /// The digits network 64→hidden→K, or d→hidden→K for a table of d inputs (`--csv`).
        public func classifierNetwork(inputs: Int = 64, classes: Int) -> MLP { MLP(sizes: [inputs] + digitsHidden + [classes], activation: .relu) }
    }
}
