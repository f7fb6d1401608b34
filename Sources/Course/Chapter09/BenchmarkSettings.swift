import NeuralNetworks

/// The methods the real-data benchmark scores, named as in its JSON output.
public enum BenchmarkMethod: String, CaseIterable, Sendable {
    case map
    case mcDropout = "mc-dropout"
    case deepEnsemble = "deep-ensemble"
    case swag
    case bayesByBackprop = "bayes-by-backprop"
    case variationalDropout = "variational-dropout"

    /// The name in tables.
    public var title: String {
        switch self {
        case .map: return "MAP"
        case .mcDropout: return "MC dropout"
        case .deepEnsemble: return "deep ensemble"
        case .swag: return "SWAG"
        case .bayesByBackprop: return "Bayes-by-Backprop"
        case .variationalDropout: return "variational dropout"
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
    /// Passes over the training rows (the optimiser steps are epochs · ⌈N/B⌉).
    public var epochs: Int
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

    public init(hiddenUnits: Int, activation: Activation, epochs: Int, batchSize: Int, learningRate: Double, members: Int, draws: Int,
                dropoutRate: Double, lengthScale: Double, swagRank: Int, swagIterates: Int, swagLearningRate: Double, validationFraction: Double) {
        (self.hiddenUnits, self.activation, self.epochs, self.batchSize, self.learningRate) = (hiddenUnits, activation, epochs, batchSize, learningRate)
        (self.members, self.draws, self.dropoutRate, self.lengthScale) = (members, draws, dropoutRate, lengthScale)
        (self.swagRank, self.swagIterates, self.swagLearningRate, self.validationFraction) = (swagRank, swagIterates, swagLearningRate, validationFraction)
    }

    /// Optimiser steps for N training rows.
    public func steps(rows n: Int) -> Int { epochs * ((n + batchSize - 1) / batchSize) }
}
