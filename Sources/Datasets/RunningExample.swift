import Foundation
import NumericalMethods
import Probability

/// The running example of the whole course: y = sin(3x) + ε, ε ~ N(0, 0.05²), observed at
/// 20 evenly spaced inputs on [−0.7, −0.3] and 20 on [0.3, 0.7]. Between the clusters is a
/// gap without data, outside them extrapolation; predictions are drawn on [−1.5, 1.5].
public enum RunningExample {
    /// σ of the observation noise.
    public static let noiseStandardDeviation = 0.05
    /// The interval predictions are drawn on.
    public static let testInterval: ClosedRange<Double> = -1.5...1.5

    /// The noise-free function f(x) = sin(3x).
    public static func truth(_ x: Double) -> Double { Elementary.sin(3 * x) }

    /// The 40 training inputs: 20 on [−0.7, −0.3], 20 on [0.3, 0.7].
    public static var inputs: [Double] { linspace(-0.7, -0.3, count: 20) + linspace(0.3, 0.7, count: 20) }

    /// The training set with noise drawn from `rng`.
    public static func sample<G: RandomNumberGenerator>(using rng: inout G) -> RegressionData {
        let x = inputs
        return RegressionData(inputs: x, targets: x.map { truth($0) + noiseStandardDeviation * rng.normal() })
    }

    /// `count` evenly spaced inputs over ``testInterval``.
    public static func testGrid(count: Int = 301) -> [Double] {
        linspace(testInterval.lowerBound, testInterval.upperBound, count: count)
    }
}

/// The straight-line example of Bishop's PRML §3.3 (Fig. 3.7): y = −0.3 + 0.5x + ε,
/// ε ~ N(0, 0.2²), x ~ U(−1, 1).
public enum StraightLineExample {
    public static let intercept = -0.3
    public static let slope = 0.5
    public static let noiseStandardDeviation = 0.2

    public static func sample<G: RandomNumberGenerator>(count: Int, using rng: inout G) -> RegressionData {
        let x = (0..<count).map { _ in rng.uniform(-1, 1) }
        return RegressionData(inputs: x, targets: x.map { intercept + slope * $0 + noiseStandardDeviation * rng.normal() })
    }
}

/// The mixture of Welling & Teh (2011), §5.1: x ~ ½ N(θ₁, 2) + ½ N(θ₁ + θ₂, 2), drawn with
/// θ = (0, 1). Its posterior (with θ₁ ~ N(0, 10), θ₂ ~ N(0, 1)) has two modes.
public enum MixtureExample {
    public static let trueTheta = (0.0, 1.0)
    public static let componentVariance = 2.0

    public static func sample<G: RandomNumberGenerator>(count: Int, using rng: inout G) -> [Double] {
        (0..<count).map { _ in
            let mean = rng.bernoulli(0.5) ? trueTheta.0 : trueTheta.0 + trueTheta.1
            return mean + componentVariance.squareRoot() * rng.normal()
        }
    }
}

/// The cubic toy of Hernández-Lobato & Adams (2015), used by Lakshminarayanan et al. (2017,
/// Fig. 1): 20 points x ~ U(−4, 4), y = x³ + ε, ε ~ N(0, 3²).
public enum CubicExample {
    public static let noiseStandardDeviation = 3.0
    /// Where the training inputs are drawn from.
    public static let inputInterval: ClosedRange<Double> = -4...4

    public static func truth(_ x: Double) -> Double { x * x * x }

    public static func sample<G: RandomNumberGenerator>(count: Int = 20, using rng: inout G) -> RegressionData {
        let x = (0..<count).map { _ in rng.uniform(inputInterval.lowerBound, inputInterval.upperBound) }
        return RegressionData(inputs: x, targets: x.map { truth($0) + noiseStandardDeviation * rng.normal() })
    }
}
