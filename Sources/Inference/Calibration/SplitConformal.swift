/// Split conformal prediction for regression (Papadopoulos et al. 2002; Lei et al. 2018) around
/// any predictive with a mean μ(x) and, for the normalised score, a standard deviation σ(x).
///
/// On n calibration points not used for fitting, the scores are
/// - absolute: sᵢ = |yᵢ − μ(xᵢ)|, and the interval is μ(x) ± q̂ (one width everywhere);
/// - normalised: sᵢ = |yᵢ − μ(xᵢ)| / σ(xᵢ), and the interval is μ(x) ± q̂ σ(x) (adaptive width);
///
/// with q̂ = ``conformalQuantile(_:miscoverage:)`` of the scores. For a new point exchangeable with
/// the calibration points, 1 − α ≤ P(y ∈ C(x)) ≤ 1 − α + 1/(n + 1): a marginal guarantee, over
/// the calibration set and the new point together, not one conditional on x.
public struct SplitConformal: Sendable {
    /// The conformity score.
    public enum Score: String, CaseIterable, Sendable {
        case absolute
        case normalised
    }

    public let score: Score
    public let miscoverage: Double
    /// q̂: the interval's half-width (absolute) or its half-width in predicted sds (normalised).
    public let quantile: Double

    /// Calibrates on the predictive's mean and sd at the calibration inputs and their targets.
    public init(score: Score, miscoverage alpha: Double, mean: [Double], standardDeviation sd: [Double], targets y: [Double]) {
        precondition(mean.count == y.count && sd.count == y.count, "SplitConformal: one prediction per target")
        let scores = y.indices.map { i in
            let r = abs(y[i] - mean[i])
            return score == .absolute ? r : r / sd[i]
        }
        (self.score, miscoverage, quantile) = (score, alpha, conformalQuantile(scores, miscoverage: alpha))
    }

    /// The intervals at new inputs, from the predictive's mean and sd there.
    public func intervals(mean: [Double], standardDeviation sd: [Double]) -> (lower: [Double], upper: [Double]) {
        let halfWidths = mean.indices.map { score == .absolute ? quantile : quantile * sd[$0] }
        return (zip(mean, halfWidths).map { $0 - $1 }, zip(mean, halfWidths).map { $0 + $1 })
    }
}

/// Conformalised quantile regression (Romano, Patterson & Candès 2019): from a lower and an upper
/// quantile regression q_lo(x), q_hi(x) (levels α/2 and 1 − α/2), the scores on n calibration
/// points are sᵢ = max(q_lo(xᵢ) − yᵢ, yᵢ − q_hi(xᵢ)) (negative inside the band), and the interval
/// is [q_lo(x) − q̂, q_hi(x) + q̂] with q̂ = ``conformalQuantile(_:miscoverage:)``: the same
/// marginal guarantee as ``SplitConformal``, with the width of the quantile band.
public struct ConformalizedQuantileRegression: Sendable {
    public let miscoverage: Double
    /// q̂: how far both ends of the quantile band move (inward if negative).
    public let correction: Double

    public init(miscoverage alpha: Double, lower: [Double], upper: [Double], targets y: [Double]) {
        precondition(lower.count == y.count && upper.count == y.count, "ConformalizedQuantileRegression: one band per target")
        let scores = y.indices.map { max(lower[$0] - y[$0], y[$0] - upper[$0]) }
        (miscoverage, correction) = (alpha, conformalQuantile(scores, miscoverage: alpha))
    }

    /// The intervals from the quantile band at new inputs.
    public func intervals(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        (lower.map { $0 - correction }, upper.map { $0 + correction })
    }
}
