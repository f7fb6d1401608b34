import Inference
import NumericalMethods

/// S rollouts of the same m initial conditions, one per draw of a method's posterior (ensemble
/// member, dropout masks, SWAG weights): `draws[s][t]` holds the m states at t · Δt, row-major.
/// The spread of the rollouts is the method's predictive.
public struct RolloutEnsemble: Sendable {
    public let draws: [[[Double]]]

    public init(_ draws: [[[Double]]]) {
        precondition(draws.count >= 2 && draws.allSatisfy { $0.count == draws[0].count }, "RolloutEnsemble: at least two rollouts of one length")
        self.draws = draws
    }

    /// Time steps + 1.
    public var times: Int { draws[0].count }

    /// The mean rollout, [t][row · n + i].
    public var mean: [[Double]] {
        (0..<times).map { (t: Int) -> [Double] in
            (0..<draws[0][t].count).map { (k: Int) -> Double in draws.reduce(0.0) { (sum: Double, d: [[Double]]) in sum + d[t][k] } / Double(draws.count) }
        }
    }

    /// The predicted standard deviation (over the S rollouts, divisor S − 1), [t][row · n + i].
    public var standardDeviation: [[Double]] { deviation(from: mean) }

    /// The standard deviation around the mean rollout m.
    func deviation(from m: [[Double]]) -> [[Double]] {
        (0..<times).map { (t: Int) -> [Double] in
            (0..<m[t].count).map { (k: Int) -> Double in
                var sum = 0.0
                for d in draws { sum += (d[t][k] - m[t][k]) * (d[t][k] - m[t][k]) }
                return (sum / Double(draws.count - 1)).squareRoot()
            }
        }
    }

    /// Scores against the solver's states `truth` ([t][row · n + i]) with a tolerance for the trust horizon.
    public func scores(truth: [[Double]], tolerance: Double) -> RolloutScores {
        let m = mean
        return RolloutScores(mean: m, standardDeviation: deviation(from: m), truth: truth, tolerance: tolerance)
    }
}

/// How well a rollout ensemble's spread tracks its error.
public struct RolloutScores: Sendable {
    /// RMS over the grid and the initial conditions of (mean − truth) and of the predicted sd, per time.
    public let error: [Double]
    public let spread: [Double]
    /// Fraction of grid values (over the initial conditions) inside the central 90% Gaussian band
    /// mean ± 1.645 sd, per time.
    public let coverage90: [Double]
    /// Per initial condition and time t ≥ 1: RMS error and RMS sd over the grid.
    public let perRollout: [(error: [Double], spread: [Double])]
    /// Spearman's rank correlation between RMS sd and RMS error over all (initial condition, t ≥ 1).
    public let rankCorrelation: Double

    /// The rank correlation over the (initial condition, t ≥ 1) pairs of several score sets together
    /// (in and out of distribution: does the spread tell the two apart?).
    public static func pooledRankCorrelation(_ scores: [RolloutScores]) -> Double {
        let all = scores.flatMap(\.perRollout)
        return spearmanCorrelation(all.flatMap(\.spread), all.flatMap(\.error))
    }

    /// The RMS error over all grid values, initial conditions and times t ≥ 1.
    public var rolloutError: Double {
        (error.dropFirst().reduce(0.0) { $0 + $1 * $1 } / Double(error.count - 1)).squareRoot()
    }
    /// Mean over the initial conditions of the first time the RMS sd exceeds the tolerance (the
    /// predicted trust horizon), and of the first time the RMS error does (the actual one); a
    /// rollout that never crosses counts its end.
    public let predictedHorizon: Double
    public let actualHorizon: Double

    public init(mean: [[Double]], standardDeviation sd: [[Double]], truth: [[Double]], tolerance: Double) {
        let n = BurgersEmulator.points, times = truth.count
        let m = truth[0].count / n
        let z = standardNormalQuantile(0.95)
        func rms(_ v: ArraySlice<Double>) -> Double {
            var sum = 0.0
            for x in v { sum += x * x }
            return (sum / Double(v.count)).squareRoot()
        }
        let errors: [[Double]] = (0..<times).map { t in zip(mean[t], truth[t]).map { $0 - $1 } }
        error = errors.map { rms($0[...]) }
        spread = sd.map { rms($0[...]) }
        coverage90 = (0..<times).map { (t: Int) -> Double in
            let inside = errors[t].indices.filter { abs(errors[t][$0]) <= z * sd[t][$0] }.count
            return Double(inside) / Double(errors[t].count)
        }
        perRollout = (0..<m).map { (r: Int) -> (error: [Double], spread: [Double]) in
            let rows = (r * n)..<((r + 1) * n)
            return ((1..<times).map { rms(errors[$0][rows]) }, (1..<times).map { rms(sd[$0][rows]) })
        }
        rankCorrelation = spearmanCorrelation(perRollout.flatMap(\.spread), perRollout.flatMap(\.error))
        let dt = BurgersEmulator.timeStep
        let horizon = { (curve: [Double]) in Double((curve.firstIndex { $0 > tolerance } ?? curve.count) + 1) * dt }
        predictedHorizon = perRollout.reduce(0.0) { $0 + horizon($1.spread) } / Double(m)
        actualHorizon = perRollout.reduce(0.0) { $0 + horizon($1.error) } / Double(m)
    }
}
