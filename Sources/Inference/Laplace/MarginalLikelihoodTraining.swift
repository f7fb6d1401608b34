import NeuralNetworks
import Autodiff

/// A MAP trained while its prior variance s² and noise variance σ² follow the Laplace evidence
/// (MacKay 1992's alternation; Immer et al. 2021's online marginal-likelihood tuning): Adam on
/// −ln p(w | D, s², σ²)/n with full-data gradients, and every `interval` steps after `burnIn` a
/// Laplace approximation (GGN, `structure`, `subset`) at the current w, whose evidence sets
/// (s², σ²) to its stationary point (``LaplaceEvidence/tuned(priorVariance:noiseVariance:tuningNoise:)``).
public struct MarginalLikelihoodTraining: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var burnIn: Int
    public var interval: Int
    public var structure: LaplaceApproximation.Structure
    public var subset: LaplaceApproximation.Subset
    public var tuningNoise: Bool

    public init(steps: Int, schedule: LearningRateSchedule = .constant(0.01), burnIn: Int, interval: Int,
                structure: LaplaceApproximation.Structure = .full, subset: LaplaceApproximation.Subset = .all, tuningNoise: Bool = true) {
        (self.steps, self.schedule, self.burnIn, self.interval) = (steps, schedule, burnIn, interval)
        (self.structure, self.subset, self.tuningNoise) = (structure, subset, tuningNoise)
    }

    /// One update of the hyperparameters: the step it came after, the values it set and the
    /// Laplace log evidence there.
    public struct Update: Sendable {
        public let step: Int
        public let priorVariance: Double
        public let noiseVariance: Double
        public let logEvidence: Double
    }

    /// The result: w, the last (s², σ²) and every update.
    public struct Result: Sendable {
        public let parameters: [Double]
        public let priorVariance: Double
        public let noiseVariance: Double
        public let updates: [Update]
    }

    /// Trains `network` on (x, y) from `initial`, s² and σ² starting at the given values.
    /// - Throws: ``TrainingDiverged`` at a non-finite gradient; ``LaplaceError`` from a fit.
    public func run(network: MLP, inputs x: [Double], targets y: [Double], from initial: [Double],
                    priorVariance: Double, noiseVariance: Double) throws -> Result {
        precondition(interval > 0 && burnIn >= 0 && steps > burnIn, "MarginalLikelihoodTraining: need steps > burnIn ≥ 0 and interval > 0")
        var (s2, σ2) = (priorVariance, noiseVariance)
        var θ = Tensor(initial)
        var adam = Adam(schedule)
        var updates = [Update]()
        let n = Double(y.count)
        for step in 0..<steps {
            let posterior = BayesianMLP(network: network, inputs: x, targets: y, noiseVariance: σ2, priorVariance: s2)
            let g = posterior.logDensityGradient(θ.scalars).gradient
            guard g.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: step, loss: .nan) }
            adam.update(&θ, gradient: Tensor(g.map { -$0 / n }))
            if step + 1 >= burnIn, (step + 1 - burnIn) % interval == 0 {
                let laplace = try LaplaceApproximation(posterior, mean: θ.scalars, subset: subset, structure: structure)
                let evidence = LaplaceEvidence(laplace)
                (s2, σ2) = try evidence.tuned(priorVariance: s2, noiseVariance: σ2, tuningNoise: tuningNoise)
                updates.append(Update(step: step + 1, priorVariance: s2, noiseVariance: σ2, logEvidence: evidence.logEvidence(priorVariance: s2, noiseVariance: σ2)))
            }
        }
        return Result(parameters: θ.scalars, priorVariance: s2, noiseVariance: σ2, updates: updates)
    }
}
