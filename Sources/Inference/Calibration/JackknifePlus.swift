/// Jackknife+ and CV+ intervals (Barber, Candès, Ramdas & Tibshirani 2021).
///
/// For each training point i, μ₋ᵢ is the model fitted without it (jackknife+: n fits, one per
/// point) or without its fold (CV+: K fits), Rᵢ = |yᵢ − μ₋ᵢ(xᵢ)| its held-out residual. At a new x
/// the interval is
///
///   [ the ⌊α(n + 1)⌋-th smallest of μ₋ᵢ(x) − Rᵢ ,  the ⌈(1 − α)(n + 1)⌉-th smallest of μ₋ᵢ(x) + Rᵢ ],
///
/// and P(y ∈ C(x)) ≥ 1 − 2α for exchangeable data and any fitting algorithm that treats its
/// points symmetrically (Barber et al., Theorem 1; CV+ with K folds of n/K points:
/// ≥ 1 − 2α − min(2(1 − 1/K)/(n/K + 1), (1 − K/n)/(K + 1)), Theorem 4). In practice the coverage
/// is close to 1 − α. Every point is used both to fit and
/// to calibrate: no data set aside, at the cost of n (or K) fits.
///
/// - Parameters:
///   - heldOutPredictions: `heldOutPredictions[i][j]` = μ₋ᵢ(x_j) at the new inputs x_j.
///   - residuals: Rᵢ, one per training point.
/// - Returns: the intervals at every new input.
public func jackknifePlusIntervals(heldOutPredictions: [[Double]], residuals: [Double], miscoverage alpha: Double) -> (lower: [Double], upper: [Double]) {
    let n = residuals.count
    precondition(heldOutPredictions.count == n && n > 0, "jackknifePlusIntervals: one row of predictions per residual")
    let m = heldOutPredictions[0].count
    let kLow = Int((alpha * Double(n + 1)).rounded(.down))
    let kHigh = Int(((1 - alpha) * Double(n + 1)).rounded(.up))
    var lower = [Double](), upper = [Double]()
    for j in 0..<m {
        lower.append(orderStatistic((0..<n).map { heldOutPredictions[$0][j] - residuals[$0] }, kLow))
        upper.append(orderStatistic((0..<n).map { heldOutPredictions[$0][j] + residuals[$0] }, kHigh))
    }
    return (lower, upper)
}
