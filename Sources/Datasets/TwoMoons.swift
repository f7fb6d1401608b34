import Foundation
import NumericalMethods
import Probability

/// Two interleaving half circles with two classes (scikit-learn's `make_moons`), centred:
/// class 0 on (cos t, sin t) and class 1 on (1 − cos t, ½ − sin t), t ~ U[0, π], each point
/// moved by N(0, s² I) noise and then by (−½, −¼), so the data sit around the origin.
public enum TwoMoons {
    /// `count` points (alternately class 0 and 1) with noise sd `noise`: inputs row-major
    /// count × 2, labels 0 or 1.
    public static func sample(count: Int, noise: Double, using rng: inout Xoshiro256) -> (inputs: [Double], labels: [Int]) {
        var inputs = [Double](), labels = [Int]()
        inputs.reserveCapacity(2 * count)
        for i in 0..<count {
            let t = Double.pi * rng.uniform()
            let label = i % 2
            let (x, y) = label == 0 ? (Elementary.cos(t), Elementary.sin(t)) : (1 - Elementary.cos(t), 0.5 - Elementary.sin(t))
            inputs += [x + noise * rng.normal() - 0.5, y + noise * rng.normal() - 0.25]
            labels.append(label)
        }
        return (inputs, labels)
    }
}
