import Foundation
import NumericalMethods
import Probability

/// A point of phase space for HMC: position q, momentum p, and ln π(q), ∇ln π(q) at q.
public struct PhasePoint: Sendable {
    public var position: [Double]
    public var momentum: [Double]
    public var logDensity: Double
    public var gradient: [Double]

    public init(position: [Double], momentum: [Double], logDensity: Double, gradient: [Double]) {
        self.position = position
        self.momentum = momentum
        self.logDensity = logDensity
        self.gradient = gradient
    }

    /// The start of a trajectory at `position` with `momentum`, evaluating the target there.
    public init(_ target: LogDensityGradient, position: [Double], momentum: [Double]) {
        let (value, gradient) = target(position)
        self.init(position: position, momentum: momentum, logDensity: value, gradient: gradient)
    }

    /// The Hamiltonian H(q, p) = U(q) + K(p) = −ln π(q) + ½‖p‖² (identity mass matrix).
    public var energy: Double { -logDensity + 0.5 * momentum.reduce(0) { $0 + $1 * $1 } }

    /// H(q, p) = −ln π(q) + ½ pᵀ M⁻¹ p for a diagonal M⁻¹ (equal to ``energy`` when M⁻¹ = I).
    public func energy(inverseMass: [Double]) -> Double {
        -logDensity + 0.5 * zip(momentum, inverseMass).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
    }
}

/// `steps` leapfrog steps of size ε for H = −ln π(q) + ½‖p‖²:
/// p ← p + (ε/2)∇ln π(q); q ← q + ε p; p ← p + (ε/2)∇ln π(q).
/// The map is volume-preserving and time-reversible; its energy error is O(ε²) for stable ε.
public func leapfrog(_ target: LogDensityGradient, from start: PhasePoint, stepSize eps: Double, steps: Int) -> PhasePoint {
    var point = start
    leapfrog(target, &point, stepSize: eps, steps: steps, inverseMass: [Double](repeating: 1, count: start.position.count))
    return point
}

/// The positions and energies along a leapfrog trajectory (the start included): for drawing.
public func leapfrogTrajectory(_ target: LogDensityGradient, from start: PhasePoint, stepSize eps: Double, steps: Int) -> [PhasePoint] {
    var point = start
    var path = [point]
    let unit = [Double](repeating: 1, count: start.position.count)
    for _ in 0..<steps {
        leapfrog(target, &point, stepSize: eps, steps: 1, inverseMass: unit)
        path.append(point)
    }
    return path
}

/// `steps` leapfrog steps in place, for H = −ln π(q) + ½ pᵀ M⁻¹ p with a diagonal mass matrix M
/// (the chapter's HMC uses M = I, NUTS adapts it): the position moves along the velocity M⁻¹p,
/// p ← p + (ε/2)∇ln π(q); q ← q + ε M⁻¹ p; p ← p + (ε/2)∇ln π(q).
/// With M⁻¹ = 1 the bits are those of q + εp.
@inline(__always)
func leapfrog(_ target: LogDensityGradient, _ point: inout PhasePoint, stepSize eps: Double, steps: Int, inverseMass: [Double]) {
    let d = point.position.count
    for _ in 0..<steps {
        for i in 0..<d {
            point.momentum[i] += 0.5 * eps * point.gradient[i]
            point.position[i] += eps * inverseMass[i] * point.momentum[i]
        }
        (point.logDensity, point.gradient) = target(point.position)
        for i in 0..<d { point.momentum[i] += 0.5 * eps * point.gradient[i] }
    }
}

/// Hamiltonian Monte Carlo (Duane et al. 1987; Neal 2011): draw a momentum p ~ N(0, I), follow
/// the Hamiltonian dynamics of H(q, p) = −ln π(q) + ½‖p‖² with L leapfrog steps of size ε, and
/// accept the end point with probability min(1, exp(H_start − H_end)).
///
/// During warm-up the step size adapts by dual averaging toward `targetAcceptance` (Hoffman &
/// Gelman 2014, §3.2: μ = ln 10ε₀, γ = 0.05, t₀ = 10, κ = 0.75). After it, ε is fixed, and to avoid
/// trajectories that return to where they started (a trajectory near a full period of some
/// direction of a Gaussian barely moves), each one uses ε jittered uniformly by ±10% and a number
/// of steps drawn uniformly from ⌈L/2⌉ … ⌊3L/2⌋ (Neal 2011, §5.4.2.2).
/// With `adaptTrajectoryLength`, the second half of the warm-up also sets the number of leapfrog
/// steps: from the draws of the warm-up's second quarter it estimates the largest marginal
/// standard deviation σ_max and takes L = ⌈(π/2) σ_max / ε⌉ (at most `maximumLeapfrogSteps`) —
/// a quarter period of the slowest direction of a Gaussian, where the new position is independent
/// of the old — then restarts the step-size adaptation with that L.
/// A trajectory whose energy error exceeds `divergenceThreshold` is a divergence: rejected and
/// counted. A position, density or gradient that becomes NaN after warm-up stops the chain.
public struct HamiltonianMonteCarlo: Sendable {
    public var stepSize: Double
    public var leapfrogSteps: Int
    public var warmup = 0
    public var adaptStepSize = true
    public var targetAcceptance = 0.8
    public var divergenceThreshold = 1000.0
    public var thin = 1
    public var adaptTrajectoryLength = false
    public var maximumLeapfrogSteps = 256

