import NeuralNetworks

/// The methods the real-data benchmark scores, named as in its JSON output.
public enum BenchmarkMethod: String, CaseIterable, Sendable {
    case map
    case mcDropout = "mc-dropout"
    case deepEnsemble = "deep-ensemble"
    case swag
    case bayesByBackprop = "bayes-by-backprop"
    case variationalDropout = "variational-dropout"
    /// The MAP of the same split (trained again from the MAP's stream: the same weights), then
    /// Laplace with the full GGN and the GLM predictive, its prior variance s² tuned by the evidence.
    case laplace

    /// The name in tables.
    public var title: String {
        switch self {
        case .map: return "MAP"
        case .mcDropout: return "MC dropout"
        case .deepEnsemble: return "deep ensemble"
        case .swag: return "SWAG"
        case .bayesByBackprop: return "Bayes-by-Backprop"
        case .variationalDropout: return "variational dropout"
        case .laplace: return "Laplace (full GGN)"
        }
    }
}

/// The settings of the benchmark, shared by every method: one hidden layer, Adam on mini-batches,
/// the same number of passes over the training rows. The chapter's values are in
/// ``ComparisonChapter/Settings``.
public struct BenchmarkSettings: Sendable, Equatable {
    /// Units of the one hidden layer.
    public var hiddenUnits: Int
    /// The hidden layer's nonlinearity.
    public var activation: Activation
    /// Passes over the training rows, unless they would take more than ``maximumSteps`` optimiser
    /// steps (``epochs(rows:)``).
    public var epochs: Int
    /// The budget of optimiser steps of one training run: on N rows the epochs are cut to
    /// ⌊maximumSteps / ⌈N/B⌉⌋ (at least one), so that a data set ten times larger does not take ten
    /// times the steps of a network of the same size. Boston's 455 training rows at B = 32 are
    /// ⌈455/32⌉ = 15 batches, 400 epochs 6,000 steps: the budget of 6,000 leaves the published
    /// protocol's runs as they were, and gives 4,500 rows 42 epochs.
    public var maximumSteps: Int
    /// Rows per mini-batch B.
    public var batchSize: Int
    /// Adam's constant learning rate.
    public var learningRate: Double
    /// Members of the deep ensemble.
    public var members: Int
    /// Predictive draws: MC dropout's passes, SWAG's and Bayes-by-Backprop's weight draws,
    /// variational dropout's noisy passes.
    public var draws: Int
    /// MC dropout's rate p.
    public var dropoutRate: Double
    /// MC dropout's prior length-scale l (Gal & Ghahramani's UCI code uses l = 10⁻²).
    public var lengthScale: Double
    /// SWAG's rank K.
    public var swagRank: Int
    /// SWAG's iterates, collected once per epoch.
    public var swagIterates: Int
    /// SWAG's constant SGD learning rate η.
    public var swagLearningRate: Double
    /// Fraction of the training rows held out to choose the noise variance.
    public var validationFraction: Double

    public init(hiddenUnits: Int, activation: Activation, epochs: Int, maximumSteps: Int, batchSize: Int, learningRate: Double, members: Int, draws: Int,
                dropoutRate: Double, lengthScale: Double, swagRank: Int, swagIterates: Int, swagLearningRate: Double, validationFraction: Double) {
        (self.hiddenUnits, self.activation, self.epochs, self.batchSize, self.learningRate) = (hiddenUnits, activation, epochs, batchSize, learningRate)
        self.maximumSteps = maximumSteps
        (self.members, self.draws, self.dropoutRate, self.lengthScale) = (members, draws, dropoutRate, lengthScale)
        (self.swagRank, self.swagIterates, self.swagLearningRate, self.validationFraction) = (swagRank, swagIterates, swagLearningRate, validationFraction)
    }

    /// The epochs of a training run on N rows: ``epochs``, cut to the budget of ``maximumSteps``.
    public func epochs(rows n: Int) -> Int {
        let batches = (n + batchSize - 1) / batchSize
        return max(1, min(epochs, maximumSteps / batches))
    }

    /// Optimiser steps for N training rows: ``epochs(rows:)`` · ⌈N/B⌉.
    public func steps(rows n: Int) -> Int { epochs(rows: n) * ((n + batchSize - 1) / batchSize) }
}
