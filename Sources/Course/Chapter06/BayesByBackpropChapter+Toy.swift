import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

extension BayesByBackpropChapter {
    /// Blundell et al.'s regression toy: x ~ U(0, 0.5), y = ``blundellCurve(_:_:)`` with ε ~ N(0, sd²);
    /// all x first, then the y, from `Xoshiro256(seed:)`.
    public static func toyData(_ s: Settings) -> RegressionData {
        var rng = Xoshiro256(seed: s.seed)
        let x = (0..<s.toyCount).map { _ in rng.uniform(0, 0.5) }
        let y = x.map { blundellCurve($0, s.toyNoise * rng.normal()) }
        return RegressionData(inputs: x, targets: y)
    }

    /// The toy's prediction grid on [−0.2, 1.2].
    public static func toyGrid(_ s: Settings) -> [Double] {
        linspace(-0.2, 1.2, count: s.toyGridCount)
    }

    /// Bayes-by-Backprop on the toy with both KL weightings, and the plain network beside it.
    public struct ToyFit: Sendable {
        /// The model: the toy's network, the scale-mixture prior, the toy's noise variance.
        public let model: BayesByBackprop
        /// The fitted (μ, ρ) for each KL weighting.
        public let posteriors: [KLWeighting: [Double]]
        /// For each weighting, the data term −(N/B) Σ_batch ln p and the one-draw KL estimate after every step.
        public let traces: [KLWeighting: (data: [Double], kl: [Double])]
        /// The plain network's weights, trained on the squared error.
        public let plainWeights: [Double]
    }

    /// The toy's fits: the initial (μ, ρ) from stream 70 (σ = 10⁻³), then for each weighting
    /// ``Settings/epochs`` epochs of Adam on πᵢ KL − (N/B) Σ_batch ln p(y | x, ω) from stream 71; the plain
    /// network from the same initial means, `epochs × plainStepsPerEpoch` Adam steps on the squared
    /// error from stream 72.
    public static func toyFit(_ s: Settings, toy: RegressionData) throws -> ToyFit {
        let toyNet = MLP(sizes: [1] + s.toyHiddenWidths + [1], activation: .relu)
        let prior = WeightPrior.scaleMixture(pi: s.mixtureWeight, sigma1: s.sigma1, sigma2: s.sigma2)
        let model = try BayesByBackprop(network: toyNet, prior: prior, noiseVariance: s.toyNoise * s.toyNoise)
        var traces = [KLWeighting: (data: [Double], kl: [Double])]()
        var posteriors = [KLWeighting: [Double]]()
        var initRNG = Xoshiro256(seed: s.seed, stream: 70)
        let theta0 = model.initialParameters(using: &initRNG)
        for weighting in KLWeighting.allCases {
            var r = Xoshiro256(seed: s.seed, stream: 71)
            var (dataTerms, klTerms) = ([Double](), [Double]())
            posteriors[weighting] = try model.train(from: theta0, inputs: toy.x, targets: toy.y, epochs: s.epochs, batchSize: s.batchSize,
                                                    weighting: weighting, learningRate: s.toyLearningRate, using: &r) { _, data, kl in
                dataTerms.append(data); klTerms.append(kl)
            }
            traces[weighting] = (dataTerms, klTerms)
        }
        var r = Xoshiro256(seed: s.seed, stream: 72)
        let plain = MemberTraining(output: .mean, steps: s.epochs * s.plainStepsPerEpoch, schedule: .constant(s.toyLearningRate), batchSize: s.batchSize)
        let plainWeights = try plain.train(toyNet, from: Array(theta0[0..<toyNet.parameterCount]), inputs: toy.x, targets: toy.y,
                                           using: &r).parameters
        return ToyFit(model: model, posteriors: posteriors, traces: traces, plainWeights: plainWeights)
    }

    /// The toy's band under Blundell's weighting: quartiles of f(x) over weight draws from q.
    public struct ToyBand: Sendable {
        /// The 25% quantile of f(x) at every grid point.
        public let lower: [Double]
        /// The median.
        public let median: [Double]
        /// The 75% quantile.
        public let upper: [Double]
        /// The mean interquartile range on the data, x ∈ [0, 0.5].
        public let insideIQR: Double
        /// The mean interquartile range beyond x = 0.8.
        public let outsideIQR: Double
    }

    /// The quartiles on the toy grid of f(x) over ``Settings/samples`` draws ω ~ q (stream 73); the
    /// q-quantile is the sorted value at index ⌊q S⌋.
    public static func toyBand(_ s: Settings, fit: ToyFit) -> ToyBand {
        let grid = toyGrid(s)
        let theta = fit.posteriors[.blundell]!
        var rng = Xoshiro256(seed: s.seed, stream: 73)
        let f = (0..<s.samples).map { _ in fit.model.network.forward(grid, count: grid.count, parameters: fit.model.sample(theta, using: &rng)) }
        let q = [0.25, 0.5, 0.75].map { q in grid.indices.map { i in
            let sorted = f.map { $0[i] }.sorted()
            return sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
        } }
        let iqr = zip(q[0], q[2]).map { $1 - $0 }
        let inside = mean(grid.indices.filter { (0...0.5).contains(grid[$0]) }.map { iqr[$0] })
        let outside = mean(grid.indices.filter { grid[$0] > 0.8 }.map { iqr[$0] })
        return ToyBand(lower: q[0], median: q[1], upper: q[2], insideIQR: inside, outsideIQR: outside)
    }

    /// The two terms of the negative ELBO for one KL weighting, each averaged over every epoch.
    public struct EpochTerms: Sendable {
        public let weighting: KLWeighting
        /// The data term −(N/B) Σ_batch ln p(y | x, ω), per epoch.
        public let data: [Double]
        /// The one-draw KL estimate, per epoch.
        public let kl: [Double]
    }

    /// The per-step traces of `fit` averaged over each epoch (⌈N/B⌉ steps), for every weighting.
    public static func epochTerms(_ s: Settings, fit: ToyFit) -> [EpochTerms] {
        let m = (s.toyCount + s.batchSize - 1) / s.batchSize
        let perEpoch = { (x: [Double]) in stride(from: 0, to: x.count, by: m).map { mean(Array(x[$0..<min(x.count, $0 + m)])) } }
        return KLWeighting.allCases.map { w in EpochTerms(weighting: w, data: perEpoch(fit.traces[w]!.data), kl: perEpoch(fit.traces[w]!.kl)) }
    }
}
