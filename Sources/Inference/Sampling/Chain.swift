/// The draws of one Markov chain over ℝᵈ, stored flat (draw after draw), with its acceptance rate.
public struct Chain: Sendable {
    public let dimension: Int
    /// Draw t occupies `draws[t*d ..< (t+1)*d]`.
    public let draws: [Double]
    /// Fraction of proposals accepted (after warm-up).
    public let acceptanceRate: Double
    /// Log density evaluations (or gradient evaluations, for gradient-based samplers) spent.
    public let evaluations: Int
    /// The step size in use at the end (after any adaptation): a proposal scale or a leapfrog step.
    public let stepSize: Double
    /// Trajectories whose energy error exceeded the divergence threshold (HMC), after warm-up.
    public let divergences: Int
    /// Leapfrog steps per trajectory at the end (HMC); 0 for other samplers.
    public let leapfrogSteps: Int

    public init(dimension: Int, draws: [Double], acceptanceRate: Double, evaluations: Int, stepSize: Double = .nan,
                divergences: Int = 0, leapfrogSteps: Int = 0) {
        precondition(dimension > 0 && draws.count % dimension == 0, "Chain: \(draws.count) numbers are not draws of dimension \(dimension)")
        self.dimension = dimension
        self.draws = draws
        self.acceptanceRate = acceptanceRate
        self.evaluations = evaluations
        self.stepSize = stepSize
        self.divergences = divergences
        self.leapfrogSteps = leapfrogSteps
    }

    /// Number of draws.
    public var count: Int { draws.count / dimension }

    /// Draw `t` as an array.
    public func draw(_ t: Int) -> [Double] { Array(draws[(t * dimension)..<((t + 1) * dimension)]) }

    /// The trace of coordinate `j`: its value in every draw.
    public func coordinate(_ j: Int) -> [Double] {
        stride(from: j, to: draws.count, by: dimension).map { draws[$0] }
    }

    /// The sample mean of every coordinate.
    public var mean: [Double] {
        var m = [Double](repeating: 0, count: dimension)
        for t in 0..<count { for j in 0..<dimension { m[j] += draws[t * dimension + j] } }
        return m.map { $0 / Double(count) }
    }

    /// The sample covariance (1/(n−1)) Σ (x − x̄)(x − x̄)ᵀ, row-major d×d.
    public var covariance: [Double] {
        let m = mean, d = dimension
        var c = [Double](repeating: 0, count: d * d)
        for t in 0..<count {
            for i in 0..<d {
                let di = draws[t * d + i] - m[i]
                for j in 0..<d { c[i * d + j] += di * (draws[t * d + j] - m[j]) }
            }
        }
        return c.map { $0 / Double(count - 1) }
    }
}

/// Why a sampler would not start or had to stop.
public enum SamplerError: Error, CustomStringConvertible, Equatable {
    case nonFiniteStart(Double)
    case invalidSetting(String)
    case nonFiniteState(step: Int)

    public var description: String {
        switch self {
        case .nonFiniteStart(let v):
            return "the log density at the start point is \(v); start where the target is positive and finite"
        case .invalidSetting(let s):
            return s
        case .nonFiniteState(let step):
            return "the chain produced a non-finite value at step \(step); try a smaller step size"
        }
    }
}

extension SamplerError {
    /// Checks the settings every sampler shares: a positive, finite step size (when it has one),
    /// positive steps and thinning, a non-negative warm-up.
    static func validate(stepSize: Double? = nil, steps: Int, thin: Int, warmup: Int) throws {
        if let eps = stepSize, !(eps > 0 && eps.isFinite) {
            throw SamplerError.invalidSetting("the step size must be positive and finite, got \(eps)")
        }
        guard steps > 0, thin > 0, warmup >= 0 else {
            throw SamplerError.invalidSetting("steps and thinning must be positive and the warm-up non-negative, got \(steps), \(thin), \(warmup)")
        }
    }
}
