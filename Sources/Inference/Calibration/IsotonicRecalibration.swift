import NumericalMethods

/// Isotonic regression by pool-adjacent-violators: the non-decreasing sequence f₁ ≤ … ≤ fₙ that
/// minimises Σ wᵢ (yᵢ − fᵢ)² for values yᵢ given in the order of their inputs (Ayer et al. 1955).
/// Adjacent blocks that violate the order are pooled into their weighted mean until none does.
public func isotonicRegression(_ y: [Double], weights: [Double]? = nil) -> [Double] {
    let w = weights ?? [Double](repeating: 1, count: y.count)
    precondition(w.count == y.count, "isotonicRegression: one weight per value")
    var means = [Double](), totals = [Double](), sizes = [Int]()
    for i in y.indices {
        means.append(y[i]); totals.append(w[i]); sizes.append(1)
        while means.count > 1 && means[means.count - 2] > means[means.count - 1] {
            let (m2, w2, n2) = (means.removeLast(), totals.removeLast(), sizes.removeLast())
            let (m1, w1) = (means[means.count - 1], totals[totals.count - 1])
            means[means.count - 1] = (w1 * m1 + w2 * m2) / (w1 + w2)
            totals[totals.count - 1] = w1 + w2
            sizes[sizes.count - 1] += n2
        }
    }
    return zip(means, sizes).flatMap { [Double](repeating: $0, count: $1) }
}

/// Kuleshov, Fenner & Ermon's (2018) recalibration of a regression model's predictive CDFs Fₓ:
/// a non-decreasing map R: [0, 1] → [0, 1] such that R∘Fₓ is calibrated, P(R(Fₓ(y)) ≤ p) = p.
///
/// On calibration points with PIT values pᵢ = F_{xᵢ}(yᵢ), R is the isotonic regression of the
/// empirical frequencies P̂(pᵢ) = |{j : pⱼ ≤ pᵢ}|/n on the pᵢ, interpolated linearly between the
/// knots (0, 0), (pᵢ, R(pᵢ)) and (1, 1). (Computed on the same points, the frequencies at the
/// sorted pᵢ are already non-decreasing, so the isotonic fit is the empirical CDF of the PITs
/// itself: R pushes the calibration PITs to uniform.)
public struct IsotonicRecalibration: Sendable {
    /// The knots of R: increasing levels and their non-decreasing images, from (0, 0) to (1, 1).
    public let levels: [Double]
    public let values: [Double]

    /// Fits R on calibration PIT values.
    public init(pit: [Double]) {
        precondition(!pit.isEmpty, "IsotonicRecalibration: no calibration points")
        let p = pit.sorted()
        let n = Double(p.count)
        // The frequency at a tied value counts every point at that value.
        var frequencies = [Double](repeating: 0, count: p.count)
        var i = p.count - 1
        while i >= 0 {
            var j = i
            while j > 0 && p[j - 1] == p[i] { j -= 1 }
            for k in j...i { frequencies[k] = Double(i + 1) / n }
            i = j - 1
        }
        let fitted = isotonicRegression(frequencies)
        var xs = [0.0], ys = [0.0]
        for (x, y) in zip(p, fitted) where x > xs.last! && x < 1 {
            xs.append(x); ys.append(max(y, ys.last!))
        }
        xs.append(1); ys.append(1)
        (levels, values) = (xs, ys)
    }

    /// R(p), by linear interpolation between the knots.
    public func callAsFunction(_ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var k = 1
        while levels[k] < p { k += 1 }
        let t = (p - levels[k - 1]) / (levels[k] - levels[k - 1])
        return values[k - 1] + t * (values[k] - values[k - 1])
    }

    /// R⁻¹(u): the smallest level p with R(p) = u (R is continuous and non-decreasing from 0 to 1).
    public func inverse(_ u: Double) -> Double {
        if u <= 0 { return 0 }
        if u >= 1 { return 1 }
        var k = 1
        while values[k] < u { k += 1 }
        let t = (u - values[k - 1]) / (values[k] - values[k - 1])
        return levels[k - 1] + t * (levels[k] - levels[k - 1])
    }

    /// The recalibrated central interval at level q of a Gaussian predictive N(μ, σ²): the
    /// quantiles of R∘F at (1 − q)/2 and (1 + q)/2, μ + σ Φ⁻¹(R⁻¹(u)).
    public func centralIntervals(level q: Double, mean: [Double], standardDeviation sd: [Double]) -> (lower: [Double], upper: [Double]) {
        let (zLow, zHigh) = (standardNormalQuantile(clampedLevel(inverse((1 - q) / 2))), standardNormalQuantile(clampedLevel(inverse((1 + q) / 2))))
        return (zip(mean, sd).map { $0 + zLow * $1 }, zip(mean, sd).map { $0 + zHigh * $1 })
    }

    private func clampedLevel(_ p: Double) -> Double { min(max(p, 1e-12), 1 - 1e-12) }
}
