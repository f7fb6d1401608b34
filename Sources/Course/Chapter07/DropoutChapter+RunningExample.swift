import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

extension DropoutChapter {
    /// One method's predictive on the running example's grid (``RunningExampleComparison/grid``).
    public struct NamedPredictive: Sendable {
        public let name: String
        public let predictive: MixturePredictive
    }

    /// MC dropout on the running example, on the reference's model: the network 1→10→1 (tanh) of
    /// ``ReferencePosterior``, one network per rate p of ``Settings/runningRates`` (hidden units
    /// dropped), then one at ``Settings/inputDropoutRate`` that drops its input too. Each is trained
    /// by Adam on ½·MSE + λ‖θ‖², λ = l²(1 − p)/(2Nτ) with l = 1 (the prior N(0, I)) and τ = 1/σ²
    /// (the true noise), on mini-batches, for ``Settings/runningSteps`` steps, then evaluated by
    /// T passes with dropout on; predictive (1/T) Σ_t N(f_t(x), τ⁻¹). Every network from stream 85
    /// (the same initial weights and batches: only the rate differs).
    public static func monteCarloDropout(_ s: Settings, data running: RegressionData) async throws -> [NamedPredictive] {
        let variants = s.runningRates.map { ($0, false) } + [(s.inputDropoutRate, true)]
        return try await runInParallel(count: variants.count, seed: s.seed) { k, _ in
            try monteCarloDropout(s, data: running, rate: variants[k].0, dropsInputs: variants[k].1)
        }
    }

    /// One network of ``monteCarloDropout(_:data:)``: rate p, the input dropped too or not.
    public static func monteCarloDropout(_ s: Settings, data running: RegressionData, rate p: Double, dropsInputs: Bool) throws -> NamedPredictive {
        let network = ReferencePosterior.network, σ2 = ReferencePosterior.noiseVariance
        let model = try DropoutNetwork(network: network, rate: p, dropsInputs: dropsInputs)
        let lambda = try DropoutNetwork.weightDecay(lengthScale: 1, rate: p, dataCount: running.count, noisePrecision: 1 / σ2)
        var r = Xoshiro256(seed: s.seed, stream: 85)
        let θ = try model.train(from: network.initialParameters(using: &r).scalars, inputs: running.x, targets: running.y, steps: s.runningSteps,
                                learningRate: s.runningLearningRate, weightDecay: lambda, batchSize: s.runningBatchSize, using: &r)
        let name = dropsInputs ? "MC dropout, p = \(p), input dropped too" : "MC dropout, p = \(p)"
        return NamedPredictive(name: name, predictive: MixturePredictive(functions: model.passes(θ, at: Tensor.column(RunningExampleComparison.grid), count: s.passes, using: &r),
                                                                         noiseVariance: σ2))
    }

    /// Variational dropout on the running example: its predictive and how its ln α moved.
    public struct VariationalDropoutFit: Sendable {
        /// The predictive on ``RunningExampleComparison/grid`` (T noisy passes, noise σ² added).
        public let predictive: MixturePredictive
        /// ln α of every weight after training, as the network uses it (clipped to [−8, 8]).
        public let logAlphas: [Double]
        /// The fraction of weights with ln α > 3 after every epoch.
        public let sparsity: [Double]
        /// The median ln α after every epoch.
        public let medianLogAlpha: [Double]

        /// How far the median ln α moved from one tenth of the epochs to the next: the mean of the
        /// median over tenth k + 1 minus its mean over tenth k, for k = 1…9 (the last entry is the
        /// move over the last tenth, which is ~0 once ln α has stopped moving).
        public var driftPerTenth: [Double] {
            let tenth = medianLogAlpha.count / 10
            let means = (0..<10).map { k in mean(Array(medianLogAlpha[(k * tenth)..<((k + 1) * tenth)])) }
            return (1..<10).map { means[$0] - means[$0 - 1] }
        }
    }

    /// Variational dropout (Kingma et al. 2015; Molchanov et al. 2017) on the reference's network
    /// 1→10→1 (tanh) and noise σ² (its log-uniform prior is the method's own): a learned ln α per
    /// weight (from −6, clipped to [−8, 8] as in Molchanov et al.'s code), the local
    /// reparameterisation in every layer, Molchanov's KL, Adam for ``Settings/variationalEpochs``
    /// epochs of mini-batches; everything from stream 88.
    public static func variationalDropout(_ s: Settings, data running: RegressionData) throws -> VariationalDropoutFit {
        let model = try VariationalDropoutNetwork(network: ReferencePosterior.network, noiseVariance: ReferencePosterior.noiseVariance)
        var r = Xoshiro256(seed: s.seed, stream: 88)
        let θ0 = model.initialParameters(using: &r)
        var sparsity = [Double](), medianLogAlpha = [Double]()
        let θ = try model.train(from: θ0, inputs: running.x, targets: running.y, epochs: s.variationalEpochs, batchSize: s.runningBatchSize,
                                learningRate: s.runningLearningRate, using: &r) { _, θ in
            sparsity.append(model.sparsity(θ))
            medianLogAlpha.append(median(model.logAlphaValues(θ)))
        }
        let predictive = MixturePredictive(functions: model.passes(θ, at: Tensor.column(RunningExampleComparison.grid), count: s.passes, using: &r),
                                           noiseVariance: ReferencePosterior.noiseVariance)
        return VariationalDropoutFit(predictive: predictive, logAlphas: model.logAlphaValues(θ).map { min(max($0, -8), 8) }, sparsity: sparsity,
                                     medianLogAlpha: medianLogAlpha)
    }

