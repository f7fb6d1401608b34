import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

/// Every method of the course on one model, scored against NUTS: the running example's 40 points,
/// the reference's Bayesian MLP 1→10→1 (tanh, prior w ~ N(0, I), noise sd 0.05; see
/// ``ReferencePosterior``). The methods with a likelihood use this one, those with a prior this one
/// (variational dropout's log-uniform prior is part of the method and stays). The experiments are
/// ``ComparisonChapter``'s.
public enum RunningExampleComparison {
    /// The 151 points of the predictive, on [−1.5, 1.5].
    public static let grid = ReferencePosterior.grid(.standard)

    /// One method's predictive on ``grid`` and what it cost.
    public struct Method: Sendable {
        public let name: String
        public let predictive: MixturePredictive
        /// Gradient evaluations in full-data equivalents (a mini-batch of B of the N points counts B/N;
        /// MH's density evaluations count one each).
        public let gradients: Double
        public let seconds: Double

        public init(name: String, predictive: MixturePredictive, gradients: Double, seconds: Double) {
            (self.name, self.predictive, self.gradients, self.seconds) = (name, predictive, gradients, seconds)
        }
    }

    /// Where on the grid a score is averaged.
    public enum Region: String, CaseIterable, Sendable {
        case onData = "on the data"
        case gap = "in the gap"
        case outside = "outside"

        /// The data sit at 0.3 ≤ |x| ≤ 0.7; the gap is |x| < 0.3, outside |x| > 0.7.
        public func contains(_ x: Double) -> Bool {
            switch self {
            case .onData: return abs(x) >= 0.3 && abs(x) <= 0.7
            case .gap: return abs(x) < 0.3
            case .outside: return abs(x) > 0.7
            }
        }
    }

    /// A method's 1-Wasserstein distance to the reference's predictive at every grid point, and its
    /// mean per region and over the grid.
    public struct Score: Sendable {
        public let name: String
        public let distances: [Double]
        public let regions: [Double]
        public let overall: Double
    }

    /// The largest split-R̂, over the grid points, of the chains' f_w(x): the predictive's convergence.
    public static func predictiveRHat(_ chains: [Chain]) -> Double {
        let network = ReferencePosterior.network
        let traces = chains.map { c in (0..<c.count).map { network.forward(grid, count: grid.count, parameters: c.draw($0)) } }
        return grid.indices.map { i in splitRHat(traces.map { $0.map { $0[i] } }) }.max()!
    }

    /// The predictive of draws w_s of the shared network: components N(f_{w_s}(x), σ²).
    public static func predictive(_ draws: [[Double]]) -> MixturePredictive {
        MixturePredictive(functions: draws.map { ReferencePosterior.network.forward(grid, count: grid.count, parameters: $0) },
                          noiseVariance: ReferencePosterior.noiseVariance)
    }

    /// The second half of every chain's draws.
    static func secondHalves(_ chains: [Chain]) -> [[Double]] {
        chains.flatMap { c in (c.count / 2..<c.count).map { c.draw($0) } }
    }

    /// The names ordered by their overall distance to the reference, closest first.
    public static func ranking(_ scores: [Score]) -> [String] {
        scores.sorted { $0.overall < $1.overall }.map(\.name)
    }
}
