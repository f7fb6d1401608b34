import Autodiff
import Datasets
import Foundation
import NumericalMethods
import Inference
import Probability

extension MLEBayesChapter {
    /// The Bayesian linear model y = φ(x)ᵀw + ε on the running example: MLE, MAP and the posterior.
    public struct LinearModel: Sendable {
        /// φ(x) = (1, φ₁(x), …, φ_K(x)), Gaussian bumps.
        public let basis: GaussianBasis
        /// β = 1/σ², the known noise precision.
        public let beta: Double
        /// The prior precisions of the evidence scan.
        public let alphas: [Double]
        /// ln p(y | α, β) at each of them.
        public let evidences: [Double]
        /// The evidence-maximising α (empirical Bayes).
        public let bestAlpha: Double
        /// The posterior N(m_N, S_N) at `bestAlpha`.
        public let posterior: BayesianLinearRegression
        /// w_ML, least squares.
        public let maximumLikelihoodWeights: [Double]
        /// w_ridge with λ = α/β, which equals m_N.
        public let ridgeWeights: [Double]
        /// φ(x)ᵀ w_ML on the grid.
        public let maximumLikelihoodLine: [Double]
        /// The posterior predictive on the grid: mean m_Nᵀφ(x), epistemic φ(x)ᵀS_Nφ(x), aleatoric 1/β.
        public let predictive: (mean: [Double], epistemic: [Double], aleatoric: Double)
        /// φ(x)ᵀw on the grid for a few w ~ p(w | D).
        public let posteriorLines: [[Double]]
        /// The chapter's stream after the posterior lines.
        let generator: Xoshiro256

        /// √(1/β + φᵀS_Nφ), the total predictive sd on the grid.
        public var predictiveSD: [Double] { predictive.epistemic.map { ($0 + predictive.aleatoric).squareRoot() } }
        /// √(1/β) on the grid.
        public var aleatoricSD: [Double] { predictive.epistemic.map { _ in predictive.aleatoric.squareRoot() } }
        /// √(φᵀS_Nφ) on the grid.
        public var epistemicSD: [Double] { predictive.epistemic.map { $0.squareRoot() } }
    }

    /// The features φ(x): a constant and `s.bumps` Gaussian bumps of width `s.bumpWidth` on [−1.5, 1.5].
    public static func basis(_ s: Settings) -> GaussianBasis {
        GaussianBasis(centers: linspace(-1.5, 1.5, count: s.bumps), width: s.bumpWidth)
    }

    /// Bayesian linear regression on `example` with β = 1/0.05²: the log evidence over the α grid,
    /// the posterior, least-squares and ridge weights at the best α, the predictive on the grid, and
    /// `s.posteriorLines` draws w ~ N(m_N, S_N), drawn from the stream where `fit` left it.
    public static func linearModel(_ s: Settings, example: Example, after fit: MaximumLikelihoodFit) throws -> LinearModel {
        var rng = fit.generator
        let data = example.data
        let basis = basis(s)
        let phiTrain = basis.designMatrix(data.inputs)
        let phiGrid = basis.designMatrix(example.grid)
        let beta = 1 / (RunningExample.noiseStandardDeviation * RunningExample.noiseStandardDeviation)
        let alphas = (0..<s.alphaCount).map { Elementary.pow(10, s.alphaExponentLowest + s.alphaExponentSpacing * Double($0)) }
        let evidences = try alphas.map { try BayesianLinearRegression(design: phiTrain, targets: data.targets, priorPrecision: $0, noisePrecision: beta).logEvidence }
        let bestAlpha = alphas[evidences.indices.max { evidences[$0] < evidences[$1] }!]
        let wML = leastSquares(design: phiTrain, targets: data.targets)
        let blr = try BayesianLinearRegression(design: phiTrain, targets: data.targets, priorPrecision: bestAlpha, noisePrecision: beta)
        let wRidge = try ridgeRegression(design: phiTrain, targets: data.targets, lambda: bestAlpha / beta)
        let mlLine = Tensor.matmul(phiGrid, Tensor(shape: [basis.dimension, 1], scalars: wML)).scalars
        let lines = try blr.samplePosterior(count: s.posteriorLines, using: &rng).map { w in
            Tensor.matmul(phiGrid, Tensor(shape: [basis.dimension, 1], scalars: w)).scalars
        }
        return LinearModel(basis: basis, beta: beta, alphas: alphas, evidences: evidences, bestAlpha: bestAlpha, posterior: blr,
                           maximumLikelihoodWeights: wML, ridgeWeights: wRidge, maximumLikelihoodLine: mlLine,
                           predictive: blr.predict(design: phiGrid), posteriorLines: lines, generator: rng)
    }

    /// The epistemic variance at `s.shrinkageInput` when every training input is observed k times.
    public struct Shrinkage: Sendable {
        /// N = 40k.
        public let count: Int
        /// φ(x)ᵀS_Nφ(x) with S_N = (αI + kβΦᵀΦ)⁻¹.
        public let epistemicVariance: Double
    }

    /// The epistemic variance at `s.shrinkageInput` for each k in `s.repetitions`, at the model's α and β:
    /// Σ_j (φᵀv_j)²/(α + kβλ_j) in the eigenbasis of ΦᵀΦ, so it falls at most like 1/k.
    public static func shrinkage(_ s: Settings, example: Example, model: LinearModel) throws -> [Shrinkage] {
        let data = example.data
        return try s.repetitions.map { k in
            let inputs = Array([[Double]](repeating: data.inputs, count: k).joined())
            let repeated = try BayesianLinearRegression(design: model.basis.designMatrix(inputs),
                                                        targets: Array([[Double]](repeating: data.targets, count: k).joined()),
                                                        priorPrecision: model.bestAlpha, noisePrecision: model.beta)
            return Shrinkage(count: inputs.count, epistemicVariance: repeated.predict(design: model.basis.designMatrix([s.shrinkageInput])).epistemic[0])
        }
    }
}
