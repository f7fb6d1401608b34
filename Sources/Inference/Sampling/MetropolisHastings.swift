import Foundation
import NumericalMethods
import Probability

/// A log density over ℝᵈ, up to an additive constant: ln π(x) + c. May return −∞ outside the support.
public typealias LogDensity = @Sendable ([Double]) -> Double

/// How Metropolis–Hastings proposes the next state x′ from the current x.
public enum Proposal: Sendable, Equatable {
    /// x′ = x + s z, z ~ N(0, I): symmetric, q(x′|x) = q(x|x′).
    case randomWalk(scale: Double)
    /// x′ = x + s ⊙ z with a scale per coordinate: symmetric.
    case scaledRandomWalk(scales: [Double])
    /// x′ = x + s L z with L lower triangular (row-major d×d): a Gaussian random walk with
    /// covariance s² L Lᵀ, shaped like the target when L Lᵀ is its covariance. Symmetric.
    case correlatedRandomWalk(scale: Double, cholesky: [Double])
    /// x′ᵢ = xᵢ exp(s zᵢ) for a positive parameter: asymmetric, q(x|x′)/q(x′|x) = Πᵢ x′ᵢ/xᵢ.
    case logNormal(scale: Double)

    /// Checks the scale(s); a non-positive or non-finite scale is an error.
    public func validate() throws {
        let scales: [Double]
        switch self {
        case .randomWalk(let s), .logNormal(let s), .correlatedRandomWalk(let s, _): scales = [s]
        case .scaledRandomWalk(let s): scales = s
        }
        guard !scales.isEmpty, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw SamplerError.invalidSetting("the proposal scale must be positive and finite, got \(scales)")
        }
    }

    /// Writes x′ into `proposal` and returns the log Hastings correction ln q(x|x′) − ln q(x′|x).
    @inline(__always)
    func propose(from x: [Double], into proposal: inout [Double], using rng: inout Xoshiro256) -> Double {
        switch self {
        case .randomWalk(let s):
            rng.normals(into: &proposal)   // z, then the step in place
            for i in 0..<x.count { proposal[i] = x[i] + s * proposal[i] }
            return 0
        case .scaledRandomWalk(let scales):
            rng.normals(into: &proposal)
            for i in 0..<x.count { proposal[i] = x[i] + scales[i] * proposal[i] }
            return 0
        case .correlatedRandomWalk(let s, let l):
            // z goes into `proposal` first; rows are then finished from the last up, so that
            // row i still reads the untouched z₀ … zᵢ (no scratch array on this hot path).
            let d = x.count
            for i in 0..<d { proposal[i] = rng.normal() }
            for i in stride(from: d - 1, through: 0, by: -1) {
                var step = 0.0
                for k in 0...i { step += l[i * d + k] * proposal[k] }
                proposal[i] = x[i] + s * step
            }
            return 0
        case .logNormal(let s):
            var correction = 0.0
            for i in 0..<x.count {
                let step = s * rng.normal()
                proposal[i] = x[i] * Elementary.exp(step)
                correction += step   // ln x′ᵢ − ln xᵢ
            }
            return correction
        }
    }
}

/// The Metropolis–Hastings acceptance probability
/// α = min(1, π(x′) q(x|x′) / (π(x) q(x′|x))), from ln π(x′) − ln π(x) and ln q(x|x′) − ln q(x′|x).
@inlinable
public func metropolisHastingsAcceptance(logTargetRatio: Double, logHastingsCorrection: Double) -> Double {
    let a = logTargetRatio + logHastingsCorrection
    return a >= 0 ? 1 : Elementary.exp(a)   // NaN (−∞ − −∞) compares false: handled by callers' start check
}

/// The Metropolis–Hastings sampler (Metropolis et al. 1953; Hastings 1970): propose x′ ~ q(·|x),
/// accept with probability α = min(1, π(x′)q(x|x′) / (π(x)q(x′|x))), else stay at x.
/// The chain then has π as its stationary distribution (detailed balance).
public struct MetropolisHastings: Sendable {
    public var proposal: Proposal
    /// When `false` the Hastings correction is left out (for demonstrating the bias it causes).
    public var hastingsCorrection = true
    /// Warm-up steps, not recorded; during them a random-walk scale adapts toward
    /// `targetAcceptance` (Robbins–Monro on ln s) when `adaptScale` is set.
    public var warmup = 0
    public var adaptScale = false
    public var targetAcceptance = 0.234
    /// Keep every `thin`-th draw.
    public var thin = 1

    public init(proposal: Proposal, warmup: Int = 0, adaptScale: Bool = false, thin: Int = 1) {
        self.proposal = proposal
        self.warmup = warmup
        self.adaptScale = adaptScale
        self.thin = thin
    }

