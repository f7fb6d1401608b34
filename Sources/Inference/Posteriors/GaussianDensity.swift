import Foundation
import NumericalMethods
import Autodiff

/// ln N(x | μ, Σ) = −½ [d ln 2π + ln|Σ| + (x − μ)ᵀ Σ⁻¹ (x − μ)], through the Cholesky factor of Σ.
public func multivariateNormalLogDensity(_ x: [Double], mean: [Double], covariance: Tensor) throws -> Double {
    let l = try covariance.cholesky()
    let d = zip(x, mean).map(-)
    let solved = l.choleskySolve(Tensor(d)).scalars
    let quad = zip(d, solved).reduce(0) { $0 + $1.0 * $1.1 }
    return -0.5 * (Double(d.count) * Elementary.log(2 * Double.pi) + l.choleskyLogDeterminant() + quad)
}
