import Autodiff
import NeuralNetworks
import Probability

extension DropoutNetwork {
    /// MC dropout for a classifier (Gal & Ghahramani 2016, §4, with τ = 1): Adam on
    ///
    ///   (1/B) Σ_{i ∈ batch} [ln Σₖ e^{f(xᵢ; θ, masks)ₖ} − f(xᵢ; θ, masks)_{yᵢ}] + λ ‖θ‖²,
    ///
    /// fresh masks every step, with λ = l²(1 − p)/(2N) from ``weightDecay(lengthScale:rate:dataCount:noisePrecision:)``
    /// at τ = 1; mini-batches of `batchSize` drawn with replacement (nil: the whole data set).
    /// At prediction, ``passes(_:at:count:using:)`` gives the logits of T passes with dropout on.
    public func trainClassifier(from θ0: [Double], inputs x: Tensor, labels: [Int], steps: Int, learningRate: Double, weightDecay lambda: Double,
                                batchSize: Int? = nil, using rng: inout Xoshiro256) throws -> [Double] {
        let n = x.shape[0]
        precondition(labels.count == n, "DropoutNetwork.trainClassifier: \(labels.count) labels for \(n) rows")
        var θ = Tensor(θ0)
        var adam = Adam(.constant(learningRate))
        for step in 0..<steps {
            var (xb, yb) = (x, labels)
            if let b = batchSize {
                let rows = (0..<b).map { _ in Int(rng.next() % UInt64(n)) }
                (xb, yb) = (x.gathering(rows: rows), rows.map { labels[$0] })
            }
            var masks = rng   // the masks of this step come from a copy, advanced below
            let (value, g) = valueWithGradient(at: θ) { v in
                self(xb, parameters: v, mode: .sampling, using: &masks).softmaxCrossEntropy(labels: yb) + square(v).sum() * lambda
            }
            rng = masks
            guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: step, loss: value) }
            adam.update(&θ, gradient: g)
        }
        return θ.scalars
    }
}
