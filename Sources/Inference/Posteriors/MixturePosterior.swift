import Foundation
import NumericalMethods

/// The posterior of Welling & Teh's (2011) mixture: prior θ₁ ~ N(0, 10), θ₂ ~ N(0, 1),
/// likelihood x_i ~ ½ N(θ₁, 2) + ½ N(θ₁ + θ₂, 2). Two parameters, so it can be computed on a
/// grid and compared with samples.
public struct MixturePosterior: Sendable {
    public let data: [Double]
    public let priorVariances = (10.0, 1.0)
    public let componentVariance = 2.0

    public init(data: [Double]) { self.data = data }

    /// ln p(x | θ) for one point.
    public func logLikelihood(_ x: Double, _ theta: [Double]) -> Double {
        let (a, b) = ((x - theta[0]) * (x - theta[0]), (x - theta[0] - theta[1]) * (x - theta[0] - theta[1]))
        let v = componentVariance
        let m = min(a, b)
        // log(½N(x;θ₁,v) + ½N(x;θ₁+θ₂,v)) with the larger term factored out.
        return -0.5 * Elementary.log(2 * Double.pi * v) + Elementary.log(0.5) - m / (2 * v)
            + Elementary.log(Elementary.exp(-(a - m) / (2 * v)) + Elementary.exp(-(b - m) / (2 * v)))
    }

    /// ∇_θ ln p(x | θ) for one point: responsibilities times the component scores.
    public func gradientLogLikelihood(_ x: Double, _ theta: [Double]) -> [Double] {
        let v = componentVariance
        let (d1, d2) = (x - theta[0], x - theta[0] - theta[1])
        let r2 = 1 / (1 + Elementary.exp((d2 * d2 - d1 * d1) / (2 * v)))   // responsibility of component 2
        let r1 = 1 - r2
        return [(r1 * d1 + r2 * d2) / v, r2 * d2 / v]
    }

    /// ln p(θ) up to a constant.
    public func logPrior(_ theta: [Double]) -> Double {
        -0.5 * (theta[0] * theta[0] / priorVariances.0 + theta[1] * theta[1] / priorVariances.1)
    }

    /// ln p(θ | x) up to a constant.
    public func logPosterior(_ theta: [Double]) -> Double {
        data.reduce(logPrior(theta)) { $0 + logLikelihood($1, theta) }
    }

    /// The SGLD gradient estimate ∇ln p(θ) + (N/B) Σ_{i ∈ batch} ∇ln p(x_i | θ).
    public func stochasticGradient(_ theta: [Double], batch: some Sequence<Int>, batchSize: Int) -> [Double] {
        var g = [0.0, 0.0]
        for i in batch {
            let gi = gradientLogLikelihood(data[i], theta)
            g[0] += gi[0]; g[1] += gi[1]
        }
        let scale = Double(data.count) / Double(batchSize)
        return [-theta[0] / priorVariances.0 + scale * g[0], -theta[1] / priorVariances.1 + scale * g[1]]
    }

    /// The full-data gradient ∇ln p(θ | x).
    public func gradientLogPosterior(_ theta: [Double]) -> [Double] {
        stochasticGradient(theta, batch: data.indices, batchSize: data.count)
    }
}
