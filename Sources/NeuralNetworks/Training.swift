import Autodiff

/// Training stopped because the loss or its gradient stopped being a finite number.
public struct TrainingDiverged: Error, CustomStringConvertible {
    public let step: Int
    public let loss: Double
    public init(step: Int, loss: Double) {
        self.step = step
        self.loss = loss
    }
    public var description: String {
        "training diverged at step \(step): the loss is \(loss); try a smaller learning rate"
    }
}

/// Minimises a loss by gradient steps: θ_{t+1} = optimizer(θ_t, ∇L_t(θ_t)), t = 0 ..< steps.
///
/// - Parameters:
///   - θ: the starting parameters.
///   - steps: how many updates.
///   - optimizer: SGD, Adam, …; its state carries over between calls.
///   - loss: the loss at step t as a function of θ (pick the mini-batch for step t inside).
///   - progress: called after every step with (t, loss), e.g. to draw a progress bar.
/// - Returns: the final parameters and the loss at every step.
/// - Throws: ``TrainingDiverged`` at the first non-finite loss or gradient.
public func train<O: Optimizer>(
    from θ: Tensor,
    steps: Int,
    optimizer: inout O,
    loss: (_ step: Int, _ θ: Variable) -> Variable,
    progress: ((_ step: Int, _ loss: Double) -> Void)? = nil
) throws -> (parameters: Tensor, losses: [Double]) {
    var θ = θ
    var losses = [Double]()
    losses.reserveCapacity(steps)
    for t in 0..<steps {
        let (value, g) = valueWithGradient(at: θ) { loss(t, $0) }
        guard value.isFinite, g.scalars.allSatisfy({ $0.isFinite }) else {
            throw TrainingDiverged(step: t, loss: value)
        }
        optimizer.update(&θ, gradient: g)
        losses.append(value)
        progress?(t, value)
    }
    return (θ, losses)
}
