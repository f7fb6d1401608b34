import Autodiff
import Foundation
import NeuralNetworks
import Probability

/// How an ensemble member is trained (Lakshminarayanan, Pritzel & Blundell 2017).
public struct MemberTraining: Sendable {
    /// What a member's output means and what it is trained on.
    public enum Output: Sendable, Equatable {
        /// One output, the mean, trained on the squared error.
        case mean
        /// Two outputs, μ(x) and σ²(x) = softplus(·) + 10⁻⁶, trained on the Gaussian negative
        /// log-likelihood (a heteroscedastic member).
        case gaussian
    }

    public var output: Output
    public var steps: Int
    public var schedule: LearningRateSchedule
    /// Points per step, drawn with replacement (nil: the whole data set every step).
    public var batchSize: Int?
    /// ε of the fast gradient sign method: each step also trains on x + ε·sign(∂ℓ/∂x), and the
    /// loss is ℓ(x) + ℓ(x_adv). Nil: no adversarial training. The paper uses 1% of the input range.
    public var adversarialStep: Double?

    public init(output: Output, steps: Int, schedule: LearningRateSchedule, batchSize: Int? = nil, adversarialStep: Double? = nil) {
        self.output = output
        self.steps = steps
        self.schedule = schedule
        self.batchSize = batchSize
        self.adversarialStep = adversarialStep
    }

    /// Outputs the network must have.
    public var outputCount: Int { output == .mean ? 1 : 2 }

    /// The loss of outputs `out` (n × outputCount) against targets y: mean squared error or mean
    /// Gaussian negative log-likelihood.
    public func loss(_ out: Variable, _ y: Tensor) -> Variable {
        switch output {
        case .mean: return meanSquaredError(out, y)
        case .gaussian: return gaussianHeadNegativeLogLikelihood(out, y)   // gaussianHead, then the likelihood, as one node
        }
    }

    /// Trains `network` from θ on (x, y), calling `snapshot` with (step, θ) after every step.
    /// - Throws: ``TrainingDiverged`` at the first non-finite loss.
    public func train(_ network: MLP, from θ0: [Double], inputs x: Tensor, targets y: Tensor, using rng: inout Xoshiro256,
                      snapshot: ((_ step: Int, _ θ: [Double]) -> Void)? = nil) throws -> (parameters: [Double], losses: [Double]) {
        precondition(network.sizes.last == outputCount, "MemberTraining: the network needs \(outputCount) outputs")
        let n = x.shape[0]
        var adam = Adam(schedule)
        var θ = Tensor(θ0)
        var losses = [Double]()
        losses.reserveCapacity(steps)
        for t in 0..<steps {
            var (xb, yb) = (x, y)
            if let b = batchSize {
                let rows = (0..<b).map { _ in Int(rng.next() % UInt64(n)) }
                (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
            }
            let inputs = xb, targets = yb, current = θ
            var batchInputs = [inputs]
            if let eps = adversarialStep {
                // ∂ℓ/∂x at the current weights; the adversarial inputs move each x by ±ε.
                let gx = gradient(at: inputs) { v in self.loss(network(v, parameters: v.constant(current)), targets) }
                batchInputs.append(inputs + gx.map { eps * ($0 > 0 ? 1 : $0 < 0 ? -1 : 0) })
            }
            let (value, g) = valueWithGradient(at: θ) { w in
                batchInputs.dropFirst().reduce(self.loss(network(batchInputs[0], parameters: w), targets)) {
                    $0 + self.loss(network($1, parameters: w), targets)
                }
            }
            guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else { throw TrainingDiverged(step: t, loss: value) }
            adam.update(&θ, gradient: g)
            losses.append(value)
            snapshot?(t, θ.scalars)
        }
        return (θ.scalars, losses)
    }

    /// A member's predictive mean and variance at inputs `x` (the variance is 0 for a `.mean` member).
    public func predict(_ network: MLP, parameters θ: [Double], at x: [Double]) -> (mean: [Double], variance: [Double]) {
        let out = network.forward(x, count: x.count, parameters: θ)
        switch output {
        case .mean: return (out, [Double](repeating: 0, count: x.count))
        case .gaussian:
            return (stride(from: 0, to: out.count, by: 2).map { out[$0] },
                    stride(from: 1, to: out.count, by: 2).map { softplus(out[$0]) + 1e-6 })
        }
    }
}

/// Trains `count` members in parallel, member k from its own initialisation and mini-batches
/// drawn from `Xoshiro256(seed: seed, stream: k)`; the members come back in order of k, the same
/// bits on one core or many.
public func trainEnsemble(count: Int, network: MLP, training: MemberTraining, data: (x: Tensor, y: Tensor),
                          initializer: Initializer = .pytorchDefault, seed: UInt64, maximumConcurrency: Int? = nil) async throws -> [[Double]] {
    try await runInParallel(count: count, seed: seed, maximumConcurrency: maximumConcurrency) { _, rng in
        let θ0 = network.initialParameters(initializer, using: &rng).scalars
        return try training.train(network, from: θ0, inputs: data.x, targets: data.y, using: &rng).parameters
    }
}

extension PredictiveMoments {
    /// The moments of an equal-weight ensemble: the members' predictive means and variances at
    /// `x`, combined as a uniform mixture (see ``init(means:variances:)``).
    public init(ensemble members: [[Double]], network: MLP, training: MemberTraining, at x: [Double]) {
        let predictions = members.map { training.predict(network, parameters: $0, at: x) }
        self.init(means: predictions.map(\.mean), variances: predictions.map(\.variance))
    }
}

/// The expected squared error of the average of n models whose errors have mean 0, variance v
/// and pairwise covariance c: E[(1/n Σ εᵢ)²] = (1/n)(v + (n − 1)c). It falls from v (n = 1) to c.
public func ensembleSquaredError(members n: Int, variance v: Double, covariance c: Double) -> Double {
    (v + Double(n - 1) * c) / Double(n)
}

extension LearningRateSchedule {
    /// The cyclic schedule of snapshot ensembles (Huang et al. 2017): M cycles over T steps,
    /// α(t) = α₀/2 · (cos(π · mod(t − 1, ⌈T/M⌉) / ⌈T/M⌉) + 1) for t = 1 … T, i.e. cosine annealing
    /// to 0 restarted every ⌈T/M⌉ steps (with this library's steps counted from 0).
    public static func snapshot(initial alpha0: Double, totalSteps: Int, cycles: Int) -> LearningRateSchedule {
        .cosine(alpha0, period: snapshotCycleLength(totalSteps: totalSteps, cycles: cycles), minimum: 0)
    }

    /// ⌈T/M⌉, the length of one cycle.
    public static func snapshotCycleLength(totalSteps: Int, cycles: Int) -> Int {
        (totalSteps + cycles - 1) / cycles
    }

    /// The steps (counted from 0) after which a snapshot is taken: the end of each cycle. There are
    /// ⌈T / ⌈T/M⌉⌉ cycles: M when M divides T, possibly fewer otherwise (T = 10, M = 6 gives 5).
    public static func snapshotSteps(totalSteps: Int, cycles: Int) -> [Int] {
        let length = snapshotCycleLength(totalSteps: totalSteps, cycles: cycles)
        return Array(stride(from: length - 1, to: totalSteps - 1, by: length)) + [totalSteps - 1]
    }
}
