import Foundation
import Probability

/// The mean μ of Gaussian data, x_i ~ N(μ, σ²), under the prior μ ~ N(0, τ²): the simplest
/// posterior with a likelihood sum to take mini-batches of, and known exactly,
/// p(μ | x) = N(m, s²) with 1/s² = 1/τ² + N/σ² and m = s² Σᵢ xᵢ / σ².
public struct GaussianMeanPosterior: Sendable {
    public let data: [Double]
    /// σ², the variance of each observation.
    public let noiseVariance: Double
    /// τ², the prior variance of μ.
    public let priorVariance: Double

    public init(data: [Double], noiseVariance: Double, priorVariance: Double) {
        self.data = data
        self.noiseVariance = noiseVariance
        self.priorVariance = priorVariance
    }

    /// The exact posterior (mean, variance) when the prior's precision is multiplied by
    /// `priorWeight`: 1/s² = c/τ² + N/σ². With c = 1 it is the posterior; with c = N/B it is what
    /// SGLD samples when the prior's gradient is scaled by N/B together with the likelihood's.
    public func posterior(priorWeight c: Double = 1) -> (mean: Double, variance: Double) {
        let variance = 1 / (c / priorVariance + Double(data.count) / noiseVariance)
        return (variance * data.reduce(0, +) / noiseVariance, variance)
    }

    /// A mini-batch estimate of ∇ln p(μ | x): c · ∇ln p(μ) + (N/B) Σ_{i ∈ batch} ∇ln p(xᵢ | μ), for
    /// `batchSize` points drawn uniformly with replacement. Welling & Teh (2011) use c = 1 (an
    /// unbiased estimate); c = N/B scales the prior's gradient as well.
    public func stochasticGradient(_ mu: Double, batchSize: Int, priorWeight c: Double = 1, using rng: inout Xoshiro256) -> Double {
        var sum = 0.0
        for _ in 0..<batchSize { sum += data[Int(rng.next() % UInt64(data.count))] - mu }
        return -c * mu / priorVariance + Double(data.count) / Double(batchSize) * sum / noiseVariance
    }
}

/// The stationary distribution μ = μP of a finite transition matrix P (rows sum to 1), by
/// repeated multiplication from the uniform distribution until it moves by less than 1e-15.
public func stationaryDistribution(_ p: [[Double]], maximumIterations: Int = 100_000) -> [Double] {
    let n = p.count
    var mu = [Double](repeating: 1 / Double(n), count: n)
    for _ in 0..<maximumIterations {
        let next = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + mu[$1] * p[$1][j] } }
        let change = zip(next, mu).map { abs($0 - $1) }.max()!
        mu = next
        if change < 1e-15 { break }
    }
    return mu
}
