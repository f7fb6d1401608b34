import Foundation
import Autodiff
import NeuralNetworks
import NumericalMethods
import Probability

/// Last-layer Laplace for a network with many outputs and iid Gaussian noise: Bayesian linear
/// regression on the last hidden layer's features.
///
/// With φ(x) ∈ ℝᵏ the last hidden layer's activations and a 1 for the bias (k = width + 1), the
/// network's outputs are fⱼ(x) = φ(x)ᵀ wⱼ, j = 1…n, with wⱼ column j of the last layer's weights
/// and bias. Under the prior wⱼ ~ N(0, s² I) and the likelihood yᵢⱼ ~ N(fⱼ(xᵢ), σ²), every
/// output's GGN is the same ΦᵀΦ/σ² (Φ the N × k features of the training inputs): the posterior
/// of the last layer factorises over the outputs with one shared precision
///
///   Λ = ΦᵀΦ/σ² + I/s²,   wⱼ ~ N(mⱼ, Λ⁻¹) independently,
///
/// and its predictive at x is N(φ(x)ᵀmⱼ, φ(x)ᵀΛ⁻¹φ(x) + σ²) for every output j. Laplace centres mⱼ
/// on the trained weights w*ⱼ; the exact posterior of Bayesian linear regression on the features
/// has mⱼ = Λ⁻¹Φᵀyⱼ/σ² (``init(features:count:targets:outputs:noiseVariance:priorVariance:mean:)``
/// with `mean` nil), which is per output chapter 1's ``BayesianLinearRegression``.
///
/// Its log evidence is ``LaplaceEvidence`` with N·n data, k·n weights and the eigenvalues of ΦᵀΦ
/// each n times (``evidence``); MacKay's fixed point tunes s² and σ² (``tuned(features:count:targets:outputs:mean:noiseVariance:priorVariance:)``).
public struct MultiOutputLastLayerLaplace: Sendable {
    /// k: the last hidden layer's width + 1 (the bias).
    public let featureCount: Int
    /// n: the network's outputs.
    public let outputCount: Int
    public let noiseVariance: Double
    public let priorVariance: Double
    /// Λ = ΦᵀΦ/σ² + I/s², k × k row-major.
    public let precision: [Double]
    /// The posterior means, k × n row-major: column j is output j's weights, the bias last.
    public let mean: [Double]
    /// The Laplace evidence of this mean and curvature as a function of s² and σ².
    public let evidence: LaplaceEvidence
    /// The Cholesky factor L of Λ = L Lᵀ.
    let factor: [Double]

    /// Fits the last layer on the features Φ (N × k row-major, the 1 of the bias included) and the
    /// targets Y (N × n row-major), around `mean` (k × n; nil: the exact posterior mean Λ⁻¹ΦᵀY/σ²).
    /// - Throws: ``LaplaceError`` if σ² or s² is not positive.
    public init(features phi: [Double], count N: Int, targets y: [Double], outputs n: Int, noiseVariance σ2: Double, priorVariance s2: Double,
                mean: [Double]? = nil) throws {
        guard σ2 > 0, σ2.isFinite else { throw LaplaceError.noiseVarianceNotPositive(σ2) }
        guard s2 > 0, s2.isFinite else { throw LaplaceError.priorVarianceNotPositive(s2) }
        let k = phi.count / N
        precondition(phi.count == N * k && y.count == N * n, "MultiOutputLastLayerLaplace: Φ has \(phi.count) entries, Y \(y.count), for N = \(N), n = \(n)")
        precondition(mean == nil || mean!.count == k * n, "MultiOutputLastLayerLaplace: the mean has \(mean!.count) entries, k · n = \(k * n)")
        (featureCount, outputCount, noiseVariance, priorVariance) = (k, n, σ2, s2)
        let gram = Self.gram(phi, count: N, features: k)
        precision = (0..<(k * k)).map { i in gram[i] / σ2 + (i / k == i % k ? 1 / s2 : 0) }
        factor = try Cholesky.factor(precision, n: k)
        if let mean {
            self.mean = mean
        } else {
            // Λ⁻¹ ΦᵀY/σ².
            var phiTY = [Double](repeating: 0, count: k * n)
            for i in 0..<N { for a in 0..<k where phi[i * k + a] != 0 { for j in 0..<n { phiTY[a * n + j] += phi[i * k + a] * y[i * n + j] / σ2 } } }
            self.mean = Cholesky.solve(factor: factor, n: k, phiTY, columns: n)
        }
        evidence = Self.evidence(gram: gram, features: phi, count: N, targets: y, outputs: n, mean: self.mean)
    }

