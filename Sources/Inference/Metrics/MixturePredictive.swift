import Probability

/// A predictive distribution given as an equal-weight mixture of S Gaussians at each of n points:
/// p(y | xᵢ) = (1/S) Σ_s N(y | μ_s,i, v_s,i). Every method of the course predicts in this form:
/// a sampler's draws or an ensemble's members with the noise variance, MC dropout's passes, one
/// Gaussian for MAP.
public struct MixturePredictive: Sendable {
    /// μ_s,i: component s's mean at point i.
    public let means: [[Double]]
    /// v_s,i: component s's variance at point i.
    public let variances: [[Double]]

    public init(means: [[Double]], variances: [[Double]]) {
        precondition(!means.isEmpty && means.count == variances.count
                     && zip(means, variances).allSatisfy { $0.count == $1.count && $0.count == means[0].count }, "MixturePredictive: shapes differ")
        self.means = means
        self.variances = variances
    }

    /// Components f_s(xᵢ) + noise of the same variance σ² everywhere.
    public init(functions: [[Double]], noiseVariance: Double) {
        self.init(means: functions, variances: functions.map { $0.map { _ in noiseVariance } })
    }

    /// Points n.
    public var count: Int { means[0].count }

    /// Mean and variance at every point (the law of total variance over the components).
    public var moments: PredictiveMoments { PredictiveMoments(means: means, variances: variances) }

    /// The same predictive in other units: y ↦ a·y + b.
    public func scaled(by a: Double, shift b: Double) -> MixturePredictive {
        MixturePredictive(means: means.map { $0.map { a * $0 + b } }, variances: variances.map { $0.map { a * a * $0 } })
    }

    /// Mean log-likelihood per point of targets y.
    public func logLikelihood(_ y: [Double]) -> Double {
        gaussianMixtureLogLikelihood(means: means, variances: variances, targets: y)
    }

    /// `count` draws of y at point i: draw k from component ⌊k·S/count⌋ (stratified, every component
    /// equally often when S divides count, evenly spread otherwise), plus its Gaussian noise from `rng`.
    public func draws(at i: Int, count: Int, using rng: inout Xoshiro256) -> [Double] {
        (0..<count).map { k in
            let s = k * means.count / count
            return means[s][i] + variances[s][i].squareRoot() * rng.normal()
        }
    }
}

/// The 1-Wasserstein distance between two predictives at every point, each marginal represented by
/// `draws` draws (see ``MixturePredictive/draws(at:count:using:)``, ``wasserstein1(_:_:)``).
public func wasserstein1(_ a: MixturePredictive, _ b: MixturePredictive, draws: Int, using rng: inout Xoshiro256) -> [Double] {
    precondition(a.count == b.count, "wasserstein1: the predictives are on different points")
    return (0..<a.count).map { i in wasserstein1(a.draws(at: i, count: draws, using: &rng), b.draws(at: i, count: draws, using: &rng)) }
}
