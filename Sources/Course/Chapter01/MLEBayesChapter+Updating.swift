import Autodiff
import Datasets
import Foundation
import NumericalMethods
import Inference
import Probability

extension MLEBayesChapter {
    /// Bayes' rule one point at a time on y = w₀ + w₁x + ε (Bishop, PRML Fig. 3.7).
    public struct BayesianUpdating: Sendable {
        /// One row: after n points.
        public struct Step: Sendable {
            /// Points seen.
            public let seen: RegressionData
            /// p(y_n | x_n, w) of the newest point on the (w0, w1) grid, values[i1][i0]; nil before any point.
            public let likelihood: [[Double]]?
            /// p(w | D_n) (the prior when n = 0).
            public let posterior: BayesianLinearRegression
            /// Its density on the (w0, w1) grid, values[i1][i0].
            public let density: [[Double]]
            /// Weights (w0, w1) drawn from it.
            public let lines: [[Double]]
        }
        /// The straight-line data.
        public let data: RegressionData
        /// The axis of both weights, [−1, 1].
        public let weightAxis: [Double]
        /// The true (w0, w1).
        public let trueWeights: [Double]
        /// One step for each count of `s.updatingCounts`.
        public let steps: [Step]
        /// The chapter's stream after the last lines.
        let generator: Xoshiro256
    }

    /// The straight-line example, drawn from the stream where `model` left it, and its posterior after
    /// each count of points in `s.updatingCounts`, prior w ~ N(0, α⁻¹I), β = 1/0.2²:
    /// p(w | D_n) ∝ p(y_n | x_n, w) p(w | D_{n−1}).
    public static func bayesianUpdating(_ s: Settings, after model: LinearModel) throws -> BayesianUpdating {
        var rng = model.generator
        let lineData = StraightLineExample.sample(count: s.lineDataCount, using: &rng)
        let lineBasis = PolynomialFeatures(degree: 1)
        let lineBeta = 1 / (StraightLineExample.noiseStandardDeviation * StraightLineExample.noiseStandardDeviation)
        let weightAxis = linspace(-1, 1, count: s.weightGridCount)
        var steps = [BayesianUpdating.Step]()
        for n in s.updatingCounts {
            let seen = RegressionData(inputs: Array(lineData.inputs.prefix(n)), targets: Array(lineData.targets.prefix(n)))
            var likelihood: [[Double]]?
            if n > 0 {
                let (x, y) = (seen.inputs[n - 1], seen.targets[n - 1])
                likelihood = weightAxis.map { w1 in
                    weightAxis.map { w0 in Elementary.exp(normalLogDensity(y, mean: w0 + w1 * x, variance: 1 / lineBeta)) }
                }
            }
            let post = try BayesianLinearRegression(design: lineBasis.designMatrix(seen.inputs), targets: seen.targets,
                                                    priorPrecision: s.linePriorPrecision, noisePrecision: lineBeta)
            let density = weightAxis.map { w1 in
                weightAxis.map { w0 in
                    Elementary.exp((try? multivariateNormalLogDensity([w0, w1], mean: post.posteriorMean, covariance: post.posteriorCovariance)) ?? -.infinity)
                }
            }
            let lines = try post.samplePosterior(count: s.updatingLines, using: &rng)
            steps.append(.init(seen: seen, likelihood: likelihood, posterior: post, density: density, lines: lines))
        }
        return BayesianUpdating(data: lineData, weightAxis: weightAxis,
                                trueWeights: [StraightLineExample.intercept, StraightLineExample.slope], steps: steps, generator: rng)
    }
}
