import Autodiff
import Inference
import Probability

extension MLEBayesChapter {
    /// The law of total variance at the centre of the gap, exactly and by Monte Carlo.
    public struct TotalVarianceCheck: Sendable {
        /// Index of the grid point nearest x = 0.
        public let index: Int
        /// E_w[Var[y | x, w]] = 1/β.
        public let aleatoric: Double
        /// Var_w[E[y | x, w]] = φ(x)ᵀS_Nφ(x).
        public let epistemic: Double
        /// The sample variance of y over `draws` draws w ~ p(w | D), y ~ N(φ(x)ᵀw, 1/β).
        public let monteCarloVariance: Double
        /// Its standard error √((m₄ − s⁴)/n).
        public let monteCarloError: Double
        /// How many draws.
        public let draws: Int

        /// The exact Var[y | x] = aleatoric + epistemic.
        public var exactTotal: Double { aleatoric + epistemic }
    }

    /// Checks Var[y | x] = E[Var] + Var[E] at x = 0 with `s.draws` draws (in chunks of `s.drawChunk`)
    /// from the stream where `updating` left it.
    public static func totalVarianceCheck(_ s: Settings, example: Example, model: LinearModel,
                                          after updating: BayesianUpdating) throws -> TotalVarianceCheck {
        var rng = updating.generator
        let basis = model.basis, predictive = model.predictive
        let x0 = example.gridIndex(0.0)
        let phi0 = Tensor(shape: [1, basis.dimension], scalars: basis.features(example.grid[x0]))
        var ys = [Double]()
        ys.reserveCapacity(s.draws)
        for start in stride(from: 0, to: s.draws, by: s.drawChunk) {
            for w in try model.posterior.samplePosterior(count: min(s.drawChunk, s.draws - start), using: &rng) {
                let mu = Tensor.matmul(phi0, Tensor(shape: [basis.dimension, 1], scalars: w)).scalar
                ys.append(mu + predictive.aleatoric.squareRoot() * rng.normal())
            }
        }
        return TotalVarianceCheck(index: x0, aleatoric: predictive.aleatoric, epistemic: predictive.epistemic[x0],
                                  monteCarloVariance: variance(ys), monteCarloError: standardErrorOfVariance(ys), draws: s.draws)
    }
}