    /// ΦᵀΦ (k × k).
    static func gram(_ phi: [Double], count N: Int, features k: Int) -> [Double] {
        var g = [Double](repeating: 0, count: k * k)
        for i in 0..<N { for a in 0..<k { let v = phi[i * k + a]; if v != 0 { for b in 0..<k { g[a * k + b] += v * phi[i * k + b] } } } }
        return g
    }

    /// ``LaplaceEvidence`` of the mean M: N·n data, E_D = ‖Y − ΦM‖², E_W = ‖M‖², the eigenvalues of ΦᵀΦ n times.
    static func evidence(gram: [Double], features phi: [Double], count N: Int, targets y: [Double], outputs n: Int, mean m: [Double]) -> LaplaceEvidence {
        let k = phi.count / N
        var squaredError = 0.0
        for i in 0..<N {
            for j in 0..<n {
                var f = 0.0
                for a in 0..<k { f += phi[i * k + a] * m[a * n + j] }
                squaredError += (y[i * n + j] - f) * (y[i * n + j] - f)
            }
        }
        let values = symmetricEigenvalues(gram, size: k)
        return LaplaceEvidence(dataCount: N * n, squaredError: squaredError, squaredWeights: m.reduce(0) { $0 + $1 * $1 },
                               curvatureEigenvalues: Array((0..<n).map { _ in values }.joined()))
    }

    /// The approximation around `mean` (k × n; nil: the exact posterior mean at each step) with s²
    /// and σ² tuned by the evidence: MacKay's fixed point s² ← E_W/γ, σ² ← E_D/(N n − γ) from the
    /// given values (``LaplaceEvidence/tuned(priorVariance:noiseVariance:tuningNoise:)``); with `mean`
    /// nil the exact mean moves with s² and σ², and the two are iterated together (at most 1,000 rounds,
    /// until both move by less than 10⁻¹⁰ relative), which is chapter 1's evidence maximisation.
    public static func tuned(features phi: [Double], count N: Int, targets y: [Double], outputs n: Int, mean: [Double]? = nil,
                             noiseVariance σ2: Double, priorVariance s2: Double) throws -> MultiOutputLastLayerLaplace {
        var fit = try MultiOutputLastLayerLaplace(features: phi, count: N, targets: y, outputs: n, noiseVariance: σ2, priorVariance: s2, mean: mean)
        for _ in 0..<(mean == nil ? 1000 : 1) {
            let t = try fit.evidence.tuned(priorVariance: fit.priorVariance, noiseVariance: fit.noiseVariance, tuningNoise: true)
            let moved = max(abs(t.priorVariance / fit.priorVariance - 1), abs(t.noiseVariance / fit.noiseVariance - 1))
            fit = try MultiOutputLastLayerLaplace(features: phi, count: N, targets: y, outputs: n, noiseVariance: t.noiseVariance,
                                                  priorVariance: t.priorVariance, mean: mean)
            if moved < 1e-10 { break }
        }
        return fit
    }

    /// Λ⁻¹ (k × k), the covariance of every output's weights.
    public var covariance: [Double] {
        let k = featureCount
        return Cholesky.solve(factor: factor, n: k, (0..<(k * k)).map { $0 / k == $0 % k ? 1 : 0 }, columns: k)
    }

