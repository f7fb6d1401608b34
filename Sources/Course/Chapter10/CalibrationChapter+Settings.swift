import NeuralNetworks

extension CalibrationChapter {
    /// Every number the calibration chapter's experiments take. ``standard(seed:)`` is the chapter's
    /// run, ``quick(seed:)`` a small run of the same code.
    public struct Settings: SeedSweeping {
        /// The seed every random stream of the chapter derives from.
        public var seed: UInt64
        /// The miscoverage α of the chapter's intervals (level 1 − α).
        public var alpha: Double
        /// The miscoverages of the Monte Carlo check of the guarantee.
        public var guaranteeAlphas: [Double]

        // Boston.

        /// Published splits used (the comparison chapter's first ones).
        public var splits: Int
        /// Fraction of each split's training rows set aside for calibration (the methods are fitted on the rest).
        public var calibrationFraction: Double
        /// Random re-splits of each split's calibration and test rows in the Monte Carlo check.
        public var resplits: Int
        /// The comparison's network, optimiser and methods.
        public var benchmark: BenchmarkSettings

        // The heteroscedastic toy.

        /// Training, calibration and test points of the toy.
        public var toyTrain: Int, toyCalibration: Int, toyTest: Int
        /// Hidden units of the toy's networks 1→h→2 (ReLU).
        public var toyHidden: Int
        /// Full-batch Adam steps of each toy network.
        public var toySteps: Int
        /// Adam's learning rate on the toy.
        public var toyLearningRate: Double
        /// Bins of |x| in which conditional coverage is measured.
        public var toyBins: Int

        // Jackknife+ on small data.

        /// Points n of the small data set.
        public var smallCount: Int
        /// Degree of the polynomial ridge regression fitted to it.
        public var smallDegree: Int
        /// Ridge penalty λ of that regression.
        public var smallRidge: Double
        /// Independent small data sets (each with fresh test points).
        public var smallRepeats: Int
        /// Test points per small data set.
        public var smallTest: Int
        /// Folds K of CV+.
        public var smallFolds: Int

        // Adaptive conformal inference.

        /// Length T of the sequence (its second half has twice the noise).
        public var sequenceLength: Int
        /// ACI's step size γ.
        public var aciStepSize: Double

        /// Seeds of the toy's sweep (``SeedSweeping/sweptSeeds``).
        public var sweepSeeds: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, alpha: 0.1, guaranteeAlphas: [0.1, 0.05],
                     splits: 20, calibrationFraction: 0.2, resplits: 200,
                     benchmark: ComparisonChapter.Settings.standard().benchmark,
                     toyTrain: 500, toyCalibration: 500, toyTest: 5000, toyHidden: 50, toySteps: 3000, toyLearningRate: 0.01, toyBins: 4,
                     smallCount: 40, smallDegree: 3, smallRidge: 1e-3, smallRepeats: 500, smallTest: 200, smallFolds: 5,
                     sequenceLength: 2000, aciStepSize: 0.01, sweepSeeds: 5)
        }

        /// A small run of the same code (`--quick`).
        public static func quick(seed: UInt64 = 1) -> Settings {
            let q = ComparisonChapter.Settings.quick().benchmark
            return standard(seed: seed).with(\.splits, 3).with(\.benchmark, q).with(\.toySteps, 400).with(\.toyTest, 2000)
                .with(\.smallRepeats, 100).with(\.sweepSeeds, 2)
        }
    }
}
