import Foundation
import NumericalMethods
import Autodiff

/// A fixed map from a scalar input to M features, φ(x) ∈ ℝᴹ: the "fixed features" that make
/// a linear model in the weights, y = φ(x)ᵀw.
public protocol FeatureMap: Sendable {
    /// M, the number of features.
    var dimension: Int { get }
    /// φ(x) for one input.
    func features(_ x: Double) -> [Double]
}

extension FeatureMap {
    /// The design matrix Φ ∈ ℝ^{n×M} with rows φ(xᵢ)ᵀ.
    public func designMatrix(_ inputs: [Double]) -> Tensor {
        Tensor(shape: [inputs.count, dimension], scalars: inputs.flatMap(features))
    }
}

/// φ(x) = (1, x, x², …, x^degree).
public struct PolynomialFeatures: FeatureMap {
    public let degree: Int
    public init(degree: Int) { self.degree = degree }
    public var dimension: Int { degree + 1 }
    public func features(_ x: Double) -> [Double] {
        var out = [Double](repeating: 1, count: degree + 1)
        for k in stride(from: 1, through: degree, by: 1) { out[k] = out[k - 1] * x }
        return out
    }
}

/// A constant feature and Gaussian bumps: φ(x) = (1, exp(−(x − c₁)²/(2s²)), …, exp(−(x − c_K)²/(2s²))).
public struct GaussianBasis: FeatureMap {
    public let centers: [Double]
    public let width: Double
    public init(centers: [Double], width: Double) {
        self.centers = centers
        self.width = width
    }
    public var dimension: Int { centers.count + 1 }
    public func features(_ x: Double) -> [Double] {
        [1] + centers.map { c in Elementary.exp(-(x - c) * (x - c) / (2 * width * width)) }
    }
}