    /// The median of `values` (the upper one of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// One seed's running example: the NUTS reference, every dropout method beside it, and each
    /// method's scores.
    public struct RunningExampleRun: Sendable {
        public let seed: UInt64
        public let data: RegressionData
        /// The reference's predictive: every NUTS draw's f_w(x) with noise σ².
        public let reference: MixturePredictive
        /// The MC-dropout networks of ``monteCarloDropout(_:data:)``, then variational dropout.
        public let methods: [NamedPredictive]
        public let variational: VariationalDropoutFit
        /// Each method's 1-Wasserstein distance to the reference, per region and over the grid.
        public let scores: [RunningExampleComparison.Score]
    }

    /// The running example for `s.seed`: the data and NUTS reference of ``ReferencePosterior``, the
    /// methods, and their distances to the reference as chapter 9 scores them
    /// (``ComparisonChapter/scores(_:_:reference:)``: W₁ from ``Settings/wassersteinDraws`` draws of
    /// each marginal, stream 300 of the seed).
    public static func runningExample(_ s: Settings) async throws -> RunningExampleRun {
        let data = ReferencePosterior.data(seed: s.seed)
        let chains = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data)
        let reference = RunningExampleComparison.predictive(chains.flatMap { c in (0..<c.count).map(c.draw) })
        // Variational dropout beside the MC-dropout networks: one job each, every one on its own stream.
        async let variationalJob = runInParallel(count: 1, seed: s.seed) { _, _ in try variationalDropout(s, data: data) }
        let dropout = try await monteCarloDropout(s, data: data)
        let variational = try await variationalJob[0]
        let methods = dropout + [NamedPredictive(name: "variational dropout", predictive: variational.predictive)]
        let scoring = ComparisonChapter.Settings.standard(seed: s.seed).with(\.wassersteinDraws, s.wassersteinDraws)
        let scores = ComparisonChapter.scores(scoring, methods.map { RunningExampleComparison.Method(name: $0.name, predictive: $0.predictive, gradients: 0, seconds: 0) },
                                              reference: reference)
        return RunningExampleRun(seed: s.seed, data: data, reference: reference, methods: methods, variational: variational, scores: scores)
    }

    /// The running example at every seed of the sweep (``SeedSweeping/sweptSeeds``), each with these
    /// settings and its own seed; `finished` hears how many seeds are done.
    public static func sweep(_ s: Settings, finished: ((Int) -> Void)? = nil) async throws -> [RunningExampleRun] {
        try await s.sweep(finished: finished) { try await runningExample($0) }
    }

    /// One method's numbers over the sweep's seeds, each as mean ± standard error: its total predictive
    /// sd on the data, at the centre of the gap and at the right end (``ReferencePosterior/standardDeviations(_:on:)``),
    /// and its W₁ to the reference on the data, in the gap, outside and over the grid.
    public struct SweepSummary: Sendable {
        public let name: String
        public let sdOnData, sdGap, sdRightEnd: (mean: Double, standardError: Double)
        public let distances: [(mean: Double, standardError: Double)]
        public let overall: (mean: Double, standardError: Double)
    }

    /// ``SweepSummary`` of every method, then of the reference's own sd (its distances are 0).
    public static func summary(_ runs: [RunningExampleRun]) -> [SweepSummary] {
        let grid = RunningExampleComparison.grid
        func sds(_ p: MixturePredictive) -> (onData: Double, gap: Double, rightEnd: Double) { ReferencePosterior.standardDeviations(p.moments, on: grid) }
        let names = runs[0].methods.map(\.name)
        var out = names.indices.map { i in
            let s = runs.map { sds($0.methods[i].predictive) }
            return SweepSummary(name: names[i], sdOnData: meanAndStandardError(s.map(\.onData)), sdGap: meanAndStandardError(s.map(\.gap)),
                                sdRightEnd: meanAndStandardError(s.map(\.rightEnd)),
                                distances: RunningExampleComparison.Region.allCases.indices.map { r in meanAndStandardError(runs.map { $0.scores[i].regions[r] }) },
                                overall: meanAndStandardError(runs.map { $0.scores[i].overall }))
        }
        let r = runs.map { sds($0.reference) }
        let zero = (0.0, 0.0)
        out.append(SweepSummary(name: "NUTS reference", sdOnData: meanAndStandardError(r.map(\.onData)), sdGap: meanAndStandardError(r.map(\.gap)),
                                sdRightEnd: meanAndStandardError(r.map(\.rightEnd)), distances: [zero, zero, zero], overall: zero))
        return out
    }
}