    /// The predictive at features φ(x) (rows of `phi`, M × k): means φᵀmⱼ (M × n row-major) and the
    /// epistemic variance φᵀΛ⁻¹φ, the same for every output (σ² is to be added for a new y).
    public func predict(features phi: [Double], count M: Int) -> (mean: [Double], epistemic: [Double]) {
        let (k, n) = (featureCount, outputCount)
        var mean = [Double](repeating: 0, count: M * n)
        var epistemic = [Double](repeating: 0, count: M)
        for r in 0..<M {
            let row = Array(phi[(r * k)..<((r + 1) * k)])
            for a in 0..<k where row[a] != 0 { for j in 0..<n { mean[r * n + j] += row[a] * self.mean[a * n + j] } }
            // φᵀΛ⁻¹φ = ‖L⁻¹φ‖².
            let z = forwardSubstitution(row)
            epistemic[r] = z.reduce(0) { $0 + $1 * $1 }
        }
        return (mean, epistemic)
    }

    /// L⁻¹ b.
    func forwardSubstitution(_ b: [Double]) -> [Double] {
        let k = featureCount
        var z = b
        for i in 0..<k {
            var v = z[i]
            for j in 0..<i { v -= factor[i * k + j] * z[j] }
            z[i] = v / factor[i * k + i]
        }
        return z
    }

    /// A draw of the last layer, k × n row-major: W = M + L⁻ᵀZ with Z ~ N(0, I), so that each column
    /// has covariance L⁻ᵀL⁻¹ = Λ⁻¹.
    public func sample(using rng: inout Xoshiro256) -> [Double] {
        let (k, n) = (featureCount, outputCount)
        var w = mean
        for j in 0..<n {
            var z = (0..<k).map { _ in rng.normal() }
            // Back substitution Lᵀ x = z.
            for i in stride(from: k - 1, through: 0, by: -1) {
                var v = z[i]
                for r in (i + 1)..<max(i + 1, k) { v -= factor[r * k + i] * z[r] }
                z[i] = v / factor[i * k + i]
            }
            for a in 0..<k { w[a * n + j] += z[a] }
        }
        return w
    }
}

extension MultiOutputLastLayerLaplace {
    /// The last hidden layer's activations of `network` at the rows of `x` (count × d₀), with a 1
    /// appended for the bias: N × (width + 1) row-major, the features Φ of the last layer.
    public static func features(_ network: MLP, parameters θ: [Double], at x: [Double], count: Int) -> [Double] {
        let last = network.layerCount - 1
        let body = MLP(sizes: Array(network.sizes.prefix(network.layerCount)), activation: network.activation)
        let pre = body.forward(x, count: count, parameters: Array(θ[0..<network.layout(last).weights.lowerBound]))
        let width = network.sizes[last]
        var phi = [Double](repeating: 1, count: count * (width + 1))
        for i in 0..<count { for a in 0..<width { phi[i * (width + 1) + a] = activate(network.activation, pre[i * width + a]) } }
        return phi
    }

    /// The last layer of θ as k × n (weights W ∈ ℝ^{width×n}, then the bias as the last row): the
    /// layout of ``mean``, since θ stores W row-major and then b.
    public static func lastLayer(_ network: MLP, parameters θ: [Double]) -> [Double] {
        let layout = network.layout(network.layerCount - 1)
        return Array(θ[layout.weights]) + Array(θ[layout.bias])
    }

    /// θ with its last layer replaced by `w` (k × n, as ``lastLayer(_:parameters:)``).
    public static func replacingLastLayer(_ network: MLP, parameters θ: [Double], with w: [Double]) -> [Double] {
        let layout = network.layout(network.layerCount - 1)
        var out = θ
        out.replaceSubrange(layout.weights.lowerBound..<layout.bias.upperBound, with: w)
        return out
    }

    static func activate(_ a: Activation, _ v: Double) -> Double {
        switch a {
        case .tanh: return hyperbolicTangent(v)
        case .relu: return max(0, v)
        case .sigmoid: return 1 / (1 + Elementary.exp(-v))
        case .identity: return v
        }
    }
}
