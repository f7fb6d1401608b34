import Datasets
import Foundation
import NumericalMethods
import Inference
import Probability

/// Lecture 6 — variational inference and Bayes-by-Backprop — as functions of one ``Settings`` value.
///
/// Streams of the seed: the toy data from `Xoshiro256(seed:)`, the toy's initial (μ, ρ) from stream
/// 70, its two Bayes-by-Backprop runs each from stream 71, the plain network from stream 72, the
/// toy's band from stream 73, the running-example runs each from stream 74, the pruning's fresh
/// points from stream 75; the running example and the NUTS reference as in ``ReferencePosterior``.
public enum BayesByBackpropChapter {

    /// Blundell et al.'s curve (2015, Fig. 5) at x with noise ε:
    /// y = x + 0.3 sin(2π(x + ε)) + 0.3 sin(4π(x + ε)) + ε.
    public static func blundellCurve(_ x: Double, _ eps: Double) -> Double {
        x + 0.3 * Elementary.sin(2 * Double.pi * (x + eps)) + 0.3 * Elementary.sin(4 * Double.pi * (x + eps)) + eps
    }
}
