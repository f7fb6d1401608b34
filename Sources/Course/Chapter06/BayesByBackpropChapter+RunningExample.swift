import Autodiff
import Datasets
import Inference
import Probability

extension BayesByBackpropChapter {
    /// Bayes-by-Backprop on the posterior of Lecture 3: the reference's network 1→10→1 (tanh) and
    /// noise sd 0.05, a Gaussian prior (closed-form KL), uniform KL weighting (times the setting's
    /// ``RunningSetting/klScale``), one run per
    /// ``Settings/runningSettings``, each from stream 74 (initial (μ, ρ), training, then
    /// ``Settings/samples`` weight draws); returns each run's predictive on the grid, noise included.
    public static func runningExample(_ s: Settings, data running: RegressionData) throws -> [PredictiveMoments] {
        let bnn = ReferencePosterior.network
        let grid = ReferencePosterior.grid(s.reference)
        return try s.runningSettings.map { setting in
            let model = try BayesByBackprop(network: bnn, prior: .gaussian(sigma: setting.priorStandardDeviation), noiseVariance: ReferencePosterior.noiseVariance)
            var r = Xoshiro256(seed: s.seed, stream: 74)
            let theta0 = model.initialParameters(using: &r)
            let x = Tensor.column(setting.rows.map { running.inputs[$0] }), y = Tensor.column(setting.rows.map { running.targets[$0] })
            let theta = try model.train(from: theta0, inputs: x, targets: y, epochs: s.epochs * s.runningEpochMultiple, batchSize: s.batchSize,
                                        weighting: .uniform, learningRate: s.runningLearningRate, closedFormKL: true,
                                        klScale: setting.klScale, using: &r)
            let f = (0..<s.samples).map { _ in bnn.forward(grid, count: grid.count, parameters: model.sample(theta, using: &r)) }
            return PredictiveMoments(functions: f, noiseVariance: ReferencePosterior.noiseVariance)
        }
    }
}
