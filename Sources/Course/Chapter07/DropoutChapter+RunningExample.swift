import Datasets
import Inference
import NeuralNetworks
import Probability

extension DropoutChapter {
    /// MC dropout on the running example, one network 1→…→1 (ReLU) per rate of
    /// ``Settings/runningRates``, each from stream 85: Adam on ½·MSE + λ‖θ‖² with λ from l and
    /// τ = 1/σ² (the true noise), then T passes; returns each predictive on the grid.
    public static func monteCarloDropout(_ s: Settings, data running: RegressionData) throws -> [PredictiveMoments] {
        let runGrid = ReferencePosterior.grid(s.reference)
        let runTau = 1 / ReferencePosterior.noiseVariance
        return try s.runningRates.map { p in
            let model = try DropoutNetwork(network: MLP(sizes: [1] + s.runningHiddenWidths + [1], activation: .relu), rate: p)
            let lambda = try DropoutNetwork.weightDecay(lengthScale: s.lengthScale, rate: p, dataCount: running.count, noisePrecision: runTau)
            var r = Xoshiro256(seed: s.seed, stream: 85)
            let θ = try model.train(from: model.network.initialParameters(using: &r).scalars, inputs: running.x, targets: running.y, steps: s.steps,
                                    learningRate: s.runningLearningRate, weightDecay: lambda, batchSize: s.runningBatchSize, using: &r)
            return try model.monteCarloPredictive(θ, at: runGrid, passes: s.passes, noisePrecision: runTau, using: &r)
        }
    }

    /// Variational dropout on the running example: its predictive and its ln α.
    public struct VariationalDropoutFit: Sendable {
        /// The predictive on the grid (T passes, noise included).
        public let predictive: PredictiveMoments
        /// ln α of every weight after training.
        public let logAlphas: [Double]
        /// The fraction of weights with ln α > 3 after every epoch.
        public let sparsity: [Double]
        /// The median ln α after every epoch.
        public let medianLogAlpha: [Double]
    }

    /// Variational dropout (Kingma et al. 2015; Molchanov et al. 2017) on the running example: the
    /// network 1→…→1 (ReLU) with a learned ln α per weight (from −6), the local reparameterisation in
    /// every layer, Molchanov's KL, Adam for steps/4 epochs; everything from stream 88.
    public static func variationalDropout(_ s: Settings, data running: RegressionData) throws -> VariationalDropoutFit {
        let model = try VariationalDropoutNetwork(network: MLP(sizes: [1] + s.runningHiddenWidths + [1], activation: .relu),
                                                  noiseVariance: ReferencePosterior.noiseVariance)
        var r = Xoshiro256(seed: s.seed, stream: 88)
        let θ0 = model.initialParameters(using: &r)
        var sparsity = [Double](), medianLogAlpha = [Double]()
        let θ = try model.train(from: θ0, inputs: running.x, targets: running.y, epochs: s.steps / 4, batchSize: s.runningBatchSize,
                                learningRate: s.runningLearningRate, using: &r) { _, θ in
            sparsity.append(model.sparsity(θ))
            let sorted = model.logAlphaValues(θ).sorted()
            medianLogAlpha.append(sorted[sorted.count / 2])
        }
        let predictive = model.predictive(θ, at: ReferencePosterior.grid(s.reference), passes: s.passes, using: &r)
        return VariationalDropoutFit(predictive: predictive, logAlphas: model.logAlphaValues(θ), sparsity: sparsity, medianLogAlpha: medianLogAlpha)
    }
}
