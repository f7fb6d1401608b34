import Autodiff
import Datasets
import Dispatch
import Inference
import NeuralNetworks
import Probability

extension ComparisonChapter {
    /// The NUTS reference and its convergence: the largest split-R̂ of f_w(x) over the grid.
    public typealias Reference = (chains: [Chain], rHat: Double)

    /// NUTS as the reference: ``ReferencePosterior/chains(seed:_:data:)``
    /// with the draws of ``Settings/reference`` per chain, doubled until the predictive's split-R̂
    /// (``RunningExampleComparison/predictiveRHat(_:)``) is below ``Settings/referenceRHat`` or the
    /// draws reach ``Settings/referenceMaximumDraws``. `run` separates independent reference runs
    /// of the same seed (run r uses seed + 1000 r).
    public static func reference(_ s: Settings, data: RegressionData, run: UInt64 = 0) async throws -> Reference {
        var settings = s.reference
        while true {
            let chains = try await ReferencePosterior.chains(seed: s.seed &+ 1000 &* run, settings, data: data)
            let rHat = RunningExampleComparison.predictiveRHat(chains)
            if rHat < s.referenceRHat || settings.draws >= s.referenceMaximumDraws { return (chains, rHat) }
            settings.draws *= 2
        }
    }

    /// Every method but the NUTS reference, on the reference's model. Each method draws from its own
    /// stream of the seed (MAP 200, MH seed + 201, SGLD seed + 202, the second NUTS run its run 1,
    /// deep ensemble seed + 203, snapshot ensemble 204, SWAG 205, Bayes-by-Backprop 206, MC dropout
    /// 207, variational dropout 208, the two Laplace approximations 209, which draw nothing: their
    /// GLM predictive is one Gaussian in closed form); `progress` hears each method's name as it starts. A method's
    /// `gradients` counts full-data gradient evaluations: a mini-batch of B of the N points is B/N,
    /// one density evaluation of MH is one.
    /// The Laplace approximations (``LaplaceChapter/runningExamplePredictive(data:map:structure:subset:kind:draws:using:)``)
    /// sit on the MAP above, not trained again: the full GGN over all 31 weights and the last layer's
    /// 11, on the reference's model (prior N(0, I), noise sd 0.05, not tuned: the model is the
    /// reference's), each with the GLM predictive. Their `gradients` are the MAP's steps plus one:
    /// the per-example Jacobian at the 40 points, one pass over the data.
    /// They come last, so that the W₁ draws of stream 300 (taken in the methods' order) of every
    /// other method are those they were without them.
    /// Methods whose name starts with one of `skipping` are left out (a sweep's cheaper seeds).
    public static func methods(_ s: Settings, data: RegressionData, skipping: [String] = [],
                               progress: (String) -> Void = { _ in }) async throws -> [RunningExampleComparison.Method] {
        let network = ReferencePosterior.network, posterior = ReferencePosterior.posterior(data)
        let (n, σ2, p) = (data.count, ReferencePosterior.noiseVariance, network.parameterCount)
        let (x, y, grid) = (data.x, data.y, RunningExampleComparison.grid)
        let (seed, mapSteps, batch, draws) = (s.seed, s.mapSteps, s.batchSize, s.predictiveDraws)
        let predictive = RunningExampleComparison.predictive
        var results = [RunningExampleComparison.Method]()
        func timed(_ name: String, _ body: () async throws -> (MixturePredictive, Double)) async rethrows {
            if skipping.contains(where: { name.hasPrefix($0) }) { return }
            progress(name)
            let start = DispatchTime.now().uptimeNanoseconds
            let (predictive, gradients) = try await body()
            results.append(RunningExampleComparison.Method(name: name, predictive: predictive, gradients: gradients,
                                                           seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        let scale = s.initialScale
        @Sendable func start(_ rng: inout Xoshiro256) -> [Double] { (0..<p).map { _ in scale * rng.normal() } }

        var mapWeights: [Double]? = nil
        func trainMAP() throws -> [Double] {
            if let w = mapWeights { return w }
            var r = Xoshiro256(seed: seed, stream: 200)
            let w = try maximumAPosteriori(posterior.logDensityGradient, from: start(&r), dataCount: n, steps: mapSteps)
            mapWeights = w
            return w
        }
        try await timed("MAP") { (predictive([try trainMAP()]), Double(mapSteps)) }
        let (mhSteps, mhScale, mhThin) = (s.mhSteps, s.mhScale, s.mhThin)
        try await timed("random-walk MH") {
            let chains = try await runChains(count: s.chains, seed: seed &+ 201) { _, rng in
                try MetropolisHastings(proposal: .randomWalk(scale: mhScale), warmup: mhSteps, adaptScale: true, thin: mhThin)
                    .sample(posterior.logDensity, from: start(&rng), steps: mhSteps, using: &rng)
            }
            return (predictive(RunningExampleComparison.secondHalves(chains)), Double(chains.reduce(0) { $0 + $1.evaluations }))
        }
        let (sgldSteps, sgldThin) = (s.sgldSteps, s.sgldThin)
        try await timed("SGLD") {
            let schedule = SGLDSchedule(from: s.sgldInitialStepSize, to: s.sgldFinalStepSize, over: sgldSteps)
            let chains = try await runChains(count: s.chains, seed: seed &+ 202) { _, rng in
                try SGLD(schedule: schedule, thin: sgldThin).sample(stochasticGradient: { w, _, r in posterior.stochasticGradient(w, batchSize: batch, using: &r) },
                                                                    from: start(&rng), steps: sgldSteps, using: &rng)
            }
            return (predictive(RunningExampleComparison.secondHalves(chains)), Double(s.chains * sgldSteps * batch) / Double(n))
        }
        try await timed("NUTS, a second run") {
            let chains = try await reference(s, data: data, run: 1).chains
            return (predictive(chains.flatMap { c in (0..<c.count).map { c.draw($0) } }), Double(chains.reduce(0) { $0 + $1.evaluations }))
        }
        try await timed("deep ensemble (\(s.ensembleMembers) MAPs)") {
            let members = try await runInParallel(count: s.ensembleMembers, seed: seed &+ 203) { _, rng in
                try maximumAPosteriori(posterior.logDensityGradient, from: start(&rng), dataCount: n, steps: mapSteps)
            }
            return (predictive(members), Double(s.ensembleMembers * mapSteps))
        }
        try await timed("snapshot ensemble (\(s.snapshotCycles) cycles)") {
            var r = Xoshiro256(seed: seed, stream: 204)
            let ensemble = SnapshotEnsemble(cycles: s.snapshotCycles, stepsPerCycle: s.snapshotStepsPerCycle, initialRate: s.snapshotLearningRate)
            let snapshots = try ensemble.run(from: start(&r), dataCount: n,
                                             stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: batch, using: &r) }, using: &r)
            return (predictive(snapshots), Double(s.snapshotCycles * s.snapshotStepsPerCycle * batch) / Double(n))
        }
        try await timed("SWAG") {
            var r = Xoshiro256(seed: seed, stream: 205)
            let (iterates, interval) = (s.swagIterates, s.swagInterval)
            let (swag, _) = try SWAG.run(rank: s.swagRank, iterates: iterates, interval: interval, learningRate: s.swagLearningRate, pretrainSteps: mapSteps,
                                         from: start(&r), dataCount: n, target: posterior.logDensityGradient,
                                         stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: batch, using: &r) }, using: &r)
            return (predictive((0..<draws).map { _ in swag.sample(using: &r) }), Double(mapSteps) + Double(iterates * interval * batch) / Double(n))
        }
        let epochs = s.variationalEpochs
        try await timed("Bayes-by-Backprop") {
            var r = Xoshiro256(seed: seed, stream: 206)
            let model = try BayesByBackprop(network: network, prior: .gaussian(sigma: s.bayesByBackpropPriorSD), noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &r), inputs: x, targets: y, epochs: epochs, batchSize: batch, weighting: .uniform,
                                    learningRate: s.bayesByBackpropLearningRate, closedFormKL: true, using: &r)
            return (predictive((0..<draws).map { _ in model.sample(θ, using: &r) }), Double(epochs))
        }
        let dropoutSteps = s.dropoutSteps
        try await timed("MC dropout (p = \(s.dropoutRate))") {
            var r = Xoshiro256(seed: seed, stream: 207)
            let model = try DropoutNetwork(network: network, rate: s.dropoutRate)
            // Prior N(0, 1) is length-scale l = 1.
            let lambda = try DropoutNetwork.weightDecay(lengthScale: s.dropoutLengthScale, rate: s.dropoutRate, dataCount: n, noisePrecision: 1 / σ2)
            let θ = try model.train(from: network.initialParameters(using: &r).scalars, inputs: x, targets: y, steps: dropoutSteps, learningRate: s.dropoutLearningRate,
                                    weightDecay: lambda, batchSize: batch, using: &r)
            return (MixturePredictive(functions: model.passes(θ, at: Tensor.column(grid), count: draws, using: &r), noiseVariance: σ2),
                    Double(dropoutSteps * batch) / Double(n))
        }
        try await timed("variational dropout") {
            var r = Xoshiro256(seed: seed, stream: 208)
            let model = try VariationalDropoutNetwork(network: network, noiseVariance: σ2)
            let θ = try model.train(from: model.initialParameters(using: &r), inputs: x, targets: y, epochs: s.variationalDropoutEpochs, batchSize: batch,
                                    learningRate: s.variationalDropoutLearningRate, using: &r)
            return (MixturePredictive(functions: model.passes(θ, at: Tensor.column(grid), count: draws, using: &r), noiseVariance: σ2),
                    Double(s.variationalDropoutEpochs))
        }
        for (name, subset) in [("Laplace, full GGN", LaplaceApproximation.Subset.all), ("Laplace, last layer", .lastLayer)] {
            try await timed(name) {
                // The MAP's weights (trained above, or here if the MAP was skipped); nothing random is drawn.
                var r = Xoshiro256(seed: seed, stream: 209)
                return (try LaplaceChapter.runningExamplePredictive(data: data, map: try trainMAP(), structure: .full, subset: subset, kind: .glm, using: &r),
                        Double(mapSteps + 1))
            }
        }
        return results
    }

    /// Each method's 1-Wasserstein distance to `reference` at every grid point
    /// (W₁ = ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du, from ``Settings/wassersteinDraws`` draws of each marginal,
    /// stream 300), averaged per ``RunningExampleComparison/Region`` and over the grid.
    public static func scores(_ s: Settings, _ methods: [RunningExampleComparison.Method], reference: MixturePredictive) -> [RunningExampleComparison.Score] {
        let grid = RunningExampleComparison.grid
        var rng = Xoshiro256(seed: s.seed, stream: 300)
        return methods.map { m in
            let w = wasserstein1(m.predictive, reference, draws: s.wassersteinDraws, using: &rng)
            let regions = RunningExampleComparison.Region.allCases.map { region in mean(grid.indices.filter { region.contains(grid[$0]) }.map { w[$0] }) }
            return RunningExampleComparison.Score(name: m.name, distances: w, regions: regions, overall: mean(w))
        }
    }
}
