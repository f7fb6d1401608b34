import Foundation
import NumericalMethods

/// Sample mean (1/n) Σ xᵢ.
public func mean(_ x: [Double]) -> Double {
    precondition(!x.isEmpty, "mean of an empty sample")
    return x.reduce(0, +) / Double(x.count)
}

/// Unbiased sample variance (1/(n−1)) Σ (xᵢ − x̄)².
public func variance(_ x: [Double]) -> Double {
    precondition(x.count > 1, "variance needs at least two values")
    let m = mean(x)
    return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
}

/// The sample mean and its standard error, (1/k) Σ vᵢ and s/√k with s² the unbiased variance
/// (NaN for a single value).
public func meanAndStandardError(_ values: [Double]) -> (mean: Double, standardError: Double) {
    guard values.count > 1 else { return (mean(values), .nan) }
    return (mean(values), (variance(values) / Double(values.count)).squareRoot())
}

/// Monte Carlo standard error of the sample variance of i.i.d. draws:
/// SE[s²] ≈ √((m₄ − s⁴)/n), with m₄ the fourth central moment.
public func standardErrorOfVariance(_ x: [Double]) -> Double {
    let m = mean(x)
    let n = Double(x.count)
    var m2 = 0.0, m4 = 0.0
    for v in x {
        let d = (v - m) * (v - m)
        m2 += d; m4 += d * d
    }
    m2 /= n; m4 /= n
    return ((m4 - m2 * m2) / n).squareRoot()
}

/// Log density of N(`mean`, `variance`) at x: −½ ln(2π σ²) − (x − μ)²/(2σ²).
@inlinable
public func normalLogDensity(_ x: Double, mean: Double, variance: Double) -> Double {
    let d = x - mean
    return -0.5 * (Elementary.log(2 * Double.pi * variance) + d * d / variance)
}
