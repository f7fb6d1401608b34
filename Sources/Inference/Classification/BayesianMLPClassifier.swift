import Foundation
import NumericalMethods
import NeuralNetworks
import Probability

/// The posterior of a Bayesian softmax classifier: prior w ~ N(0, s² I), likelihood
/// yᵢ ~ Categorical(softmax(f_w(xᵢ))), so that up to a constant
///
///   ln p(w | D) = Σᵢ [f_w(xᵢ)_{yᵢ} − ln Σₖ e^{f_w(xᵢ)ₖ}] − ‖w‖² / (2 s²),
///
/// with its gradient ∂/∂f_w(xᵢ)ₖ = [k = yᵢ] − softmax(f_w(xᵢ))ₖ backpropagated without a tape
/// (``MLP/parameterGradient(_:count:parameters:outputGradient:)``). What NUTS samples as the
/// classification reference.
public struct BayesianMLPClassifier: Sendable {
    public let network: MLP
    /// The inputs, row-major n × d.
    public let inputs: [Double]
    /// Labels in 0..<K, K the network's outputs.
    public let labels: [Int]
    /// s², the prior variance of every weight.
    public let priorVariance: Double

    public init(network: MLP, inputs: [Double], labels: [Int], priorVariance: Double = 1) {
        let k = network.sizes.last!
        precondition(k >= 2, "BayesianMLPClassifier: the network needs at least 2 outputs (one logit per class)")
        precondition(inputs.count == labels.count * network.sizes[0] && !labels.isEmpty, "BayesianMLPClassifier: need one label per row of inputs")
        precondition(labels.allSatisfy { (0..<k).contains($0) }, "BayesianMLPClassifier: a label is outside 0..<\(k)")
        self.network = network
        self.inputs = inputs
        self.labels = labels
        self.priorVariance = priorVariance
    }

    /// ln p(w | D) + c and its gradient.
    public var logDensityGradient: LogDensityGradient {
        let (net, x, y, n, k) = (network, inputs, labels, labels.count, network.sizes.last!)
        let c = 1 / priorVariance
        return { w in
            var logLikelihood = 0.0
            var gradient = net.parameterGradient(x, count: n, parameters: w) { f in
                // f holds the logits; it is overwritten by ∂(log-likelihood)/∂f.
                for i in 0..<n {
                    var m = -Double.infinity
                    for j in 0..<k { m = max(m, f[i * k + j]) }
                    var s = 0.0
                    for j in 0..<k { s += Elementary.exp(f[i * k + j] - m) }
                    logLikelihood += f[i * k + y[i]] - m - Elementary.log(s)
                    for j in 0..<k { f[i * k + j] = (j == y[i] ? 1 : 0) - Elementary.exp(f[i * k + j] - m) / s }
                }
            }
            var ww = 0.0
            for i in w.indices {
                ww += w[i] * w[i]
                gradient[i] -= c * w[i]
            }
            return (logLikelihood - 0.5 * c * ww, gradient)
        }
    }

    /// The mini-batch estimate ∇ln p(w) + (N/B) Σ_{i ∈ batch} ∇ln p(yᵢ | xᵢ, w) for `batchSize` rows
    /// drawn uniformly with replacement from `rng` (what SWAG's SGD steps on).
    public func stochasticGradient(_ w: [Double], batchSize: Int, using rng: inout Xoshiro256) -> [Double] {
        let (n, d) = (labels.count, network.sizes[0])
        let rows = (0..<batchSize).map { _ in Int(rng.next() % UInt64(n)) }
        let batch = BayesianMLPClassifier(network: network, inputs: rows.flatMap { inputs[($0 * d)..<(($0 + 1) * d)] }, labels: rows.map { labels[$0] },
                                          priorVariance: priorVariance)
        let g = batch.logDensityGradient(w).gradient   // Σ_batch ∇ln p(y | x, w) − w/s²
        let scale = Double(n) / Double(batchSize), c = 1 / priorVariance
        return w.indices.map { scale * (g[$0] + c * w[$0]) - c * w[$0] }
    }
}
