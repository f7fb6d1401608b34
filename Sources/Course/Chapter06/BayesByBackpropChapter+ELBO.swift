import Autodiff
import Datasets
import Inference
import NeuralNetworks

extension BayesByBackpropChapter {
    /// The ELBO of a Gaussian q = N(m, LLᵀ) on the exact case, along Adam, beside the exact log evidence.
    public struct ELBOCurves: Sendable {
        /// ln p(D) of the Bayesian linear regression.
        public let logEvidence: Double
        /// ELBO(q) after every Adam step, L full lower-triangular.
        public let fullCovariance: [Double]
        /// ELBO(q) after every Adam step, L diagonal (mean-field).
        public let meanField: [Double]
    }

    /// Where everything is exact: Bayesian linear regression on the running example with
    /// ``Settings/bumps`` Gaussian bumps, prior precision α and noise precision β = 1/0.05². Adam
    /// (one cosine decay) on −ELBO(m, L), the ELBO in closed form (`linearRegressionELBO`), once with a
    /// full L and once with a diagonal one, from m = 0, L = ``Settings/elboInitialScale`` · I.
    public static func elboCurves(_ s: Settings) throws -> ELBOCurves {
        let running = ReferencePosterior.data(seed: s.seed)
        let basis = GaussianBasis(centers: linspace(-1.5, 1.5, count: s.bumps), width: s.bumpWidth)
        let phi = basis.designMatrix(running.inputs)
        let (alpha, beta) = (s.priorPrecision, 1 / (RunningExample.noiseStandardDeviation * RunningExample.noiseStandardDeviation))
        let exact = try BayesianLinearRegression(design: phi, targets: running.targets, priorPrecision: alpha, noisePrecision: beta)
        let d = basis.dimension
        let identityMask = Tensor(shape: [d, d], scalars: (0..<(d * d)).map { ($0 / d) == ($0 % d) ? 1 : 0 })
        let curves = [nil as Tensor?, identityMask].map { mask in
            var theta = Tensor([Double](repeating: 0, count: d) + identityMask.scalars.map { s.elboInitialScale * $0 })
            var adam = Adam(.cosine(s.elboLearningRate, period: s.elboSteps, minimum: s.elboMinimumLearningRate))
            var curve = [Double]()
            for _ in 0..<s.elboSteps {
                let (value, g) = valueWithGradient(at: theta) { v in
                    -linearRegressionELBO(mean: v.slice(0..<d, shape: [d]), scale: v.slice(d..<(d + d * d), shape: [d, d]), design: phi,
                                          targets: running.y, priorPrecision: alpha, noisePrecision: beta, mask: mask)
                }
                curve.append(-value)
                adam.update(&theta, gradient: g)
            }
            return curve
        }
        return ELBOCurves(logEvidence: exact.logEvidence, fullCovariance: curves[0], meanField: curves[1])
    }
}
