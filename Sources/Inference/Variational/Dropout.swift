import Autodiff
import Foundation
import NeuralNetworks
import Probability

/// Whether a network draws its dropout noise or runs without it.
public enum DropoutMode: Sendable, Equatable {
    /// No noise: the network is the deterministic one (inverted dropout needs no rescaling then).
    case off
    /// A fresh noise draw on every call.
    case sampling
}

/// The multiplicative noise of dropout, with mean 1 so that E[dropout(h)] = h.
public enum DropoutNoise: Sendable, Equatable {
    /// Inverted dropout: each unit kept with probability 1 − p and then scaled by 1/(1 − p).
    case bernoulli
    /// Gaussian dropout (Srivastava et al. 2014): N(1, α) with α = p/(1 − p), the same variance.
    case gaussian

    /// Noise for `count` units at dropout rate p.
    public func draw(count: Int, rate p: Double, using rng: inout Xoshiro256) -> [Double] {
        switch self {
        case .bernoulli: return (0..<count).map { _ in rng.uniform() < p ? 0 : 1 / (1 - p) }
        case .gaussian:
            let sd = (p / (1 - p)).squareRoot()
            return rng.normals(count).map { 1 + sd * $0 }
        }
    }
}

/// An MLP with dropout on the output of every hidden layer (Gal & Ghahramani 2016): the network
/// f(x; θ, masks), trained with masks drawn at every step, and, for MC dropout, also evaluated
/// with masks at prediction time. With `dropsInputs` the inputs are dropped too, so that every
/// weight layer has dropout before it, as in Gal's UCI code (`Dropout` before every `Dense`).
public struct DropoutNetwork: Sendable {
    public let network: MLP
    /// p, the probability that a unit is dropped.
    public let rate: Double
    public let noise: DropoutNoise
    /// Whether the inputs x are dropped too (at the same rate p), not only the hidden units.
    public let dropsInputs: Bool

    public init(network: MLP, rate: Double, noise: DropoutNoise = .bernoulli, dropsInputs: Bool = false) throws {
        guard rate >= 0, rate < 1 else { throw SamplerError.invalidSetting("the dropout rate must be in [0, 1), got \(rate)") }
        self.network = network
        self.rate = rate
        self.noise = noise
        self.dropsInputs = dropsInputs
    }

    /// The outputs for inputs x (n × d₀) on the tape; with `.sampling`, every hidden unit of every
    /// input row (and, with ``dropsInputs``, every input first) is multiplied by its own noise draw
    /// from `rng`.
    public func callAsFunction(_ x: Tensor, parameters θ: Variable, mode: DropoutMode, using rng: inout Xoshiro256) -> Variable {
        var h = θ.constant(x)
        let n = x.shape[0]
        if dropsInputs && mode == .sampling && rate > 0 {
            h = h * Tensor(shape: x.shape, scalars: noise.draw(count: x.count, rate: rate, using: &rng))
        }
        for l in 0..<network.layerCount {
            let (fanIn, fanOut) = (network.sizes[l], network.sizes[l + 1])
            let (w, b) = network.layout(l)
            h = affine(h, θ.slice(w, shape: [fanIn, fanOut]), θ.slice(b, shape: [fanOut]))
            if l < network.layerCount - 1 {
                h = network.activation(h)
                if mode == .sampling && rate > 0 {
                    h = h * Tensor(shape: [n, fanOut], scalars: noise.draw(count: n * fanOut, rate: rate, using: &rng))
                }
            }
        }
        return h
    }

    /// The weight decay λ that makes the dropout objective ½·MSE + λ‖θ‖² the variational one of
    /// Gal & Ghahramani (2016, §4 and appendix): λ = l² (1 − p) / (2 N τ), with l the prior
    /// length-scale, τ the model precision (1/noise variance), N the number of data points, and
    /// 1 − p the probability of *keeping* a unit (their formula's p is the keep probability).
    public static func weightDecay(lengthScale l: Double, rate p: Double, dataCount n: Int, noisePrecision tau: Double) throws -> Double {
        guard l > 0 else { throw SamplerError.invalidSetting("the prior length-scale must be positive, got \(l)") }
        guard tau > 0 else { throw SamplerError.invalidSetting("the precision τ must be positive, got \(tau)") }
        guard p >= 0, p < 1 else { throw SamplerError.invalidSetting("the dropout rate must be in [0, 1), got \(p)") }
        return l * l * (1 - p) / (2 * Double(n) * tau)
    }

    /// Adam on ½·MSE + λ‖θ‖² with fresh masks every step, mini-batches of `batchSize` drawn with
    /// replacement (nil: the whole data set).
    public func train(from θ0: [Double], inputs x: Tensor, targets y: Tensor, steps: Int, learningRate: Double, weightDecay lambda: Double,
                      batchSize: Int? = nil, using rng: inout Xoshiro256) throws -> [Double] {
        var θ = Tensor(θ0)
        var adam = Adam(.constant(learningRate))
        let n = x.shape[0]
        for step in 0..<steps {
            var (xb, yb) = (x, y)
            if let b = batchSize {
                let rows = (0..<b).map { _ in Int(rng.next() % UInt64(n)) }
                (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
            }
            var masks = rng   // the masks of this step come from a copy, advanced below
            let (value, g) = valueWithGradient(at: θ) { v in
                meanSquaredError(self(xb, parameters: v, mode: .sampling, using: &masks), yb) * 0.5 + square(v).sum() * lambda
            }
            rng = masks
            guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: step, loss: value) }
            adam.update(&θ, gradient: g)
        }
        return θ.scalars
    }

    /// MC dropout (Gal & Ghahramani 2016): T stochastic passes at inputs x; the predictive mean is
    /// their average and the predictive variance τ⁻¹ + the variance of the T outputs (aleatoric τ⁻¹,
    /// epistemic the spread of the passes).
    public func monteCarloPredictive(_ θ: [Double], at x: [Double], passes t: Int, noisePrecision tau: Double,
                                     using rng: inout Xoshiro256) throws -> PredictiveMoments {
        guard t >= 1 else { throw SamplerError.invalidSetting("MC dropout needs at least one pass, got \(t)") }
        guard tau > 0 else { throw SamplerError.invalidSetting("the precision τ must be positive, got \(tau)") }
        let outputs = passes(θ, at: Tensor.column(x), count: t, using: &rng)
        return PredictiveMoments(functions: outputs, noiseVariance: 1 / tau)
    }

    /// The outputs of `count` stochastic passes (dropout on) at the rows of x (n × d): count × n numbers.
    public func passes(_ θ: [Double], at x: Tensor, count: Int, using rng: inout Xoshiro256) -> [[Double]] {
        let w = Tensor(θ)
        return (0..<count).map { _ in evaluate(at: w) { self(x, parameters: $0, mode: .sampling, using: &rng) }.scalars }
    }
}