    /// Runs `steps` recorded steps (after the warm-up) from `initial`.
    public func sample(_ logDensity: LogDensity, from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> Chain {
        try proposal.validate()
        try SamplerError.validate(steps: steps, thin: thin, warmup: warmup)
        var x = initial
        var logP = logDensity(x)
        guard logP.isFinite else { throw SamplerError.nonFiniteStart(logP) }
        var candidate = x
        var current = proposal
        var draws = [Double]()
        draws.reserveCapacity(steps / thin * x.count + x.count)
        var accepted = 0
        var logScaleShift = 0.0
        for t in 0..<(warmup + steps) {
            let correction = current.propose(from: x, into: &candidate, using: &rng)
            let logPCandidate = logDensity(candidate)
            let alpha = logPCandidate.isNaN ? 0
                : metropolisHastingsAcceptance(logTargetRatio: logPCandidate - logP,
                                               logHastingsCorrection: hastingsCorrection ? correction : 0)
            let accept = rng.uniform() < alpha
            if accept {
                swap(&x, &candidate)
                logP = logPCandidate
            }
            if t < warmup {
                if adaptScale {
                    logScaleShift += (alpha - targetAcceptance) / Double(t + 1).squareRoot()
                    current = proposal.rescaled(by: Elementary.exp(logScaleShift))
                }
            } else {
                if accept { accepted += 1 }
                if (t - warmup) % thin == 0 { draws.append(contentsOf: x) }
            }
        }
        return Chain(dimension: x.count, draws: draws, acceptanceRate: Double(accepted) / Double(steps),
                     evaluations: warmup + steps + 1, stepSize: current.scale)
    }
}

extension MetropolisHastings {
    /// One proposal of the chain: where it stood, what was proposed, whether it moved.
    public struct Step: Sendable {
        public let from: [Double]
        public let proposal: [Double]
        public let accepted: Bool
    }

    /// The first `steps` proposals of a chain from `initial`, accepted or not: for drawing the
    /// algorithm at work (no warm-up, no adaptation).
    public func history(_ logDensity: LogDensity, from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> [Step] {
        try proposal.validate()
        var x = initial
        var logP = logDensity(x)
        guard logP.isFinite else { throw SamplerError.nonFiniteStart(logP) }
        var candidate = x
        var out = [Step]()
        for _ in 0..<steps {
            let correction = proposal.propose(from: x, into: &candidate, using: &rng)
            let logPCandidate = logDensity(candidate)
            let alpha = logPCandidate.isNaN ? 0
                : metropolisHastingsAcceptance(logTargetRatio: logPCandidate - logP, logHastingsCorrection: hastingsCorrection ? correction : 0)
            let accept = rng.uniform() < alpha
            out.append(Step(from: x, proposal: candidate, accepted: accept))
            if accept { x = candidate; logP = logPCandidate }
        }
        return out
    }
}

extension Proposal {
    /// The (overall) scale s.
    public var scale: Double {
        switch self {
        case .randomWalk(let s), .logNormal(let s), .correlatedRandomWalk(let s, _): return s
        case .scaledRandomWalk(let s): return s.reduce(0, +) / Double(s.count)
        }
    }

    /// The same proposal with every scale multiplied by `factor`.
    func rescaled(by factor: Double) -> Proposal {
        switch self {
        case .randomWalk(let s): return .randomWalk(scale: s * factor)
        case .scaledRandomWalk(let s): return .scaledRandomWalk(scales: s.map { $0 * factor })
        case .logNormal(let s): return .logNormal(scale: s * factor)
        case .correlatedRandomWalk(let s, let l): return .correlatedRandomWalk(scale: s * factor, cholesky: l)
        }
    }
}

/// The transition matrix of Metropolis–Hastings on a finite state space, for checking detailed
/// balance exactly: P_ij = Q_ij α_ij for i ≠ j with α_ij = min(1, π_j Q_ji / (π_i Q_ij)), and
/// P_ii = 1 − Σ_{j≠i} P_ij. `target` need not be normalised; Q's rows must sum to one.
public func metropolisHastingsTransitionMatrix(target: [Double], proposal q: [[Double]]) -> [[Double]] {
    let n = target.count
    var p = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        var off = 0.0
        for j in 0..<n where j != i && q[i][j] > 0 {
            let a = metropolisHastingsAcceptance(logTargetRatio: Elementary.log(target[j]) - Elementary.log(target[i]),
                                                 logHastingsCorrection: Elementary.log(q[j][i]) - Elementary.log(q[i][j]))
            p[i][j] = q[i][j] * a
            off += p[i][j]
        }
        p[i][i] = 1 - off
    }
    return p
}
