import Autodiff
import NeuralNetworks
import Probability

/// A snapshot ensemble (Huang et al. 2017) on a log posterior: one run of Adam on the loss
/// −ln p(θ | D)/N under the cyclic cosine schedule
///
///     α(t) = α₀/2 · (cos(π · mod(t − 1, L)/L) + 1),  t = 1 … M·L,
///
/// with one snapshot θ at the end of each of the M cycles of L steps. Each restart at α₀ is meant
/// to throw the weights out of the current basin, each anneal to settle them in the next one;
/// whether it does depends on α₀ and on the gradient noise: with full-data gradients and a small
/// α₀ every cycle falls back into the basin it left (the snapshots are one mode, several times).
/// Huang et al. restart at a large rate (0.1–0.2 with SGD) on mini-batches.
///
/// The gradient is whatever `stochasticGradient` returns: an unbiased estimate of ∇ln p(θ | D)
/// from a mini-batch (`BayesianMLP.stochasticGradient(_:batchSize:using:)`), or the full-data
/// gradient. Adam's moments carry over from one cycle to the next, as the momentum of the paper's
/// SGD does.
public struct SnapshotEnsemble: Sendable {
    /// M, the snapshots kept.
    public var cycles: Int
    /// L, the steps of one cycle.
    public var stepsPerCycle: Int
    /// α₀, the rate at the start of every cycle.
    public var initialRate: Double

    public init(cycles: Int, stepsPerCycle: Int, initialRate: Double) {
        (self.cycles, self.stepsPerCycle, self.initialRate) = (cycles, stepsPerCycle, initialRate)
    }

    /// The schedule: ``LearningRateSchedule/snapshot(initial:totalSteps:cycles:)`` over M·L steps.
    public var schedule: LearningRateSchedule { .snapshot(initial: initialRate, totalSteps: cycles * stepsPerCycle, cycles: cycles) }

    /// The steps (from 0) after which the snapshots are taken: L − 1, 2L − 1, …, ML − 1.
    public var snapshotSteps: [Int] { (1...cycles).map { $0 * stepsPerCycle - 1 } }

    /// Runs M·L steps of Adam from `initial` on −g/N, g = `stochasticGradient(θ, &rng)`, and
    /// returns the M snapshots in order; `onStep` receives (step, θ) after every step.
    /// - Throws: ``SamplerError/invalidSetting(_:)`` for M or L below 1; ``TrainingDiverged`` at
    ///   the first non-finite gradient.
    public func run(from initial: [Double], dataCount: Int,
                    stochasticGradient: (_ θ: [Double], _ rng: inout Xoshiro256) -> [Double],
                    using rng: inout Xoshiro256,
                    onStep: ((_ step: Int, _ θ: [Double]) -> Void)? = nil) throws -> [[Double]] {
        guard cycles >= 1, stepsPerCycle >= 1 else {
            throw SamplerError.invalidSetting("a snapshot ensemble needs at least one cycle of one step, got \(cycles) of \(stepsPerCycle)")
        }
        let n = Double(dataCount)
        var θ = Tensor(initial)
        var adam = Adam(schedule)
        var snapshots = [[Double]]()
        for step in 0..<(cycles * stepsPerCycle) {
            let g = stochasticGradient(θ.scalars, &rng)
            guard g.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: step, loss: .nan) }
            adam.update(&θ, gradient: Tensor(g.map { -$0 / n }))
            onStep?(step, θ.scalars)
            if (step + 1) % stepsPerCycle == 0 { snapshots.append(θ.scalars) }
        }
        return snapshots
    }
}