    public init(stepSize: Double, leapfrogSteps: Int, warmup: Int = 0, adaptStepSize: Bool = true, thin: Int = 1) {
        self.stepSize = stepSize
        self.leapfrogSteps = leapfrogSteps
        self.warmup = warmup
        self.adaptStepSize = adaptStepSize
        self.thin = thin
    }

    public func sample(_ target: LogDensityGradient, from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> Chain {
        try SamplerError.validate(stepSize: stepSize, steps: steps, thin: thin, warmup: warmup)
        guard leapfrogSteps > 0 else { throw SamplerError.invalidSetting("the number of leapfrog steps must be positive, got \(leapfrogSteps)") }
        let d = initial.count
        let (logP0, g0) = target(initial)
        guard logP0.isFinite else { throw SamplerError.nonFiniteStart(logP0) }
        var current = PhasePoint(position: initial, momentum: [Double](repeating: 0, count: d), logDensity: logP0, gradient: g0)
        var draws = [Double]()
        draws.reserveCapacity(steps / thin * d + d)
        var accepted = 0, divergences = 0, gradients = 1
        var eps = stepSize
        var averaging = DualAveraging(initialStepSize: stepSize, target: targetAcceptance)
        var leapfrogSteps = self.leapfrogSteps
        let unitMass = [Double](repeating: 1, count: d)
        var warmupDraws = [Double]()
        for t in 0..<(warmup + steps) {
            let sampling = t >= warmup
            if adaptTrajectoryLength && t == warmup / 2 && warmup >= 40 {
                // σ_max from the second quarter of the warm-up; then restart dual averaging.
                let n = warmupDraws.count / d
                let sdMax = (0..<d).map { j -> Double in
                    let xs = (0..<n).map { warmupDraws[$0 * d + j] }
                    let m = xs.reduce(0, +) / Double(n)
                    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
                }.max()!
                leapfrogSteps = max(1, min(maximumLeapfrogSteps, Int((Double.pi / 2 * sdMax / eps).rounded(.up))))
                averaging = DualAveraging(initialStepSize: eps, target: targetAcceptance)
            }
            rng.normals(into: &current.momentum)
            let startEnergy = current.energy
            var proposal = current
            let jittered = sampling ? eps * (0.9 + 0.2 * rng.uniform()) : eps
            let low = (leapfrogSteps + 1) / 2, high = max(low, leapfrogSteps + leapfrogSteps / 2)
            let steps = sampling ? low + Int(rng.next() % UInt64(high - low + 1)) : leapfrogSteps
            leapfrog(target, &proposal, stepSize: jittered, steps: steps, inverseMass: unitMass)
            gradients += steps
            let energyError = proposal.energy - startEnergy
            if sampling && (energyError.isNaN || proposal.position.contains(where: \.isNaN)) {
                throw SamplerError.nonFiniteState(step: t - warmup)
            }
            let divergent = !(energyError < divergenceThreshold)   // also true for NaN
            let alpha = divergent ? 0 : min(1, Elementary.exp(-energyError))
            if sampling && divergent { divergences += 1 }
            if rng.uniform() < alpha {
                current = proposal
                if sampling { accepted += 1 }
            }
            if adaptTrajectoryLength && !sampling && t >= warmup / 4 && t < warmup / 2 {
                warmupDraws.append(contentsOf: current.position)
            }
            if !sampling && adaptStepSize {
                let next = averaging.update(acceptance: alpha)
                eps = t == warmup - 1 ? averaging.finalStepSize : next
            }
            if sampling && (t - warmup) % thin == 0 { draws.append(contentsOf: current.position) }
        }
        return Chain(dimension: d, draws: draws, acceptanceRate: Double(accepted) / Double(steps),
                     evaluations: gradients, stepSize: eps, divergences: divergences, leapfrogSteps: leapfrogSteps)
    }
}
