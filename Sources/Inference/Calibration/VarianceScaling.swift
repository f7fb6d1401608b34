import Foundation
import NumericalMethods

/// Variance scaling of a Gaussian predictive N(μ(x), σ²(x)) (Levi et al. 2019; Laves et al. 2020):
/// one factor s > 0, the predictive becomes N(μ(x), s²σ²(x)), with s chosen to maximise the
/// log-likelihood of n validation points,
///
///   Σᵢ log N(yᵢ; μᵢ, s²σᵢ²) = −n log s − (1/(2s²)) Σᵢ rᵢ²/σᵢ² + const,  rᵢ = yᵢ − μᵢ,
///
/// whose maximiser is s² = (1/n) Σᵢ rᵢ²/σᵢ², the mean squared standardised residual. It fixes a
/// predictive that is too narrow or too wide everywhere by the same factor, not one whose shape
/// is wrong.
public struct VarianceScaling: Sendable {
    /// s, the factor every predicted sd is multiplied by.
    public let factor: Double

    /// Fits s on the validation means, sds and targets.
    public init(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) {
        precondition(mean.count == y.count && sd.count == y.count && !y.isEmpty, "VarianceScaling: one prediction per target")
        let s2 = y.indices.reduce(0.0) { $0 + (y[$1] - mean[$1]) * (y[$1] - mean[$1]) / (sd[$1] * sd[$1]) } / Double(y.count)
        factor = s2.squareRoot()
    }

    /// The rescaled sds sσ(x).
    public func apply(_ sd: [Double]) -> [Double] { sd.map { factor * $0 } }
}

/// The probability integral transform pᵢ = Φ((yᵢ − μᵢ)/σᵢ) of targets under Gaussian predictives:
/// uniform on (0, 1) when the predictive is calibrated.
public func gaussianPIT(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) -> [Double] {
    y.indices.map { standardNormalCDF((y[$0] - mean[$0]) / sd[$0]) }
}

/// The calibration curve of PIT values: at each level p, the fraction of pᵢ ≤ p (the observed
/// frequency of ``calibrationCurve(mean:standardDeviation:targets:levels:)``, for any predictive CDF).
public func calibrationCurve(pit: [Double], levels: [Double]) -> [Double] {
    levels.map { p in Double(pit.filter { $0 <= p }.count) / Double(pit.count) }
}

/// The miscalibration area of PIT values: the mean of |observed − expected| over the 99 levels
/// 0.01 … 0.99, as in ``miscalibrationArea(mean:standardDeviation:targets:)``.
public func miscalibrationArea(pit: [Double]) -> Double {
    let levels = (1...99).map { Double($0) / 100 }
    return zip(calibrationCurve(pit: pit, levels: levels), levels).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(levels.count)
}
