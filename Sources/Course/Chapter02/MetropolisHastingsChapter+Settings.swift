extension MetropolisHastingsChapter {
    /// Every number Lecture 2's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: ChapterSettings {
        /// Seed of every draw: the chapter's main stream `Xoshiro256(seed:)` and the chains' seeds derived from it.
        public var seed: UInt64
        /// Independent chains on the conjugate models and the Bayesian MLP, run in parallel.
        public var chains: Int
        /// The three-state target p of the acceptance-rule check.
        public var threeStateTarget: [Double]
        /// Steps of each rule's random walk (scale `runawayScale`) on N(0, 1).
        public var runawaySteps: Int
        /// Proposal sd of that random walk.
        public var runawayScale: Double
        /// Correlation ρ of the 2-D Gaussian target N(0, [[1, ρ], [ρ, 1]]).
        public var correlation: Double
        /// Proposal sd of the picture of single steps.
        public var pictureScale: Double
        /// Where the pictured chain starts.
        public var pictureStart: [Double]
        /// Proposals in the picture.
        public var pictureProposals: Int
        /// The proposal scales of the scale study: s_i = 10^(lowest + spacing·i), i = 0…count−1.
        public var scaleExponentLowest: Double
        /// Spacing of their exponents.
        public var scaleExponentSpacing: Double
        /// Number of proposal scales.
        public var scaleCount: Int
        /// Warm-up steps of each chain of the scale study.
        public var scaleWarmup: Int
        /// Recorded steps of each chain of the scale study.
        public var scaleSteps: Int
        /// Points of the straight-line model (Lecture 1's).
        public var lineDataCount: Int
        /// Its prior precision α.
        public var linePriorPrecision: Double
        /// Its noise precision β.
        public var lineNoisePrecision: Double
        /// Initial random-walk scale of the chains on it (adapted during the warm-up).
        public var lineScale: Double
        /// Their warm-up steps.
        public var lineWarmup: Int
        /// Their recorded steps.
        public var lineSteps: Int
        /// Points y_i ~ N(0, σ²) of the noise-scale example.
        public var noiseCount: Int
        /// The true σ they are drawn with.
        public var noiseStandardDeviation: Double
        /// Shape a of the prior σ² ~ Inv-Gamma(a, b).
        public var noisePriorShape: Double
        /// Scale b of that prior.
        public var noisePriorScale: Double
        /// Scale of the log-normal proposal σ′ = σ e^{s z}.
        public var sigmaScale: Double
        /// Where the σ chains start.
        public var sigmaStart: Double
        /// Their warm-up steps.
        public var sigmaWarmup: Int
        /// Their recorded steps.
        public var sigmaSteps: Int
        /// Hidden units of the Bayesian MLP 1→hidden→1 (tanh).
        public var hidden: Int
        /// Recorded steps per chain on the Bayesian MLP (before thinning).
        public var steps: Int
        /// Initial random-walk scale on the Bayesian MLP (adapted during the warm-up).
        public var networkScale: Double
        /// The warm-up on a network is steps / networkWarmupDivisor.
        public var networkWarmupDivisor: Int
        /// Every how many states a network chain keeps one.
        public var networkThin: Int
        /// Points of the predictive grid on [−1.5, 1.5].
        public var predictiveGridCount: Int
        /// About how many draws of the second half of each chain enter the predictive.
        public var predictionsPerChain: Int
        /// Weights whose split-R̂ and ESS the chapter reports.
        public var diagnosedWeights: [Int]
        /// Hidden widths of the growth study.
        public var widths: [Int]
        /// Chains per width.
        public var widthChains: Int
        /// Recorded steps per chain of the growth study.
        public var widthSteps: Int

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, chains: 4, threeStateTarget: [0.2, 0.3, 0.5], runawaySteps: 10_000, runawayScale: 1,
                     correlation: 0.9, pictureScale: 0.2, pictureStart: [-1.5, -1.2], pictureProposals: 150,
                     scaleExponentLowest: -1.3, scaleExponentSpacing: 0.1, scaleCount: 25, scaleWarmup: 1000, scaleSteps: 40_000,
                     lineDataCount: 20, linePriorPrecision: 2, lineNoisePrecision: 25, lineScale: 0.1, lineWarmup: 2000, lineSteps: 50_000,
                     noiseCount: 5, noiseStandardDeviation: 0.5, noisePriorShape: 2, noisePriorScale: 0.5, sigmaScale: 0.3, sigmaStart: 1,
                     sigmaWarmup: 1000, sigmaSteps: 200_000,
                     hidden: 10, steps: 200_000, networkScale: 0.01, networkWarmupDivisor: 4, networkThin: 10,
                     predictiveGridCount: 151, predictionsPerChain: 400, diagnosedWeights: [0, 1, 2],
                     widths: [2, 5, 10, 20, 40], widthChains: 2, widthSteps: 40_000)
        }

        /// The smoke run of `--quick`: a tenth of the steps, two widths, a quarter of the growth study's steps.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed)
                .with(\.scaleSteps, 4000).with(\.lineSteps, 5000).with(\.sigmaSteps, 20_000).with(\.steps, 20_000)
                .with(\.widths, [2, 5]).with(\.widthSteps, 10_000)
        }
    }
}
