import Datasets
import Dispatch
import Inference
import NeuralNetworks
import NumericalMethods
import Probability

extension LaplaceChapter {
    /// Which predictive of a Laplace approximation.
    public enum PredictiveKind: String, Sendable, CaseIterable {
        /// The linearised network f(x, w*) + J(x)(w − w*): one Gaussian, in closed form.
        case glm = "GLM"
        /// The network itself at weight draws: a mixture.
        case nn = "NN"
    }

    /// The running example's MAP, as the comparison trains it: Adam (rate 0.01, full batch) for
    /// ``Settings/mapSteps`` steps on −ln p(w | D)/N of the reference's model, from w ~ N(0, 0.5² I)
    /// drawn from stream 200 of the seed.
    public static func runningExampleMAP(_ s: Settings, data: RegressionData, steps: Int? = nil) throws -> [Double] {
        var r = Xoshiro256(seed: s.seed, stream: 200)
        let start = (0..<ReferencePosterior.network.parameterCount).map { _ in s.initialScale * r.normal() }
        return try maximumAPosteriori(ReferencePosterior.posterior(data).logDensityGradient, from: start, dataCount: data.count, steps: steps ?? s.mapSteps)
    }

    /// A Laplace approximation's predictive at the rows of `x` (n × d₀) as a mixture, the form every
    /// method of the course predicts in: the GLM predictive is one Gaussian N(f(x, w*), J P⁻¹ Jᵀ + σ²),
    /// the NN predictive `draws` networks with noise σ² each.
    public static func predictive(_ laplace: LaplaceApproximation, _ kind: PredictiveKind, at x: [Double], count n: Int, draws: Int,
                                  using rng: inout Xoshiro256) -> MixturePredictive {
        switch kind {
        case .glm:
            let m = laplace.linearisedPredictive(x, count: n)
            return MixturePredictive(means: [m.mean], variances: [m.total])
        case .nn:
            return MixturePredictive(functions: laplace.sample(count: draws, using: &rng).map { laplace.posterior.network.forward(x, count: n, parameters: $0) },
                                     noiseVariance: laplace.posterior.noiseVariance)
        }
    }

    /// For the comparison: Laplace (GGN; `structure`, `subset`) at the MAP `map` of the reference's
    /// model on the running example's `data`, and its `kind` predictive on
    /// ``RunningExampleComparison/grid`` (NN: `draws` draws from `rng`).
    public static func runningExamplePredictive(data: RegressionData, map: [Double], structure: LaplaceApproximation.Structure = .full,
                                                subset: LaplaceApproximation.Subset = .all, kind: PredictiveKind = .glm, draws: Int = 400,
                                                using rng: inout Xoshiro256) throws -> MixturePredictive {
        let laplace = try LaplaceApproximation(ReferencePosterior.posterior(data), mean: map, subset: subset, structure: structure)
        let grid = RunningExampleComparison.grid
        return predictive(laplace, kind, at: grid, count: grid.count, draws: draws, using: &rng)
    }

    /// For a trained network anywhere (the Boston protocol): Laplace (GGN; `structure`, `subset`) at
    /// `parameters` of `network` on (x, y) with noise variance σ², its prior variance s² tuned by
    /// the Laplace evidence from `priorVariance` (σ² kept, or tuned too with `tuningNoise`).
    public static func tunedLaplace(network: MLP, parameters: [Double], inputs x: [Double], targets y: [Double], noiseVariance σ2: Double,
                                    priorVariance s2: Double = 1, structure: LaplaceApproximation.Structure = .full,
                                    subset: LaplaceApproximation.Subset = .all, tuningNoise: Bool = false) throws -> LaplaceApproximation {
        let first = try LaplaceApproximation(BayesianMLP(network: network, inputs: x, targets: y, noiseVariance: σ2, priorVariance: s2),
                                             mean: parameters, subset: subset, structure: structure)
        let tuned = try LaplaceEvidence(first).tuned(priorVariance: s2, noiseVariance: σ2, tuningNoise: tuningNoise)
        return try first.refitted(priorVariance: tuned.priorVariance, noiseVariance: tuned.noiseVariance)
    }

