import Autodiff
import Foundation
import NeuralNetworks
import Probability

/// How a softmax classifier f_θ: ℝᵈ → ℝᴷ (its outputs are logits) is trained to the MAP of the
/// posterior with prior θ ~ N(0, s² I) and likelihood yᵢ ~ Categorical(softmax(f_θ(xᵢ))):
/// Adam on the per-point loss
///
///   L(θ) = (1/B) Σ_{i ∈ batch} [ln Σₖ e^{f_θ(xᵢ)ₖ} − f_θ(xᵢ)_{yᵢ}] + ‖θ‖² / (2 s² N),
///
/// an unbiased estimate of −(1/N) ln p(θ | D) + c, with mini-batches of B rows drawn with replacement.
/// A deep ensemble (Lakshminarayanan et al. 2017) is several such runs from independent starts.
public struct ClassifierTraining: Sendable, Equatable {
    public var steps: Int
    public var learningRate: Double
    /// B, the rows per step (nil: the whole data set every step).
    public var batchSize: Int?
    /// s², the prior variance of every weight (`.infinity`: no prior, maximum likelihood).
    public var priorVariance: Double

    public init(steps: Int, learningRate: Double, batchSize: Int? = nil, priorVariance: Double = 1) {
        self.steps = steps
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.priorVariance = priorVariance
    }

    /// These settings with another prior variance s².
    public func with(priorVariance: Double) -> ClassifierTraining {
        var t = self
        t.priorVariance = priorVariance
        return t
    }

    /// Trains `network` from θ₀ on inputs x (n × d) and labels in 0..<K (K = the network's outputs),
    /// the batches drawn from `rng`.
    /// - Throws: ``TrainingDiverged`` at the first non-finite loss.
    public func train(_ network: MLP, from θ0: [Double], inputs x: Tensor, labels: [Int], using rng: inout Xoshiro256) throws -> [Double] {
        let n = x.shape[0]
        precondition(labels.count == n && x.shape[1] == network.sizes[0], "ClassifierTraining: \(labels.count) labels for inputs \(x.shape)")
        let decay = priorVariance.isInfinite ? 0 : 1 / (2 * priorVariance * Double(n))
        var adam = Adam(.constant(learningRate))
        var θ = Tensor(θ0)
        for t in 0..<steps {
            var (xb, yb) = (x, labels)
            if let b = batchSize {
                let rows = (0..<b).map { _ in Int(rng.next() % UInt64(n)) }
                (xb, yb) = (x.gathering(rows: rows), rows.map { labels[$0] })
            }
            let (value, g) = valueWithGradient(at: θ) { w in
                network(xb, parameters: w).softmaxCrossEntropy(labels: yb) + square(w).sum() * decay
            }
            guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: t, loss: value) }
            adam.update(&θ, gradient: g)
        }
        return θ.scalars
    }
}

/// Trains `count` classifiers in parallel, member k from its own initialisation and batches drawn
/// from `Xoshiro256(seed: seed, stream: k)`; the members come back in order of k, the same bits on
/// one core or many.
public func trainClassifierEnsemble(count: Int, network: MLP, training: ClassifierTraining, inputs x: Tensor, labels: [Int],
                                    initializer: Initializer = .pytorchDefault, seed: UInt64) async throws -> [[Double]] {
    try await runInParallel(count: count, seed: seed) { _, rng in
        let θ0 = network.initialParameters(initializer, using: &rng).scalars
        return try training.train(network, from: θ0, inputs: x, labels: labels, using: &rng)
    }
}

extension ClassPredictive {
    /// The predictive of networks with parameters `draws` (posterior draws or ensemble members) at
    /// the `count` inputs x (count × d): each draw's softmax of its logits f_θ(x).
    public init(network: MLP, draws: [[Double]], at x: [Double], count: Int) {
        self.init(logits: draws.map { network.forward(x, count: count, parameters: $0) }, classes: network.sizes.last!)
    }
}
