import Foundation
import NeuralNetworks
import NumericalMethods
import Probability

/// The last-layer Laplace approximation of a softmax classifier (MacKay 1992; Kristiadi, Hein &
/// Hennig 2020; Daxberger et al. 2021): every layer but the last stays at the MAP θ*, and the last
/// layer's weights and biases w (the logits are zᵢ = Wᵀφᵢ + b, with φᵢ the last hidden layer's
/// activations) get the Gaussian N(w*, H⁻¹) with the generalised Gauss–Newton precision
///
///   H = Σᵢ (φ̃ᵢ φ̃ᵢᵀ) ⊗ (diag pᵢ − pᵢ pᵢᵀ) + I/s²,   φ̃ᵢ = (φᵢ, 1),  pᵢ = softmax(zᵢ),
///
/// which for the softmax likelihood is also its exact Hessian in w. The predictive is the average of
/// softmax over draws of w (Monte Carlo over the Gaussian, rather than the probit approximation, so
/// that it has draws to decompose).
public struct LastLayerLaplaceClassifier: Sendable {
    public let network: MLP
    /// θ*, the whole network's MAP parameters.
    public let map: [Double]
    /// The lower Cholesky factor L of H (D × D, row-major), D = (h + 1)K.
    public let factor: [Double]
    /// D, the last layer's parameter count.
    public let dimension: Int

    /// - Throws: `LinearAlgebraError` if H is not positive definite (it always is for s² < ∞).
    public init(network: MLP, map: [Double], inputs x: [Double], labels: [Int], priorVariance: Double) throws {
        let (n, k, h) = (labels.count, network.sizes.last!, network.sizes[network.sizes.count - 2])
        let d = (h + 1) * k
        let phi = network.layerInputs(x, count: n, parameters: map).last!
        let p = softmaxRows(network.forward(x, count: n, parameters: map), classes: k)
        var precision = [Double](repeating: 0, count: d * d)
        for i in 0..<n {
            let f = (0..<h).map { phi[i * h + $0] } + [1]
            let pi = Array(p[(i * k)..<((i + 1) * k)])
            for a in 0...h where f[a] != 0 {
                for b in 0...h where f[b] != 0 {
                    let ff = f[a] * f[b]
                    for c in 0..<k {
                        for e in 0..<k {
                            precision[(a * k + c) * d + b * k + e] += ff * ((c == e ? pi[c] : 0) - pi[c] * pi[e])
                        }
                    }
                }
            }
        }
        for j in 0..<d { precision[j * d + j] += 1 / priorVariance }
        self.network = network
        self.map = map
        self.dimension = d
        self.factor = try Cholesky.factor(precision, n: d)
    }

    /// `count` draws of the whole parameter vector: θ* with its last layer replaced by
    /// w* + L⁻ᵀz, z ~ N(0, I) (so that Cov = (LLᵀ)⁻¹ = H⁻¹).
    public func sample(count: Int, using rng: inout Xoshiro256) -> [[Double]] {
        let (w, b) = network.layout(network.layerCount - 1)
        let d = dimension
        return (0..<count).map { _ in
            let z = (0..<d).map { _ in rng.normal() }
            var u = [Double](repeating: 0, count: d)
            for i in stride(from: d - 1, through: 0, by: -1) {
                var s = z[i]
                for j in (i + 1)..<max(i + 1, d) { s -= factor[j * d + i] * u[j] }
                u[i] = s / factor[i * d + i]
            }
            var θ = map
            // The last layer's weights W (h × K, row-major) then its bias (K): the order of (φ, 1) ⊗ classes.
            for j in 0..<w.count { θ[w.lowerBound + j] += u[j] }
            for j in 0..<b.count { θ[b.lowerBound + j] += u[w.count + j] }
            return θ
        }
    }
}