    /// The Laplace variants set beside the reference, in the order of the chapter's tables.
    public static let variants: [(name: String, structure: LaplaceApproximation.Structure, subset: LaplaceApproximation.Subset, kind: PredictiveKind)] = [
        ("full GGN, GLM", .full, .all, .glm), ("full GGN, NN", .full, .all, .nn), ("diagonal GGN, GLM", .diagonal, .all, .glm),
        ("KFAC, GLM", .kronecker, .all, .glm), ("last layer, GLM", .full, .lastLayer, .glm),
    ]

    /// One method on the running example: its predictive on the grid, the seconds its fit and
    /// predictive took, and how many numbers its posterior keeps (full: k(k+1)/2 of P; diagonal: k;
    /// KFAC: per layer the two symmetric factors; the mean w* not counted).
    public struct Method: Sendable {
        public let name: String
        public let predictive: MixturePredictive
        public let seconds: Double
        public let storedNumbers: Int
    }

    /// One seed's running example: the NUTS reference, the MAP, every Laplace variant, the scores,
    /// and the curvature's smallest eigenvalues (of P with the GGN and with the Hessian, at the
    /// MAP and after ``Settings/earlySteps`` steps).
    public struct RunningExampleRun: Sendable {
        public let seed: UInt64
        public let data: RegressionData
        public let reference: MixturePredictive
        public let map: [Double]
        /// "MAP" (one Gaussian N(f(x, w*), σ²)), then ``variants``.
        public let methods: [Method]
        public let scores: [RunningExampleComparison.Score]
        public let smallestEigenvalues: (ggnAtMAP: Double, hessianAtMAP: Double, ggnEarly: Double, hessianEarly: Double)
        /// What fitting the Hessian's Laplace after ``Settings/earlySteps`` steps said (nil if it could).
        public let earlyHessianError: String?
    }

    /// The smallest eigenvalue of the precision P = C + (1/s²) I of `posterior` at w (C the GGN or the Hessian).
    public static func smallestPrecisionEigenvalue(_ posterior: BayesianMLP, at w: [Double], curvature: LaplaceApproximation.Curvature) -> Double {
        let network = posterior.network, k = network.parameterCount, all = Array(0..<k)
        var c: [Double]
        switch curvature {
        case .generalisedGaussNewton:
            let j = network.outputJacobian(posterior.inputs, count: posterior.targets.count, parameters: w, columns: all)
            c = [Double](repeating: 0, count: k * k)
            for r in 0..<posterior.targets.count { for a in 0..<k { for b in 0..<k { c[a * k + b] += j[r * k + a] * j[r * k + b] / posterior.noiseVariance } } }
        case .hessian:
            c = posterior.negativeLogLikelihoodHessian(at: w, indices: all)
        }
        return symmetricEigen((0..<k).map { a in (0..<k).map { b in c[a * k + b] + (a == b ? 1 / posterior.priorVariance : 0) } }).values.min()!
    }

