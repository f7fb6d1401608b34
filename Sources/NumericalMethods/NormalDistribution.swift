import Foundation

/// Φ(z), the standard normal distribution function.
public func standardNormalCDF(_ z: Double) -> Double { 0.5 * Elementary.erfc(-z / 2.0.squareRoot()) }

/// Φ⁻¹(p) for p ∈ (0, 1), by bisection on Φ to machine precision.
public func standardNormalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "standardNormalQuantile: p must be in (0, 1), got \(p)")
    var (lo, hi) = (-40.0, 40.0)
    for _ in 0..<200 {
        let mid = 0.5 * (lo + hi)
        if standardNormalCDF(mid) < p { lo = mid } else { hi = mid }
        if hi - lo < 1e-15 { break }
    }
    return 0.5 * (lo + hi)
}
