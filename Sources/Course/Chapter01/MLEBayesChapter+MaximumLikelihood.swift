import Autodiff
import Datasets
import NeuralNetworks
import Probability

extension MLEBayesChapter {
    /// The network fit by maximum likelihood and its one noise level.
    public struct MaximumLikelihoodFit: Sendable {
        /// The MLP f_ω.
        public let network: MLP
        /// ω̂, the weights minimising the mean squared error.
        public let parameters: Tensor
        /// The mean squared error at every Adam step.
        public let losses: [Double]
        /// f_ω̂ on the example's grid.
        public let prediction: [Double]
        /// σ̂ = √(Σᵢ (yᵢ − f_ω̂(xᵢ))² / N), the maximum-likelihood noise sd.
        public let sigmaHat: Double
        /// The chapter's stream after the initial weights.
        let generator: Xoshiro256
    }

    /// Maximum likelihood for p(y | x, ω) = N(y | f_ω(x), σ²): Adam on the mean squared error from
    /// the network's initial weights (drawn from the stream after `example`), then
    /// σ̂² = (1/N) Σᵢ (yᵢ − f_ω̂(xᵢ))².
    /// - Parameter progress: called after every step with (step, loss).
    public static func maximumLikelihood(_ s: Settings, example: Example,
                                         progress: ((_ step: Int, _ loss: Double) -> Void)? = nil) throws -> MaximumLikelihoodFit {
        var rng = example.generator
        let data = example.data
        let network = MLP(sizes: [1] + s.hiddenWidths + [1], activation: .tanh)
        var adam = Adam(.constant(s.learningRate))
        let fit = try train(from: network.initialParameters(using: &rng), steps: s.steps, optimizer: &adam,
                            loss: { _, θ in meanSquaredError(network(data.x, parameters: θ), data.y) }, progress: progress)
        let prediction = network.predict(.column(example.grid), parameters: fit.parameters).scalars
        let residuals = zip(network.predict(data.x, parameters: fit.parameters).scalars, data.targets).map { $0 - $1 }
        let sigmaHat = (residuals.map { $0 * $0 }.reduce(0, +) / Double(data.count)).squareRoot()
        return MaximumLikelihoodFit(network: network, parameters: fit.parameters, losses: fit.losses, prediction: prediction,
                                    sigmaHat: sigmaHat, generator: rng)
    }

    /// Where an input lies relative to the training data (at 0.3 ≤ |x| ≤ 0.7).
    public enum Region: String, CaseIterable, Sendable {
        case data, gap, outside

        /// The region of `x`: the gap is |x| < 0.3, outside is |x| > 0.7.
        public init(_ x: Double) { self = abs(x) < 0.3 ? .gap : abs(x) <= 0.7 ? .data : .outside }
    }

    /// How wrong the maximum-likelihood fit is in one region, in units of its own σ̂.
    public struct RegionError: Sendable {
        public let region: Region
        /// max |f_ω̂(x) − sin(3x)| / σ̂ over the region's grid points.
        public let largestScaledError: Double
        /// Grid points of the region where the truth leaves the ±2σ̂ band.
        public let pointsOutsideBand: Int
        /// Grid points of the region.
        public let points: Int
    }

    /// |f_ω̂(x) − sin(3x)| / σ̂ summarised per region, in the order data, gap, outside.
    public static func regionErrors(_ fit: MaximumLikelihoodFit, example: Example) -> [RegionError] {
        Region.allCases.map { r in
            let errors = example.grid.indices.filter { Region(example.grid[$0]) == r }
                .map { abs(fit.prediction[$0] - example.truth[$0]) / fit.sigmaHat }
            return RegionError(region: r, largestScaledError: errors.max()!, pointsOutsideBand: errors.filter { $0 > 2 }.count, points: errors.count)
        }
    }
}
