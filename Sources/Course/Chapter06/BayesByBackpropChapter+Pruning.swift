import Datasets
import Inference
import Probability

extension BayesByBackpropChapter {
    /// Pruning by signal-to-noise ratio on the toy.
    public struct Pruning: Sendable {
        /// |μⱼ|/σⱼ of every weight under Blundell's weighting.
        public let signalToNoise: [Double]
        /// One row per fraction pruned.
        public let rows: [PruneRow]
        /// The plain network's (squared-error fit) mean squared error on the same fresh points.
        public let plainSquaredError: Double
    }

    /// The toy network with a fraction of its weights set to 0.
    public struct PruneRow: Sendable {
        /// The fraction of the weights pruned, lowest |μ|/σ first.
        public let fraction: Double
        /// Weights kept.
        public let kept: Int
        /// The mean squared error on the fresh points, predicting with the kept means μ.
        public let squaredError: Double
    }

    /// Blundell et al.'s pruning: rank the weights by |μⱼ|/σⱼ, set the lowest fraction to 0, predict
    /// with the means of the rest; scored on ``Settings/freshCount`` fresh toy points (stream 75).
    public static func pruning(_ s: Settings, fit: ToyFit) -> Pruning {
        let toyNet = fit.model.network
        let (mu, sigma) = fit.model.meanAndDeviation(fit.posteriors[.blundell]!)
        let snr = zip(mu, sigma).map { abs($0) / $1 }
        var freshRNG = Xoshiro256(seed: s.seed, stream: 75)
        let freshX = (0..<s.freshCount).map { _ in freshRNG.uniform(0, 0.5) }
        let freshY = freshX.map { blundellCurve($0, s.toyNoise * freshRNG.normal()) }
        let order = snr.indices.sorted { snr[$0] < snr[$1] }
        let rows = s.pruneFractions.map { fraction in
            var w = mu
            for j in order.prefix(Int(fraction * Double(w.count))) { w[j] = 0 }
            let f = toyNet.forward(freshX, count: freshX.count, parameters: w)
            let mse = mean(zip(f, freshY).map { ($0 - $1) * ($0 - $1) })
            return PruneRow(fraction: fraction, kept: w.count - Int(fraction * Double(w.count)), squaredError: mse)
        }
        let plain = toyNet.forward(freshX, count: freshX.count, parameters: fit.plainWeights)
        return Pruning(signalToNoise: snr, rows: rows, plainSquaredError: mean(zip(plain, freshY).map { ($0 - $1) * ($0 - $1) }))
    }
}

extension BayesByBackpropChapter {
    /// The best mean squared error any predictor can reach on fresh toy points: E_x Var_ε[y | x], with
    /// x ~ U(0, 0.5) and ε ~ N(0, sd²) entering ``blundellCurve(_:_:)`` inside the sines as well, so
    /// that Var[y | x] ≈ (1 + 0.6π cos 2πx + 1.2π cos 4πx)² sd², not sd². Monte Carlo: 200 inputs,
    /// 2,000 noise draws each, from stream 77.
    public static func toyNoiseFloor(_ s: Settings) -> Double {
        var rng = Xoshiro256(seed: s.seed, stream: 77)
        let variances = (0..<200).map { _ -> Double in
            let x = rng.uniform(0, 0.5)
            return variance((0..<2000).map { _ in blundellCurve(x, s.toyNoise * rng.normal()) })
        }
        return mean(variances)
    }
}