    /// The running example for `s.seed`: data and NUTS reference of ``ReferencePosterior``, the MAP
    /// of ``runningExampleMAP(_:data:steps:)``, every Laplace variant's predictive (NN draws from
    /// stream 114), their W₁ to the reference as chapter 9 scores them.
    public static func runningExample(_ s: Settings) async throws -> RunningExampleRun {
        let data = ReferencePosterior.data(seed: s.seed)
        let chains = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data)
        let reference = RunningExampleComparison.predictive(chains.flatMap { c in (0..<c.count).map(c.draw) })
        let posterior = ReferencePosterior.posterior(data), grid = RunningExampleComparison.grid
        let map = try runningExampleMAP(s, data: data)
        var rng = Xoshiro256(seed: s.seed, stream: 114)
        var methods = [Method(name: "MAP", predictive: RunningExampleComparison.predictive([map]), seconds: 0, storedNumbers: 0)]
        for v in variants {
            let start = DispatchTime.now().uptimeNanoseconds
            let laplace = try LaplaceApproximation(posterior, mean: map, subset: v.subset, structure: v.structure)
            let p = predictive(laplace, v.kind, at: grid, count: grid.count, draws: s.predictiveDraws, using: &rng)
            methods.append(Method(name: v.name, predictive: p, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                                  storedNumbers: storedNumbers(laplace)))
        }
        let early = try runningExampleMAP(s, data: data, steps: s.earlySteps)
        var earlyError: String? = nil
        do { _ = try LaplaceApproximation(posterior, mean: early, curvature: .hessian) } catch { earlyError = "\(error)" }
        let eigen = (smallestPrecisionEigenvalue(posterior, at: map, curvature: .generalisedGaussNewton), smallestPrecisionEigenvalue(posterior, at: map, curvature: .hessian),
                     smallestPrecisionEigenvalue(posterior, at: early, curvature: .generalisedGaussNewton), smallestPrecisionEigenvalue(posterior, at: early, curvature: .hessian))
        let scoring = ComparisonChapter.Settings.standard(seed: s.seed).with(\.wassersteinDraws, s.wassersteinDraws)
        let scores = ComparisonChapter.scores(scoring, methods.map { RunningExampleComparison.Method(name: $0.name, predictive: $0.predictive, gradients: 0, seconds: 0) },
                                              reference: reference)
        return RunningExampleRun(seed: s.seed, data: data, reference: reference, map: map, methods: methods, scores: scores,
                                 smallestEigenvalues: eigen, earlyHessianError: earlyError)
    }

    /// How many numbers `laplace` keeps for its covariance (see ``Method/storedNumbers``).
    public static func storedNumbers(_ laplace: LaplaceApproximation) -> Int {
        let k = laplace.indices.count
        switch laplace.structure {
        case .full: return k * (k + 1) / 2
        case .diagonal: return k
        case .kronecker:
            let network = laplace.posterior.network
            let layers = laplace.indices.count == network.parameterCount ? Array(0..<network.layerCount) : [network.layerCount - 1]
            return layers.reduce(0) { t, l in
                let (a, g) = (network.sizes[l] + 1, network.sizes[l + 1])
                return t + a * (a + 1) / 2 + g * (g + 1) / 2
            }
        }
    }

    /// The running example at every seed of the sweep; `finished` hears how many seeds are done.
    public static func sweep(_ s: Settings, first: RunningExampleRun? = nil, finished: ((Int) -> Void)? = nil) async throws -> [RunningExampleRun] {
        try await s.sweep(first: first, finished: finished) { try await runningExample($0) }
    }

    /// One method's numbers over the sweep's seeds, each as mean ± standard error: its total
    /// predictive sd on the data, at the gap's centre and at the right end, its W₁ to the reference
    /// per region and over the grid, and its fitting time.
    public struct SweepSummary: Sendable {
        public let name: String
        public let sdOnData, sdGap, sdRightEnd: (mean: Double, standardError: Double)
        public let distances: [(mean: Double, standardError: Double)]
        public let overall: (mean: Double, standardError: Double)
        public let seconds: (mean: Double, standardError: Double)
        public let storedNumbers: Int
    }

    /// ``SweepSummary`` of every method, then of the reference's own sd (its distances are 0).
    public static func summary(_ runs: [RunningExampleRun]) -> [SweepSummary] {
        let grid = RunningExampleComparison.grid
        func sds(_ p: MixturePredictive) -> (onData: Double, gap: Double, rightEnd: Double) { ReferencePosterior.standardDeviations(p.moments, on: grid) }
        var out = runs[0].methods.indices.map { i in
            let s = runs.map { sds($0.methods[i].predictive) }
            return SweepSummary(name: runs[0].methods[i].name, sdOnData: meanAndStandardError(s.map(\.onData)), sdGap: meanAndStandardError(s.map(\.gap)),
                                sdRightEnd: meanAndStandardError(s.map(\.rightEnd)),
                                distances: RunningExampleComparison.Region.allCases.indices.map { r in meanAndStandardError(runs.map { $0.scores[i].regions[r] }) },
                                overall: meanAndStandardError(runs.map { $0.scores[i].overall }),
                                seconds: meanAndStandardError(runs.map { $0.methods[i].seconds }), storedNumbers: runs[0].methods[i].storedNumbers)
        }
        let r = runs.map { sds($0.reference) }
        let zero = (0.0, 0.0)
        out.append(SweepSummary(name: "NUTS reference", sdOnData: meanAndStandardError(r.map(\.onData)), sdGap: meanAndStandardError(r.map(\.gap)),
                                sdRightEnd: meanAndStandardError(r.map(\.rightEnd)), distances: [zero, zero, zero], overall: zero, seconds: zero, storedNumbers: 0))
        return out
    }
}
