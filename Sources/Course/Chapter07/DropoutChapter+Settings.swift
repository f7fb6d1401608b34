import NeuralNetworks

extension DropoutChapter {
    /// Every number Lecture 7's experiments take. `standard` is the chapter's run, `quick` the smoke
    /// run of `--quick`; each differs from the other only where written below.
    public struct Settings: SeedSweeping {
        /// Seed of every stream of the chapter (the running example and the NUTS reference come from it
        /// too, see ``ReferencePosterior``).
        public var seed: UInt64
        /// The small θ of the check of MC dropout's KL term.
        public var klCheckWeights: [Double]
        /// The keep probability of that check.
        public var klCheckKeep: Double
        /// The prior variance σ² of that check.
        public var klCheckPriorVariance: Double
        /// Dropout rate p (the probability of dropping a unit) of the Mauna Loa networks.
        public var rate: Double
        /// Stochastic forward passes T of MC dropout (and of variational dropout's predictive).
        public var passes: Int
        /// Prior length-scale l of Gal & Ghahramani's weight decay λ = l²(1 − p)/(2Nτ).
        public var lengthScale: Double
        /// Adam steps per Mauna Loa network.
        public var steps: Int
        /// Hidden widths of the Mauna Loa networks 1→…→1.
        public var maunaHiddenWidths: [Int]
        /// Their activations, one network each.
        public var maunaActivations: [Activation]
        /// Adam's learning rate on Mauna Loa.
        public var maunaLearningRate: Double
        /// Mini-batch size on Mauna Loa.
        public var maunaBatchSize: Int
        /// The noise sd, in standardised CO₂ units, that sets τ on Mauna Loa.
        public var maunaNoise: Double
        /// The year that is subtracted before scaling time.
        public var yearCentre: Double
        /// The years that make one unit of standardised time.
        public var yearScale: Double
        /// The networks see the weeks before this year.
        public var cutoff: Double
        /// Where the table's "late" averages start.
        public var lateYear: Double
        /// Points of the year grid on [1958, 2002].
        public var yearGridCount: Int
        /// The dropout rates of the running example's MC-dropout networks (the reference's network
        /// 1→10→1 tanh, prior N(0, I), noise sd 0.05).
        public var runningRates: [Double]
        /// The rate of the MC-dropout network that drops its input too.
        public var inputDropoutRate: Double
        /// Adam steps of every MC-dropout network on the running example (mini-batches).
        public var runningSteps: Int
        /// Adam's learning rate on the running example (MC and variational dropout).
        public var runningLearningRate: Double
        /// Mini-batch size on the running example.
        public var runningBatchSize: Int
        /// Epochs of variational dropout on the running example (N/B Adam steps each): until the
        /// median ln α has stopped moving.
        public var variationalEpochs: Int
        /// The seeds 1…sweepSeeds of the running example's sweep.
        public var sweepSeeds: Int
        /// Draws of each marginal for the 1-Wasserstein distance to the reference at a grid point.
        public var wassersteinDraws: Int
        /// Draws of the check of Gaussian dropout's variance.
        public var noiseCheckDraws: Int
        /// Monte Carlo draws per ln α of the variational-dropout KL.
        public var klDraws: Int
        /// Rows, inputs and units of the layer of the local-reparameterisation comparison.
        public var lrtRows: Int, lrtInputs: Int, lrtUnits: Int
        /// Gradient estimates per method in that comparison.
        public var lrtDraws: Int
        /// The NUTS reference (chains, draws, tree depth, target acceptance, grid).
        public var reference: ReferencePosterior.Settings

        /// The chapter's run.
        public static func standard(seed: UInt64 = 1) -> Settings {
            Settings(seed: seed, klCheckWeights: [0.5, -1.0, 2.0], klCheckKeep: 0.9, klCheckPriorVariance: 0.25,
                     rate: 0.1, passes: 200, lengthScale: 1, steps: 3000,
                     maunaHiddenWidths: [128, 128, 128], maunaActivations: [.relu, .tanh], maunaLearningRate: 1e-3, maunaBatchSize: 64,
                     maunaNoise: 0.05, yearCentre: 1975, yearScale: 10, cutoff: 1990, lateYear: 1995, yearGridCount: 441,
                     runningRates: [0.05, 0.1, 0.2], inputDropoutRate: 0.1, runningSteps: 12_000, runningLearningRate: 0.005, runningBatchSize: 10,
                     variationalEpochs: 4000, sweepSeeds: 5, wassersteinDraws: 2000, noiseCheckDraws: 200_000,
                     klDraws: 100_000, lrtRows: 16, lrtInputs: 5, lrtUnits: 3, lrtDraws: 20_000,
                     reference: .standard)
        }

        /// The smoke run of `--quick`: fewer steps, passes and Monte Carlo draws, a shorter reference.
        public static func quick(seed: UInt64 = 1) -> Settings {
            standard(seed: seed).with(\.steps, 300).with(\.passes, 30).with(\.klDraws, 10_000).with(\.lrtDraws, 2000)
                .with(\.reference, .quick).with(\.runningSteps, 1000).with(\.variationalEpochs, 200).with(\.sweepSeeds, 2)
                .with(\.wassersteinDraws, 500).with(\.noiseCheckDraws, 20_000)
        }
    }
}
