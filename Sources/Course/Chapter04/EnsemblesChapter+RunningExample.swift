import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

extension EnsemblesChapter {
    /// The running example's member network, 1→hidden…→2 with tanh and a Gaussian head.
    public static func runningNetwork(_ s: Settings) -> MLP { MLP(sizes: [1] + s.runningHidden + [2], activation: .tanh) }

    /// Its training: Gaussian NLL, Adam at ``Settings/learningRate`` for ``Settings/steps`` steps on
    /// mini-batches of ``Settings/batchSize``.
    public static func runningTraining(_ s: Settings) -> MemberTraining {
        MemberTraining(output: .gaussian, steps: s.steps, schedule: .constant(s.learningRate), batchSize: s.batchSize)
    }

    /// The deep ensemble on the running example: ``Settings/members`` members, each from its own
    /// initialisation and mini-batch order (seed + 4), on at most `maximumConcurrency` cores (all if nil).
    public static func deepEnsemble(_ s: Settings, data: RegressionData, maximumConcurrency: Int? = nil) async throws -> [[Double]] {
        try await trainEnsemble(count: s.members, network: runningNetwork(s), training: runningTraining(s), data: (data.x, data.y),
                                seed: s.seed &+ 4, maximumConcurrency: maximumConcurrency)
    }

    /// An ensemble whose members differ only in their initialisation (streams k of seed + 6; one
    /// mini-batch order, stream 0 of seed + 7) or, with `varyInitialisation` false, only in their
    /// mini-batch order (one initialisation).
    public static func diversityEnsemble(_ s: Settings, data: RegressionData, varyInitialisation: Bool) async throws -> [[Double]] {
        let (net, training, x, y) = (runningNetwork(s), runningTraining(s), data.x, data.y)
        return try await runInParallel(count: s.members, seed: s.seed &+ 5) { k, _ in
            var initRNG = Xoshiro256(seed: s.seed &+ 6, stream: varyInitialisation ? k : 0)
            var batchRNG = Xoshiro256(seed: s.seed &+ 7, stream: varyInitialisation ? 0 : k)
            let θ0 = net.initialParameters(using: &initRNG).scalars
            return try training.train(net, from: θ0, inputs: x, targets: y, using: &batchRNG).parameters
        }
    }

    /// The predictive of an ensemble of the running example's members on ``grid(_:)``.
    public static func runningMoments(_ s: Settings, members: [[Double]]) -> PredictiveMoments {
        PredictiveMoments(ensemble: members, network: runningNetwork(s), training: runningTraining(s), at: ReferencePosterior.grid(s.reference))
    }

    /// Each member's predictive mean on ``grid(_:)``.
    public static func memberMeans(_ s: Settings, members: [[Double]]) -> [[Double]] {
        let (net, training, grid) = (runningNetwork(s), runningTraining(s), ReferencePosterior.grid(s.reference))
        return members.map { training.predict(net, parameters: $0, at: grid).mean }
    }

    /// One network trained for members × steps steps under two learning-rate schedules from the same
    /// start: the snapshot ensemble's cyclic one, and a step schedule for comparison.
    public struct SnapshotRun: Sendable {
        /// T = members × steps.
        public let totalSteps: Int
        /// Huang et al.'s α(t) = α₀/2 (cos(π mod(t − 1, ⌈T/M⌉)/⌈T/M⌉) + 1).
        public let cyclic: LearningRateSchedule
        /// α₀, multiplied by the factor at a third and two thirds of the run.
        public let step: LearningRateSchedule
        /// The steps (from 0) after which the snapshots were taken: the end of each cycle.
        public let snapshotSteps: [Int]
        /// The snapshots: the ensemble's members.
        public let members: [[Double]]
        /// The mini-batch loss at every step, under each schedule.
        public let cyclicLosses: [Double], stepLosses: [Double]
    }

    /// The snapshot run: initial weights from stream 60, mini-batches from stream 61 (the same for
    /// both schedules), ``Settings/snapshots`` cycles.
    public static func snapshotRun(_ s: Settings, data: RegressionData) throws -> SnapshotRun {
        let (net, runTraining, x, y) = (runningNetwork(s), runningTraining(s), data.x, data.y)
        let totalSteps = s.members * s.steps
        let cyclic = LearningRateSchedule.snapshot(initial: s.learningRate, totalSteps: totalSteps, cycles: s.snapshots)
        let stepSchedule = LearningRateSchedule.step(s.learningRate, every: max(1, totalSteps / 3), factor: s.stepScheduleFactor)
        let snapshotSteps = LearningRateSchedule.snapshotSteps(totalSteps: totalSteps, cycles: s.snapshots)
        var initRNG = Xoshiro256(seed: s.seed, stream: 60)
        let θ0 = net.initialParameters(using: &initRNG).scalars
        var cyclicTraining = runTraining, stepTraining = runTraining
        cyclicTraining.steps = totalSteps
        stepTraining.steps = totalSteps
        cyclicTraining.schedule = cyclic
        stepTraining.schedule = stepSchedule
        var members = [[Double]]()
        var r = Xoshiro256(seed: s.seed, stream: 61)
        let cyclicLosses = try cyclicTraining.train(net, from: θ0, inputs: x, targets: y, using: &r) { t, θ in
            if snapshotSteps.contains(t) { members.append(θ) }
        }.losses
        r = Xoshiro256(seed: s.seed, stream: 61)
        let stepLosses = try stepTraining.train(net, from: θ0, inputs: x, targets: y, using: &r).losses
        return SnapshotRun(totalSteps: totalSteps, cyclic: cyclic, step: stepSchedule, snapshotSteps: snapshotSteps, members: members,
                           cyclicLosses: cyclicLosses, stepLosses: stepLosses)
    }
}
