import Autodiff
import Foundation
import NumericalMethods
import NeuralNetworks
import Probability

/// Variational dropout (Kingma, Salimans & Welling 2015; Molchanov, Ashukha & Vetrov 2017): every
/// weight is w = θ·ξ with multiplicative noise ξ ~ N(1, α), α learned per weight, under the
/// log-uniform prior, whose KL term has no closed form.
public enum VariationalDropoutKL {
    /// Molchanov et al.'s constants.
    public static let (k1, k2, k3) = (0.63576, 1.87320, 1.48695)
    /// Kingma et al.'s polynomial coefficients.
    public static let (c1, c2, c3) = (1.16145124, -1.50204118, 0.58629921)

    /// Molchanov et al.'s approximation: −KL ≈ k₁ σ(k₂ + k₃ ln α) − ½ ln(1 + 1/α) − k₁.
    public static func molchanov(logAlpha: Double) -> Double {
        k1 * sigmoid(k2 + k3 * logAlpha) - 0.5 * Elementary.log1p(Elementary.exp(-logAlpha)) - k1
    }

    /// Kingma et al.'s approximation: −KL ≈ ½ ln α + c₁α + c₂α² + c₃α³ + C, fitted for α ≤ 1; C = −k₁
    /// makes it agree with the exact value as α → 0.
    public static func kingma(logAlpha: Double) -> Double {
        let a = Elementary.exp(logAlpha)
        return 0.5 * logAlpha + c1 * a + c2 * a * a + c3 * a * a * a - k1
    }

    /// The exact −KL, ½ ln α − E[ln|ε|] with ε ~ N(1, α), minus k₁ (so that it tends to 0 as α → ∞,
    /// as Molchanov et al. normalise it), by Monte Carlo over `draws` draws: (estimate, standard error).
    public static func monteCarlo(logAlpha: Double, draws: Int, using rng: inout Xoshiro256) -> (value: Double, standardError: Double) {
        let sd = Elementary.exp(0.5 * logAlpha)
        let terms = (0..<draws).map { _ in 0.5 * logAlpha - Elementary.log(abs(1 + sd * rng.normal())) - k1 }
        return (mean(terms), (variance(terms) / Double(draws)).squareRoot())
    }

    /// Σ of Molchanov's −KL over a vector of ln α, on the tape.
    public static func molchanov(_ logAlpha: Variable) -> Variable {
        (sigmoid(logAlpha * k3 + k2) * k1 - softplus(logAlpha * -1) * 0.5).sum() - Double(logAlpha.value.count) * k1
    }
}

/// A linear layer x·W + b with variational-dropout weights w = θ ξ, ξ ~ N(1, α), evaluated with the
/// *local reparameterisation trick*: the pre-activation of each unit is Gaussian given x,
/// N(x θ + b, x² (α θ²)), and is sampled directly, one draw per input row and unit, instead of one
/// weight draw shared by the mini-batch.
public func localReparameterisation(_ x: Variable, weights theta: Variable, logAlpha: Variable, bias: Variable, noise epsilon: Tensor) -> Variable {
    let mean = affine(x, theta, bias)
    let variance = matmul(square(x), exp(logAlpha) * square(theta))
    return mean + sqrt(variance + 1e-16) * epsilon
}

/// The same layer by sampling the weights: one draw W = θ ⊙ (1 + √α ⊙ ε) for the whole batch.
public func sampledWeightsLayer(_ x: Variable, weights theta: Variable, logAlpha: Variable, bias: Variable, noise epsilon: Tensor) -> Variable {
    affine(x, theta * (sqrt(exp(logAlpha)) * epsilon + 1), bias)
}

/// An MLP with variational-dropout weights: parameters θ (the weights' scale), ln α per weight (or
/// per unit: one rate shared by the weights into a unit, Gaussian dropout with a learned rate), and
/// biases, each layer evaluated with the local reparameterisation. Trained on
/// −ELBO = (N/B) Σ_batch −ln p(yᵢ | xᵢ) − Σ_weights −KL(α), with Molchanov's −KL and ln α clipped to
/// [−8, 8] as in their code.
public struct VariationalDropoutNetwork: Sendable {
    public let network: MLP
    /// σ_y², the observation noise.
    public let noiseVariance: Double
    /// One ln α per unit instead of one per weight.
    public let perUnit: Bool

    public init(network: MLP, noiseVariance: Double, perUnit: Bool = false) throws {
        guard noiseVariance > 0 else { throw SamplerError.invalidSetting("the noise variance must be positive, got \(noiseVariance)") }
        self.network = network
        self.noiseVariance = noiseVariance
        self.perUnit = perUnit
    }

    /// The shape of layer ℓ's ln α: [fanIn, fanOut], or [1, fanOut] per unit (broadcast over the inputs).
    func logAlphaShape(_ l: Int) -> [Int] { [perUnit ? 1 : network.sizes[l], network.sizes[l + 1]] }

    /// Where layer ℓ's θ, ln α and bias sit in the flat parameter vector.
    public func layout(_ l: Int) -> (weights: Range<Int>, logAlpha: Range<Int>, bias: Range<Int>) {
        var start = 0
        for k in 0..<l { start += network.sizes[k] * network.sizes[k + 1] + logAlphaShape(k).reduce(1, *) + network.sizes[k + 1] }
        let (w, a) = (network.sizes[l] * network.sizes[l + 1], logAlphaShape(l).reduce(1, *))
        return (start..<(start + w), (start + w)..<(start + w + a), (start + w + a)..<(start + w + a + network.sizes[l + 1]))
    }

