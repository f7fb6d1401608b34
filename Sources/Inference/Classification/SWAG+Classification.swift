import Foundation
import NeuralNetworks
import Probability

extension SWAG {
    /// SWAG for a softmax classifier (Maddox et al. 2019) from a trained network θ₀ (no pre-training
    /// here: pass the MAP): SGD with a constant learning rate η on mini-batch estimates ĝ of
    /// ∇ln p(θ | D) (``BayesianMLPClassifier/stochasticGradient(_:batchSize:using:)``), θ ← θ + η ĝ/N,
    /// collecting every `interval`-th iterate until `iterates` are in; then `draws` draws of the SWAG
    /// Gaussian.
    public static func classifierDraws(_ posterior: BayesianMLPClassifier, from θ0: [Double], rank: Int, iterates: Int, interval: Int,
                                       learningRate eta: Double, batchSize: Int, draws: Int, using rng: inout Xoshiro256) throws -> [[Double]] {
        let run = try SWAG.run(rank: rank, iterates: iterates, interval: interval, learningRate: eta, pretrainSteps: 0, from: θ0,
                               dataCount: posterior.labels.count, target: posterior.logDensityGradient,
                               stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: batchSize, using: &r) }, using: &rng)
        return (0..<draws).map { _ in run.swag.sample(using: &rng) }
    }
}
