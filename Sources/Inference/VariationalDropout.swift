import Autodiff
import Foundation
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
        k1 * sigmoid(k2 + k3 * logAlpha) - 0.5 * Foundation.log1p(Foundation.exp(-logAlpha)) - k1
    }

    /// Kingma et al.'s approximation: −KL ≈ ½ ln α + c₁α + c₂α² + c₃α³ + C, fitted for α ≤ 1; C = −k₁
    /// makes it agree with the exact value as α → 0.
    public static func kingma(logAlpha: Double) -> Double {
        let a = Foundation.exp(logAlpha)
        return 0.5 * logAlpha + c1 * a + c2 * a * a + c3 * a * a * a - k1
    }

    /// The exact −KL, ½ ln α − E[ln|ε|] with ε ~ N(1, α), minus k₁ (so that it tends to 0 as α → ∞,
    /// as Molchanov et al. normalise it), by Monte Carlo over `draws` draws: (estimate, standard error).
    public static func monteCarlo(logAlpha: Double, draws: Int, using rng: inout Xoshiro256) -> (value: Double, standardError: Double) {
        let sd = Foundation.exp(0.5 * logAlpha)
        let terms = (0..<draws).map { _ in 0.5 * logAlpha - Foundation.log(abs(1 + sd * rng.normal())) - k1 }
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
