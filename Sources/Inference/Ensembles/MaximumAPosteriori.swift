import Autodiff
import NeuralNetworks
import Probability

/// The posterior mode by Adam on −ln p(θ | D)/N with full-data gradients (dividing by the N data
/// points keeps the step sizes independent of the data set's size): θ_MAP, the MLE of the lecture
/// with the prior as weight decay. `snapshot` receives (step, θ) after every step.
/// - Throws: ``TrainingDiverged`` at the first non-finite gradient.
public func maximumAPosteriori(_ target: LogDensityGradient, from initial: [Double], dataCount: Int, steps: Int,
                               schedule: LearningRateSchedule = .constant(0.01),
                               snapshot: ((_ step: Int, _ θ: [Double]) -> Void)? = nil) throws -> [Double] {
    let n = Double(dataCount)
    var θ = Tensor(initial)
    var adam = Adam(schedule)
    for step in 0..<steps {
        let g = target(θ.scalars).gradient
        guard g.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: step, loss: .nan) }
        adam.update(&θ, gradient: Tensor(g.map { -$0 / n }))
        snapshot?(step, θ.scalars)
    }
    return θ.scalars
}
