/// Adaptive conformal inference (Gibbs & Candès 2021) along a sequence whose distribution may
/// drift: the working miscoverage αₜ is updated after each step by
///
///   αₜ₊₁ = αₜ + γ (α − errₜ),  errₜ = 1 if yₜ fell outside Cₜ(αₜ), else 0,
///
/// where Cₜ(a) is the conformal interval at miscoverage a from fixed calibration scores (a ≤ 0:
/// the whole line; a ≥ 1: empty). Whatever the sequence, the long-run miscoverage satisfies
/// (Gibbs & Candès, Proposition 4.1)
///
///   |(1/T) Σₜ errₜ − α| ≤ (max(α₁, 1 − α₁) + γ) / (γ T).
public struct AdaptiveConformal: Sendable {
    /// The target miscoverage α.
    public let target: Double
    /// The step size γ.
    public let stepSize: Double
    /// The sorted calibration scores.
    public let calibrationScores: [Double]

    public init(target alpha: Double, stepSize gamma: Double, calibrationScores: [Double]) {
        precondition(alpha > 0 && alpha < 1 && gamma > 0, "AdaptiveConformal: α in (0, 1) and γ > 0")
        (target, stepSize, self.calibrationScores) = (alpha, gamma, calibrationScores.sorted())
    }

    /// The score threshold at working miscoverage a: the ⌈(n + 1)(1 − a)⌉-th smallest score,
    /// +∞ for a ≤ 0 or past the largest, −∞ for a ≥ 1.
    public func threshold(_ a: Double) -> Double {
        if a >= 1 { return -.infinity }
        if a <= 0 { return .infinity }
        return conformalQuantile(calibrationScores, miscoverage: a)
    }

    /// The path along a sequence of scores sₜ (e.g. |yₜ − μₜ|/σₜ), starting from α₁ = α: the
    /// thresholds used, the errors errₜ = 1{sₜ > thresholdₜ} and the αₜ. With `adaptive` false, αₜ
    /// stays α (plain split conformal along the sequence).
    public func run(scores: [Double], adaptive: Bool = true) -> (thresholds: [Double], errors: [Int], alphas: [Double]) {
        var a = target
        var thresholds = [Double](), errors = [Int](), alphas = [Double]()
        for s in scores {
            let q = threshold(a)
            let err = s > q ? 1 : 0
            thresholds.append(q); errors.append(err); alphas.append(a)
            if adaptive { a += stepSize * (target - Double(err)) }
        }
        return (thresholds, errors, alphas)
    }

    /// The bound of Proposition 4.1 on |mean error − α| after T steps from α₁ = α.
    public func bound(steps T: Int) -> Double {
        (max(target, 1 - target) + stepSize) / (stepSize * Double(T))
    }
}
