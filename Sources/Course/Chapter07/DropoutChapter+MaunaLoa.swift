import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

extension DropoutChapter {
    /// One Mauna Loa network's predictions on the year grid, in ppm, and the table's averages.
    public struct MaunaLoaFit: Sendable {
        public let activation: Activation
        /// Standard dropout: one deterministic pass, dropout off.
        public let standard: [Double]
        /// MC dropout's predictive mean.
        public let monteCarloMean: [Double]
        /// MC dropout's predictive sd √(τ⁻¹ + Var_t[f_t(x)]).
        public let monteCarloSD: [Double]
        /// The mean MC sd over the grid before the cutoff.
        public let sdBeforeCutoff: Double
        /// The mean MC sd over the grid after ``Settings/lateYear``.
        public let sdLate: Double
        /// The mean standard-dropout prediction after ``Settings/lateYear``.
        public let standardLate: Double
        /// The mean measurement after ``Settings/lateYear``.
        public let measuredLate: Double
        /// The root-mean-square residual of standard dropout's prediction on the training weeks (ppm).
        public let trainingResidual: Double
        /// τ^{-1/2}, the noise sd that sets τ, in ppm.
        public let noiseSD: Double
    }

    /// The year grid on [1958, 2002].
    public static func yearGrid(_ s: Settings) -> [Double] {
        linspace(1958, 2002, count: s.yearGridCount)
    }

    /// Mauna Loa network `index` (after Gal & Ghahramani 2016, Fig. 2): the MLP 1→…→1 with activation
    /// ``Settings/maunaActivations``[index] and dropout rate p after every hidden layer, trained on the
    /// weeks before the cutoff (time (year − centre)/scale, CO₂ standardised) by Adam on
    /// ½·MSE + λ‖θ‖², λ = l²(1 − p)/(2Nτ), τ = 1/sd²; then standard dropout's pass and MC dropout's
    /// T passes on the year grid. Initial weights, training and passes from stream 80 + index.
    public static func maunaLoaFit(_ s: Settings, series: MaunaLoa.Series, index k: Int) throws -> MaunaLoaFit {
        let (yearMean, yearScale) = (s.yearCentre, s.yearScale)
        let (co2Mean, co2Scale) = (mean(series.co2), variance(series.co2).squareRoot())
        let training = series.years.indices.filter { series.years[$0] < s.cutoff }
        let trainX = Tensor.column(training.map { (series.years[$0] - yearMean) / yearScale })
        let trainY = Tensor.column(training.map { (series.co2[$0] - co2Mean) / co2Scale })
        let maunaTau = 1 / (s.maunaNoise * s.maunaNoise)
        let yearGrid = yearGrid(s)
        let lambda = try DropoutNetwork.weightDecay(lengthScale: s.lengthScale, rate: s.rate, dataCount: training.count, noisePrecision: maunaTau)
        let activation = s.maunaActivations[k]
        let model = try DropoutNetwork(network: MLP(sizes: [1] + s.maunaHiddenWidths + [1], activation: activation), rate: s.rate)
        var r = Xoshiro256(seed: s.seed, stream: 80 + k)
        let θ = try model.train(from: model.network.initialParameters(using: &r).scalars, inputs: trainX, targets: trainY, steps: s.steps,
                                learningRate: s.maunaLearningRate, weightDecay: lambda, batchSize: s.maunaBatchSize, using: &r)
        let scaled = yearGrid.map { ($0 - yearMean) / yearScale }
        let standard = model.network.forward(scaled, count: scaled.count, parameters: θ).map { $0 * co2Scale + co2Mean }
        let fitted = model.network.forward(trainX.scalars, count: training.count, parameters: θ).map { $0 * co2Scale + co2Mean }
        let residual = (zip(fitted, training).map { f, i in (series.co2[i] - f) * (series.co2[i] - f) }.reduce(0, +) / Double(training.count)).squareRoot()
        let mc = try model.monteCarloPredictive(θ, at: scaled, passes: s.passes, noisePrecision: maunaTau, using: &r)
        let mcMean = mc.mean.map { $0 * co2Scale + co2Mean }, mcSD = mc.total.map { $0.squareRoot() * co2Scale }
        let late = yearGrid.indices.filter { yearGrid[$0] > s.lateYear }
        let truthLate = series.years.indices.filter { series.years[$0] > s.lateYear }
        return MaunaLoaFit(activation: activation, standard: standard, monteCarloMean: mcMean, monteCarloSD: mcSD,
                           sdBeforeCutoff: mean(yearGrid.indices.filter { yearGrid[$0] < s.cutoff }.map { mcSD[$0] }),
                           sdLate: mean(late.map { mcSD[$0] }), standardLate: mean(late.map { standard[$0] }),
                           measuredLate: mean(truthLate.map { series.co2[$0] }), trainingResidual: residual, noiseSD: s.maunaNoise * co2Scale)
    }
}
