import Autodiff
import Foundation
import NumericalMethods
import NeuralNetworks
import Probability

/// A prior over the weights: every weight independent, with the same density.
public enum WeightPrior: Sendable, Equatable {
    /// N(0, σ²).
    case gaussian(sigma: Double)
    /// The scale mixture of Blundell et al. (2015): π N(0, σ₁²) + (1 − π) N(0, σ₂²).
    case scaleMixture(pi: Double, sigma1: Double, sigma2: Double)

    /// Refuses non-positive scales and mixture weights outside (0, 1).
    public func validate() throws {
        switch self {
        case .gaussian(let s):
            guard s > 0 else { throw SamplerError.invalidSetting("the prior's σ must be positive, got \(s)") }
        case .scaleMixture(let pi, let s1, let s2):
            guard s1 > 0, s2 > 0 else { throw SamplerError.invalidSetting("the prior's σ₁ and σ₂ must be positive, got \(s1) and \(s2)") }
            guard pi > 0, pi < 1 else { throw SamplerError.invalidSetting("the mixture weight π must be in (0, 1), got \(pi)") }
        }
    }

    /// Σᵢ ln p(wᵢ) on the tape. The mixture's ln(π N₁ + (1 − π) N₂) is computed as
    /// a + softplus(b − a) with a, b the logs of the two terms, which neither overflows nor underflows.
    public func logDensity(_ w: Variable) -> Variable {
        let halfLog2Pi = 0.5 * Elementary.log(2 * Double.pi)
        let n = Double(w.value.count)
        switch self {
        case .gaussian(let s):
            return (square(w) * (-0.5 / (s * s))).sum() - n * (halfLog2Pi + Elementary.log(s))
        case .scaleMixture(let pi, let s1, let s2):
            let a = square(w) * (-0.5 / (s1 * s1)) + (Elementary.log(pi) - Elementary.log(s1))
            let b = square(w) * (-0.5 / (s2 * s2)) + (Elementary.log(1 - pi) - Elementary.log(s2))
            return (a + softplus(b - a)).sum() - n * halfLog2Pi
        }
    }
}

/// How the KL term is spread over the M mini-batches of an epoch: weights πᵢ with Σᵢ πᵢ = 1.
public enum KLWeighting: String, Sendable, CaseIterable {
    /// πᵢ = 1/M.
    case uniform
    /// πᵢ = 2^(M−i) / (2^M − 1), i = 1 … M (Blundell et al. 2015): the first batches carry the prior,
    /// the last ones the data.
    case blundell

    /// πᵢ for batch i = 1 … M.
    public func weight(batch i: Int, of m: Int) -> Double {
        switch self {
        case .uniform: return 1 / Double(m)
        case .blundell: return Double(sign: .plus, exponent: -i, significand: 1) / (1 - Double(sign: .plus, exponent: -m, significand: 1))   // = 2^(M−i)/(2^M − 1)
        }
    }
}

/// Bayes-by-Backprop (Blundell et al. 2015): a factorised Gaussian q(ω) = Πⱼ N(μⱼ, σⱼ²) over the
/// weights of a network with a Gaussian likelihood y ~ N(f_ω(x), σ_y²), fitted by maximising
///
/// ELBO = E_q[ln p(D | ω)] − KL[q ‖ p],
///
/// with ω = μ + σ ⊙ ε, ε ~ N(0, I) (the reparameterisation), σ = softplus(ρ) + 10⁻⁸ (never 0).
/// The variational parameters are one flat vector θ = (μ, ρ).
public struct BayesByBackprop: Sendable {
    public let network: MLP
    public let prior: WeightPrior
    /// σ_y², the observation noise.
    public let noiseVariance: Double
    /// The floor under σ.
    public static let minimumStandardDeviation = 1e-8

    public init(network: MLP, prior: WeightPrior, noiseVariance: Double) throws {
        try prior.validate()
        guard noiseVariance > 0 else { throw SamplerError.invalidSetting("the noise variance must be positive, got \(noiseVariance)") }
        self.network = network
        self.prior = prior
        self.noiseVariance = noiseVariance
    }

    /// Weights of the network, P; θ has 2P numbers.
    public var weightCount: Int { network.parameterCount }

    /// μ from the network's usual initialisation, ρ so that every σ starts at `initialSigma`.
    public func initialParameters(initialSigma: Double = 1e-3, using rng: inout Xoshiro256) -> [Double] {
        let mu = network.initialParameters(using: &rng).scalars
        let rho = Elementary.log(exponentialMinusOne(initialSigma))   // softplus⁻¹
        return mu + [Double](repeating: rho, count: weightCount)
    }

    /// (μ, σ) of θ, on the tape.
    public func meanAndDeviation(_ θ: Variable) -> (mu: Variable, sigma: Variable) {
        let p = weightCount
        return (θ.slice(0..<p, shape: [p]), softplus(θ.slice(p..<(2 * p), shape: [p])) + Self.minimumStandardDeviation)
    }

