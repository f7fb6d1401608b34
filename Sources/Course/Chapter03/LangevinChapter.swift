import Datasets
import Inference
import Probability

/// Lecture 3 — Langevin dynamics, SGLD and Hamiltonian Monte Carlo — as functions of one
/// ``Settings`` value.
///
/// Every experiment draws from streams of its own of `Xoshiro256(seed: s.seed, stream: k)` (or from
/// `runChains(seed: s.seed &+ k)`), so they can be called in any order and one at a time; the
/// mixture example's data come from ``Settings/mixtureSeed``.
public enum LangevinChapter {
    /// Neal's (2011, §5.3.3) correlated Gaussian: log N(ω; 0, [[1, ρ], [ρ, 1]]) and its gradient.
    public static func nealTarget(_ s: Settings) -> LogDensityGradient {
        correlatedGaussianLogDensityGradient(correlation: s.correlation)
    }

    /// The states four samplers visit on Neal's Gaussian with the same budget of evaluations, from
    /// ``Settings/start``: random-walk MH (stream 1), ULA (stream 2) and MALA (stream 3) with
    /// `budget` steps, and HMC (stream 4) with budget / L trajectories of L leapfrog steps, its start
    /// included. In that order.
    public static func firstSteps(_ s: Settings) throws -> [[[Double]]] {
        let neal = nealTarget(s)
        var paths = [[[Double]]]()
        var r = Xoshiro256(seed: s.seed, stream: 1)
        let mh = try MetropolisHastings(proposal: .randomWalk(scale: s.randomWalkScale)).sample(valueOnly(neal), from: s.start, steps: s.budget, using: &r)
        paths.append((0..<mh.count).map(mh.draw))
        r = Xoshiro256(seed: s.seed, stream: 2)
        let ula = try Langevin(stepSize: s.langevinStepSize, metropolisAdjusted: false).sample(neal, from: s.start, steps: s.budget, using: &r)
        paths.append((0..<ula.count).map(ula.draw))
        r = Xoshiro256(seed: s.seed, stream: 3)
        let mala = try Langevin(stepSize: s.langevinStepSize, metropolisAdjusted: true).sample(neal, from: s.start, steps: s.budget, using: &r)
        paths.append((0..<mala.count).map(mala.draw))
        r = Xoshiro256(seed: s.seed, stream: 4)
        let hmc = try HamiltonianMonteCarlo(stepSize: s.hmcStepSize, leapfrogSteps: s.hmcLeapfrogSteps, adaptStepSize: false)
            .sample(neal, from: s.start, steps: s.budget / s.hmcLeapfrogSteps, using: &r)
        paths.append([s.start] + (0..<hmc.count).map(hmc.draw))
        return paths
    }

    /// Neal's log density on a square grid, for contour plots: `values[j][i]` at (axis[i], axis[j]).
    public static func nealDensityGrid(_ s: Settings) -> (axis: [Double], values: [[Double]]) {
        let neal = nealTarget(s)
        let axis = linspace(-s.contourGridBound, s.contourGridBound, count: s.contourGridCount)
        return (axis, axis.map { y in axis.map { x in neal([x, y]).value } })
    }

    /// Three leapfrog trajectories on Neal's Gaussian from (``Settings/start``, ``Settings/leapfrogMomentum``).
    public struct LeapfrogTrajectories: Sendable {
        /// The start's energy H₀ = U(ω) + ½‖p‖².
        public let initialEnergy: Double
        /// ε = stable step size, L steps.
        public let stable: [PhasePoint]
        /// ε / 2, 2L steps: the same integration time.
        public let finer: [PhasePoint]
        /// ε past the stability limit 2σ_min = 2√(1 − ρ), L steps.
        public let unstable: [PhasePoint]
        /// The step sizes of ``stable``, ``finer`` and ``unstable``.
        public let stepSizes: (stable: Double, finer: Double, unstable: Double)

        /// max_t |H(t) − H₀| along `path`.
        public func maximumEnergyError(_ path: [PhasePoint]) -> Double { path.map { abs($0.energy - initialEnergy) }.max()! }
    }

    /// The leapfrog integrator (no accept step) at three step sizes; deterministic.
    public static func leapfrogTrajectories(_ s: Settings) -> LeapfrogTrajectories {
        let neal = nealTarget(s)
        let (v0, g0) = neal(s.start)
        let startPoint = PhasePoint(position: s.start, momentum: s.leapfrogMomentum, logDensity: v0, gradient: g0)
        let finerStep = s.leapfrogStableStepSize / 2
        return LeapfrogTrajectories(
            initialEnergy: startPoint.energy,
            stable: leapfrogTrajectory(neal, from: startPoint, stepSize: s.leapfrogStableStepSize, steps: s.leapfrogSteps),
            finer: leapfrogTrajectory(neal, from: startPoint, stepSize: finerStep, steps: 2 * s.leapfrogSteps),
            unstable: leapfrogTrajectory(neal, from: startPoint, stepSize: s.leapfrogUnstableStepSize, steps: s.leapfrogSteps),
            stepSizes: (s.leapfrogStableStepSize, finerStep, s.leapfrogUnstableStepSize))
    }
}
