import Autodiff
import Inference
import Probability

extension DropoutChapter {
    /// The variational-dropout KL, −KL = ½ ln α − E_{ε ~ N(1, α)} ln|ε| + C, by Monte Carlo against the
    /// two published approximations.
    public struct KLComparison: Sendable {
        /// ln α from −4 to 4 by 0.25.
        public let logAlphas: [Double]
        /// The Monte Carlo estimate of −KL at each, with its standard error.
        public let monteCarlo: [(value: Double, standardError: Double)]
        /// max over the grid of |Molchanov − Monte Carlo|.
        public let molchanovError: Double
        /// |Kingma − Monte Carlo| at ln α = 0, 1, 2.
        public let kingmaErrors: [Double]
    }

    /// ``KLComparison`` with ``Settings/klDraws`` draws per ln α, from stream 86.
    public static func klComparison(_ s: Settings) -> KLComparison {
        var klRNG = Xoshiro256(seed: s.seed, stream: 86)
        let logAlphaGrid = stride(from: -4.0, through: 4.0, by: 0.25).map { $0 }
        let monteCarloKL = logAlphaGrid.map { VariationalDropoutKL.monteCarlo(logAlpha: $0, draws: s.klDraws, using: &klRNG) }
        let molchanovError = zip(logAlphaGrid, monteCarloKL).map { abs(VariationalDropoutKL.molchanov(logAlpha: $0) - $1.value) }.max()!
        // ln α = 0, 1, 2 sit at indices 16, 20, 24 of the grid.
        let kingmaErrors = [(0.0, 16), (1.0, 20), (2.0, 24)].map { abs(VariationalDropoutKL.kingma(logAlpha: $0.0) - monteCarloKL[$0.1].value) }
        return KLComparison(logAlphas: logAlphaGrid, monteCarlo: monteCarloKL, molchanovError: molchanovError, kingmaErrors: kingmaErrors)
    }

    /// The total variance Σⱼ Var[∂L/∂vⱼ] of the gradient of L = Σ outputs² of one variational-dropout
    /// layer (``Settings/lrtRows`` rows, weights θ ~ N(0, 1), ln α = −1, bias 0), with the local
    /// reparameterisation (pre-activations drawn per row) and with one weight matrix drawn per batch,
    /// ``Settings/lrtDraws`` estimates each; the layer and the noise from stream 87, local first.
    public static func gradientVariances(_ s: Settings) -> (local: Double, sampled: Double) {
        var lrtRNG = Xoshiro256(seed: s.seed, stream: 87)
        let (rows, inputs, units) = (s.lrtRows, s.lrtInputs, s.lrtUnits)
        let n = inputs * units
        let lrtX = Tensor.normal([rows, inputs], using: &lrtRNG)
        let lrtParameters = Tensor((0..<n).map { _ in lrtRNG.normal() } + [Double](repeating: -1, count: n) + [Double](repeating: 0, count: units))
        func gradientVariance(local: Bool, draws: Int, using rng: inout Xoshiro256) -> Double {
            let grads = (0..<draws).map { _ -> [Double] in
                let epsilon = local ? Tensor.normal([rows, units], using: &rng) : Tensor.normal([inputs, units], using: &rng)
                return gradient(at: lrtParameters) { v in
                    let (w, a, b) = (v.slice(0..<n, shape: [inputs, units]), v.slice(n..<(2 * n), shape: [inputs, units]),
                                     v.slice((2 * n)..<(2 * n + units), shape: [units]))
                    let y = local ? localReparameterisation(v.constant(lrtX), weights: w, logAlpha: a, bias: b, noise: epsilon)
                                  : sampledWeightsLayer(v.constant(lrtX), weights: w, logAlpha: a, bias: b, noise: epsilon)
                    return square(y).sum()
                }.scalars
            }
            return (0..<lrtParameters.count).map { j in variance(grads.map { $0[j] }) }.reduce(0, +)
        }
        let local = gradientVariance(local: true, draws: s.lrtDraws, using: &lrtRNG)
        let sampled = gradientVariance(local: false, draws: s.lrtDraws, using: &lrtRNG)
        return (local, sampled)
    }

    /// The check of Gaussian dropout's rate: inverted dropout's noise b/(1 − p), b ~ Bernoulli(1 − p),
    /// has mean 1 and variance (1 − p)/(1 − p)² − 1 = p/(1 − p); Gaussian dropout N(1, α) with
    /// α = p/(1 − p) has the same two moments. For each p: α, then the sample mean and variance of
    /// ``Settings/noiseCheckDraws`` draws of each noise (``DropoutNoise/draw(count:rate:using:)``),
    /// Bernoulli from stream 89, Gaussian after it.
    public static func gaussianDropoutCheck(_ s: Settings, rates: [Double] = [0.1, 0.2, 0.5])
        -> [(rate: Double, alpha: Double, bernoulliMean: Double, bernoulliVariance: Double, gaussianMean: Double, gaussianVariance: Double)] {
        var r = Xoshiro256(seed: s.seed, stream: 89)
        return rates.map { p in
            let b = DropoutNoise.bernoulli.draw(count: s.noiseCheckDraws, rate: p, using: &r)
            let g = DropoutNoise.gaussian.draw(count: s.noiseCheckDraws, rate: p, using: &r)
            return (p, p / (1 - p), mean(b), variance(b), mean(g), variance(g))
        }
    }
}
