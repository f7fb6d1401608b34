import Autodiff
import Datasets
import NeuralNetworks
import Probability

/// Lecture 1 — maximum likelihood, Bayes, and the two kinds of uncertainty — as functions of one
/// ``Settings`` value.
///
/// The chapter draws everything from one stream, `Xoshiro256(seed:)`, in its order: the running
/// example, the network's initial weights, the posterior lines, the straight-line data, the lines of
/// the updating figure, the Monte Carlo draws. Each experiment that draws returns the stream where it
/// left it, and the next takes that result: call them in the chapter's order.
public enum MLEBayesChapter {
    /// The running example's data and test grid.
    public struct Example: Sendable {
        /// The 40 training points.
        public let data: RegressionData
        /// The test grid on [−1.5, 1.5].
        public let grid: [Double]
        /// sin(3x) on the grid.
        public let truth: [Double]
        /// The chapter's stream after the data.
        let generator: Xoshiro256

        /// Index of the grid point nearest to `x`.
        public func gridIndex(_ x: Double) -> Int { grid.indices.min { abs(grid[$0] - x) < abs(grid[$1] - x) }! }
    }

    /// The running example, y = sin(3x) + ε with ε ~ N(0, 0.05²), and the grid it is predicted on.
    public static func example(_ s: Settings) -> Example {
        var rng = Xoshiro256(seed: s.seed)
        let data = RunningExample.sample(using: &rng)
        let grid = RunningExample.testGrid(count: s.gridCount)
        return Example(data: data, grid: grid, truth: grid.map(RunningExample.truth), generator: rng)
    }
}
