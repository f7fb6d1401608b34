import Autodiff
import Datasets
import Inference
import NeuralNetworks
import NumericalMethods
import Probability

extension LaplaceChapter {
    /// Laplace set beside an exact Bayesian linear regression: the largest relative differences
    /// of the precision's entries, the marginal variances and the predictive variances on the
    /// grid, the largest absolute difference of the predictive means, and both log evidences.
    public struct ExactnessCheck: Sendable {
        public let name: String
        public let precisionError: Double
        public let varianceError: Double
        public let predictiveVarianceError: Double
        public let predictiveMeanError: Double
        public let laplaceEvidence: Double
        public let exactEvidence: Double
        /// |ln p_Laplace / ln p_exact − 1|.
        public var evidenceError: Double { abs(laplaceEvidence / exactEvidence - 1) }
    }

    /// The largest |a/b − 1| over pairs, where |b| is above 10⁻¹² of the largest |b|; 0 for empty input.
    static func largestRelativeError(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 0
        return zip(a, b).filter { abs($0.1) > 1e-12 * scale }.map { abs($0.0 / $0.1 - 1) }.max() ?? 0
    }

    /// The check for Laplace (`curvature`) and for `blr`, both on the design Φ (n × m, rows φ(xᵢ)
    /// with the constant 1 last) of the weights of `posterior` (whose Gaussian weights are its
    /// last layer when `subset` is `.lastLayer`), at w* with the last layer at the exact posterior
    /// mean; the predictive on the rows `gridDesign` of `gridInputs`.
    static func check(_ name: String, posterior: BayesianMLP, mean: [Double], curvature: LaplaceApproximation.Curvature, subset: LaplaceApproximation.Subset,
                      blr: BayesianLinearRegression, gridInputs: [Double], gridDesign: Tensor) throws -> ExactnessCheck {
        let laplace = try LaplaceApproximation(posterior, mean: mean, curvature: curvature, subset: subset)
        let m = blr.posteriorMean.count
        let exactPrecision = try blr.posteriorCovariance.cholesky().choleskySolve(.identity(m)).scalars
        let exact = blr.predict(design: gridDesign)
        let approximate = laplace.linearisedPredictive(gridInputs, count: gridDesign.shape[0])
        return ExactnessCheck(name: name, precisionError: largestRelativeError(laplace.precision, exactPrecision),
                              varianceError: largestRelativeError(laplace.marginalVariances, (0..<m).map { blr.posteriorCovariance[$0, $0] }),
                              predictiveVarianceError: largestRelativeError(approximate.epistemic, exact.epistemic),
                              predictiveMeanError: zip(approximate.mean, exact.mean).map { abs($0 - $1) }.max()!,
                              laplaceEvidence: laplace.logEvidence, exactEvidence: blr.logEvidence)
    }

    /// Laplace on a model it solves exactly: the network without a hidden layer on the features
    /// (x, x², x³) of the running example's 40 points (prior N(0, I), noise sd 0.05), so f is
    /// linear in w = (W, b); at the exact posterior mean, with the GGN and with the Hessian,
    /// beside Bayesian linear regression on (x, x², x³, 1) (chapter 1's posterior and evidence).
    public static func linearModelChecks(_ s: Settings) throws -> [ExactnessCheck] {
        let data = ReferencePosterior.data(seed: s.seed)
        let features: (Double) -> [Double] = { [$0, $0 * $0, $0 * $0 * $0] }
        let design = { (x: [Double]) in Tensor(shape: [x.count, 4], scalars: x.flatMap { features($0) + [1] }) }
        let σ2 = ReferencePosterior.noiseVariance
        let blr = try BayesianLinearRegression(design: design(data.inputs), targets: data.targets, priorPrecision: 1, noisePrecision: 1 / σ2)
        let posterior = BayesianMLP(network: MLP(sizes: [3, 1]), inputs: data.inputs.flatMap(features), targets: data.targets, noiseVariance: σ2)
        let grid = RunningExampleComparison.grid
        return try LaplaceApproximation.Curvature.allCases.map { c in
            try check("linear model, \(c.rawValue)", posterior: posterior, mean: blr.posteriorMean, curvature: c, subset: .all, blr: blr,
                      gridInputs: grid.flatMap(features), gridDesign: design(grid))
        }
    }

    /// Last-layer Laplace is Bayesian linear regression on the network's features: the running
    /// example's MAP (``runningExampleMAP(_:data:)``), its hidden layer's outputs h(x) as fixed
    /// features, the last layer set to the exact posterior mean of the regression on (h(x), 1)
    /// (prior N(0, I), noise sd 0.05); the GGN of the last layer beside it.
    public static func lastLayerCheck(_ s: Settings) throws -> ExactnessCheck {
        let data = ReferencePosterior.data(seed: s.seed)
        let network = ReferencePosterior.network
        var w = try runningExampleMAP(s, data: data)
        let hiddenWidth = network.sizes[1]
        let trained = w
        let design = { (x: [Double]) -> Tensor in
            let hidden: [Double] = network.layerInputs(x, count: x.count, parameters: trained)[1]
            var rows = [Double]()
            for i in 0..<x.count {
                rows += hidden[(i * hiddenWidth)..<((i + 1) * hiddenWidth)]
                rows.append(1)
            }
            return Tensor(shape: [x.count, hiddenWidth + 1], scalars: rows)
        }
        let blr = try BayesianLinearRegression(design: design(data.inputs), targets: data.targets, priorPrecision: 1, noisePrecision: 1 / ReferencePosterior.noiseVariance)
        let layout = network.layout(network.layerCount - 1)
        for (k, i) in (Array(layout.weights) + Array(layout.bias)).enumerated() { w[i] = blr.posteriorMean[k] }
        let grid = RunningExampleComparison.grid
        return try check("last layer of 1→10→1, GGN", posterior: ReferencePosterior.posterior(data), mean: w, curvature: .generalisedGaussNewton,
                         subset: .lastLayer, blr: blr, gridInputs: grid, gridDesign: design(grid))
    }
}