    public var parameterCount: Int { layout(network.layerCount - 1).bias.upperBound }

    /// θ from the network's initialisation, ln α = `initialLogAlpha` everywhere, biases as initialised.
    public func initialParameters(initialLogAlpha: Double = -6, using rng: inout Xoshiro256) -> [Double] {
        let plain = network.initialParameters(using: &rng).scalars
        var out = [Double]()
        for l in 0..<network.layerCount {
            let (w, b) = network.layout(l)
            out += plain[w] + [Double](repeating: initialLogAlpha, count: logAlphaShape(l).reduce(1, *)) + plain[b]
        }
        return out
    }

    /// Each layer's ln α on the tape, in its shape.
    func logAlphas(_ θ: Variable) -> [Variable] {
        (0..<network.layerCount).map { l in θ.slice(layout(l).logAlpha, shape: logAlphaShape(l)) }
    }

    /// The outputs with fresh local noise for every row and unit.
    public func callAsFunction(_ x: Tensor, parameters θ: Variable, using rng: inout Xoshiro256) -> Variable {
        var h = θ.constant(x)
        let n = x.shape[0]
        for l in 0..<network.layerCount {
            let (fanIn, fanOut) = (network.sizes[l], network.sizes[l + 1])
            let (w, a, b) = layout(l)
            let logAlpha = clipLogAlpha(θ.slice(a, shape: logAlphaShape(l)))
            h = localReparameterisation(h, weights: θ.slice(w, shape: [fanIn, fanOut]), logAlpha: logAlpha,
                                        bias: θ.slice(b, shape: [fanOut]), noise: Tensor.normal([n, fanOut], using: &rng))
            if l < network.layerCount - 1 { h = network.activation(h) }
        }
        return h
    }

    /// ln α clipped to [−8, 8] by adding a constant: the value is clipped, the gradient passes
    /// unchanged (a straight-through clip), so a clipped ln α can still move back inside.
    func clipLogAlpha(_ v: Variable) -> Variable {
        let correction = v.value.map { min(max($0, -8), 8) - $0 }
        return v + correction
    }

    /// Adam on the negative ELBO for `epochs` passes in shuffled batches; `afterEpoch` receives
    /// the epoch and the parameters after it.
    public func train(from θ0: [Double], inputs x: Tensor, targets y: Tensor, epochs: Int, batchSize: Int, learningRate: Double,
                      using rng: inout Xoshiro256, afterEpoch: ((_ epoch: Int, _ θ: [Double]) -> Void)? = nil) throws -> [Double] {
        var θ = Tensor(θ0)
        var adam = Adam(.constant(learningRate))
        let n = x.shape[0]
        for epoch in 0..<epochs {
            let order = rng.permutation(n)
            for start in stride(from: 0, to: n, by: batchSize) {
                let rows = Array(order[start..<min(n, start + batchSize)])
                let (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
                var noise = rng
                let (value, g) = valueWithGradient(at: θ) { v in
                    let fit = square(self(xb, parameters: v, using: &noise) - yb).sum() * (0.5 / noiseVariance * Double(n) / Double(rows.count))
                    // Per unit, each ln α stands for the fanIn weights into its unit.
                    let negativeKL = self.logAlphas(v).enumerated().map { l, a in
                        VariationalDropoutKL.molchanov(self.clipLogAlpha(a).reshaped([a.value.count])) * Double(self.perUnit ? self.network.sizes[l] : 1)
                    }
                    return (fit - negativeKL.dropFirst().reduce(negativeKL[0], +)) * (1 / Double(n))
                }
                rng = noise
                guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: epoch, loss: value) }
                adam.update(&θ, gradient: g)
            }
            afterEpoch?(epoch, θ.scalars)
        }
        return θ.scalars
    }

    /// The fraction of weights with ln α > 3 (dropout rate α/(1 + α) above 95%): the ones variational
    /// dropout would remove.
    public func sparsity(_ θ: [Double]) -> Double {
        let all = logAlphaValues(θ)
        return Double(all.filter { $0 > 3 }.count) / Double(all.count)
    }

    /// Every weight's ln α (per unit, repeated for each weight into the unit).
    public func logAlphaValues(_ θ: [Double]) -> [Double] {
        (0..<network.layerCount).flatMap { l -> [Double] in
            let values = Array(θ[layout(l).logAlpha])
            return perUnit ? (0..<network.sizes[l]).flatMap { _ in values } : values
        }
    }

    /// The predictive from `passes` noisy passes: mean, spread of the passes, plus the noise variance.
    public func predictive(_ θ: [Double], at x: [Double], passes: Int, using rng: inout Xoshiro256) -> PredictiveMoments {
        let outputs = self.passes(θ, at: Tensor.column(x), count: passes, using: &rng)
        return PredictiveMoments(functions: outputs, noiseVariance: noiseVariance)
    }

    /// The outputs of `count` noisy passes at the rows of x (n × d): count × n numbers.
    public func passes(_ θ: [Double], at x: Tensor, count: Int, using rng: inout Xoshiro256) -> [[Double]] {
        let w = Tensor(θ)
        return (0..<count).map { _ in evaluate(at: w) { self(x, parameters: $0, using: &rng) }.scalars }
    }
}