    /// (μ, σ) of θ as numbers.
    public func meanAndDeviation(_ θ: [Double]) -> (mu: [Double], sigma: [Double]) {
        let p = weightCount
        return (Array(θ[0..<p]), Elementary.softplus(Array(θ[p..<(2 * p)])).map { $0 + Self.minimumStandardDeviation })
    }

    /// The two terms of the negative ELBO on a mini-batch, at the weight draw ω = μ + σ ⊙ ε:
    /// `data` = −(N/B) Σ_batch ln p(yᵢ | xᵢ, ω), an unbiased estimate of −E_q[ln p(D | ω)]; `kl` =
    /// ln q(ω) − ln p(ω), the one-sample estimate of KL[q ‖ p], or with `closedFormKL` (Gaussian prior
    /// only) the exact Σⱼ [ln(s/σⱼ) + (σⱼ² + μⱼ²)/(2s²) − ½].
    public func negativeELBOTerms(_ θ: Variable, x: Tensor, y: Tensor, dataCount: Int, epsilon: Tensor,
                                  closedFormKL: Bool = false) -> (data: Variable, kl: Variable) {
        let (mu, sigma) = meanAndDeviation(θ)
        let omega = mu + sigma * epsilon
        let b = Double(x.shape[0])
        let residual = network(x, parameters: omega) - y
        let data = square(residual).sum() * (0.5 / noiseVariance * Double(dataCount) / b)
            + Double(dataCount) * 0.5 * Elementary.log(2 * Double.pi * noiseVariance)
        if closedFormKL, case .gaussian(let s) = prior {
            let kl = (square(sigma) + square(mu)) * (0.5 / (s * s)) - log(sigma)
            return (data, kl.sum() + Double(weightCount) * (Elementary.log(s) - 0.5))
        }
        // ln q(ω) = Σ −½ ln 2π − ln σⱼ − εⱼ²/2, since ω − μ = σ ⊙ ε.
        let logQ = log(sigma).sum() * -1 - epsilon.scalars.reduce(0.0) { $0 + 0.5 * $1 * $1 }
            - Double(weightCount) * 0.5 * Elementary.log(2 * Double.pi)
        return (data, logQ - prior.logDensity(omega))
    }

    /// One training run: Adam on the mini-batch objective c πᵢ KL − (N/B) Σ ln p(y | x, ω), one weight
    /// draw per step, for `epochs` passes over the data in shuffled batches of `batchSize`; an epoch
    /// adds up to −E_q[ln p(D | ω)] + c KL, the negative ELBO for `klScale` c = 1 (c = N is the
    /// objective with the KL once per data point). `record` receives (step, data term, KL term) after every step.
    public func train(from θ0: [Double], inputs x: Tensor, targets y: Tensor, epochs: Int, batchSize: Int, weighting: KLWeighting,
                      learningRate: Double, closedFormKL: Bool = false, klScale: Double = 1, using rng: inout Xoshiro256,
                      record: ((_ step: Int, _ data: Double, _ kl: Double) -> Void)? = nil) throws -> [Double] {
        let n = x.shape[0]
        let batches = (n + batchSize - 1) / batchSize
        var θ = Tensor(θ0)
        var adam = Adam(.constant(learningRate))
        var step = 0
        for _ in 0..<epochs {
            let order = rng.permutation(n)
            for i in 0..<batches {
                let rows = Array(order[(i * batchSize)..<min(n, (i + 1) * batchSize)])
                let (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
                let epsilon = Tensor(rng.normals(weightCount))
                let klWeight = weighting.weight(batch: i + 1, of: batches) * klScale
                var terms = (data: 0.0, kl: 0.0)
                let (value, g) = valueWithGradient(at: θ) { v in
                    let t = self.negativeELBOTerms(v, x: xb, y: yb, dataCount: n, epsilon: epsilon, closedFormKL: closedFormKL)
                    terms = (t.data.value.scalars[0], t.kl.value.scalars[0])
                    // Per batch: πᵢ KL plus this batch's share of the data term (1/M of the N/B-scaled estimate).
                    return t.kl * klWeight + t.data * (1 / Double(batches))
                }
                guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: step, loss: value) }
                adam.update(&θ, gradient: g)
                record?(step, terms.data, terms.kl)
                step += 1
            }
        }
        return θ.scalars
    }

    /// A weight draw ω = μ + σ ⊙ ε from q.
    public func sample(_ θ: [Double], using rng: inout Xoshiro256) -> [Double] {
        let (mu, sigma) = meanAndDeviation(θ)
        let epsilon = rng.normals(mu.count)
        return mu.indices.map { mu[$0] + sigma[$0] * epsilon[$0] }
    }
}
