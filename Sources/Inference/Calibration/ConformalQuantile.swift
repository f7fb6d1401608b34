import Foundation

/// The conformal quantile of n calibration scores s₁ … sₙ at miscoverage α: the k-th smallest
/// score with k = ⌈(n + 1)(1 − α)⌉, and +∞ when k > n (too few scores for that level).
///
/// If the scores and a new point's score S are exchangeable, P(S ≤ q̂) ≥ 1 − α, and, without ties,
/// P(S ≤ q̂) ≤ 1 − α + 1/(n + 1) (Vovk et al. 2005; Lei et al. 2018, Theorem 2.2): the rank of S
/// among the n + 1 scores is uniform on 1 … n + 1.
public func conformalQuantile(_ scores: [Double], miscoverage alpha: Double) -> Double {
    precondition(alpha > 0 && alpha < 1, "conformalQuantile: α must be in (0, 1), got \(alpha)")
    let n = scores.count
    let k = Int((Double(n + 1) * (1 - alpha)).rounded(.up))
    guard k <= n else { return .infinity }
    guard k >= 1 else { return -.infinity }
    return scores.sorted()[k - 1]
}

/// The k-th smallest of `values` (1-based), −∞ for k < 1 and +∞ for k > n: the order statistics
/// that jackknife+ and CV+ read off.
public func orderStatistic(_ values: [Double], _ k: Int) -> Double {
    if k < 1 { return -.infinity }
    if k > values.count { return .infinity }
    return values.sorted()[k - 1]
}

/// Prediction intervals [lᵢ, uᵢ] scored on targets yᵢ: the coverage (fraction with lᵢ ≤ yᵢ ≤ uᵢ)
/// and the mean width (1/m) Σ (uᵢ − lᵢ) (infinite if one interval is).
public struct IntervalScore: Sendable, Equatable {
    public let coverage: Double
    public let meanWidth: Double

    public init(coverage: Double, meanWidth: Double) {
        (self.coverage, self.meanWidth) = (coverage, meanWidth)
    }

    /// Scores intervals `lower`…`upper` on `targets`.
    public init(lower: [Double], upper: [Double], targets y: [Double]) {
        precondition(lower.count == y.count && upper.count == y.count, "IntervalScore: one interval per target")
        let inside = y.indices.filter { lower[$0] <= y[$0] && y[$0] <= upper[$0] }.count
        coverage = Double(inside) / Double(y.count)
        meanWidth = y.indices.reduce(0.0) { $0 + (upper[$1] - lower[$1]) } / Double(y.count)
    }
}
