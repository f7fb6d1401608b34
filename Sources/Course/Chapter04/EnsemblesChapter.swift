import Datasets
import Inference
import Probability

/// Lecture 4 — deep ensembles and snapshot ensembles — as functions of one ``Settings`` value.
///
/// Every experiment draws from streams of its own of `Xoshiro256(seed: s.seed, stream: k)` (or from
/// `trainEnsemble(seed: s.seed &+ k)`), so they can be called in any order and one at a time.
public enum EnsemblesChapter {
    /// The squared error of an ensemble's average, for one correlation c/v of the members' errors.
    public struct ErrorCurve: Sendable {
        /// The correlation c/v (v = 1).
        public let correlation: Double
        /// (1/n)(v + (n − 1)c) at each of ``Settings/ensembleSizes``.
        public let theory: [Double]
        /// Its Monte Carlo estimate at each n.
        public let monteCarlo: [Double]
        /// The estimate's standard error.
        public let standardErrors: [Double]
    }

    /// E[(1/n Σ ε_i)²] for members' errors ε_i = √c z₀ + √(v − c) z_i (v = 1), by Monte Carlo
    /// (correlation k from stream 40 + k, restarted for every n) beside the formula (1/n)(v + (n − 1)c).
    public static func ensembleErrors(_ s: Settings) -> [ErrorCurve] {
        var monteCarlo = [[Double]](repeating: [], count: s.errorCorrelations.count)
        var standardErrors = [[Double]](repeating: [], count: s.errorCorrelations.count)
        for n in s.ensembleSizes {
            for (k, c) in s.errorCorrelations.enumerated() {
                var r = Xoshiro256(seed: s.seed, stream: 40 + k)
                let squared = (0..<s.errorDraws).map { _ -> Double in
                    let shared = c.squareRoot() * r.normal()
                    let average = (0..<n).reduce(0.0) { s, _ in s + shared + (1 - c).squareRoot() * r.normal() } / Double(n)
                    return average * average
                }
                monteCarlo[k].append(mean(squared))
                standardErrors[k].append((variance(squared) / Double(s.errorDraws)).squareRoot())
            }
        }
        return s.errorCorrelations.enumerated().map { k, c in
            ErrorCurve(correlation: c, theory: s.ensembleSizes.map { ensembleSquaredError(members: $0, variance: 1, covariance: c) },
                       monteCarlo: monteCarlo[k], standardErrors: standardErrors[k])
        }
    }
}
