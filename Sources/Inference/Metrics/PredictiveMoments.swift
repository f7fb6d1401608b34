/// The predictive mean and the two parts of the predictive variance at a set of inputs.
///
/// For a model averaged over ω (posterior draws, ensemble members, dropout masks), the law of
/// total variance splits Var[y | x] = E_ω[Var[y | x, ω]] + Var_ω[E[y | x, ω]]:
/// the first term is aleatoric (noise the model expects even if ω were known), the second
/// epistemic (disagreement between plausible ω, which data can reduce).
public struct PredictiveMoments: Sendable {
    public let mean: [Double]
    /// E_ω[σ²(x, ω)].
    public let aleatoric: [Double]
    /// Var_ω[μ(x, ω)].
    public let epistemic: [Double]

    public init(mean: [Double], aleatoric: [Double], epistemic: [Double]) {
        self.mean = mean; self.aleatoric = aleatoric; self.epistemic = epistemic
    }

    /// aleatoric + epistemic.
    public var total: [Double] { zip(aleatoric, epistemic).map(+) }

    /// The moments of the uniform mixture of K predictive Gaussians N(μₖ(x), σₖ²(x)):
    /// mean (1/K)Σμₖ, aleatoric (1/K)Σσₖ², epistemic (1/K)Σ(μₖ − μ̄)² (a mixture of K members
    /// is exact with 1/K; K draws from a posterior estimate it with a bias factor (K−1)/K).
    public init(means: [[Double]], variances: [[Double]]) {
        precondition(!means.isEmpty && means.count == variances.count, "PredictiveMoments: need as many variance rows as mean rows")
        let k = Double(means.count)
        let n = means[0].count
        var mu = [Double](repeating: 0, count: n), alea = mu, epi = mu
        for (m, v) in zip(means, variances) {
            for i in 0..<n { mu[i] += m[i] / k; alea[i] += v[i] / k }
        }
        for m in means { for i in 0..<n { epi[i] += (m[i] - mu[i]) * (m[i] - mu[i]) / k } }
        self.init(mean: mu, aleatoric: alea, epistemic: epi)
    }

    /// The moments of (1/K) Σₖ N(fₖ(x), σ²): draws or members fₖ with the same noise variance σ² everywhere.
    public init(functions: [[Double]], noiseVariance: Double) {
        self.init(means: functions, variances: functions.map { $0.map { _ in noiseVariance } })
    }
}
