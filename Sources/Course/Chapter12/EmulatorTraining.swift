import Autodiff
import Inference
import NeuralNetworks
import Probability

/// How the emulator's networks are trained: Adam on the mean squared error of the increments,
/// mini-batches drawn with replacement.
///
/// The chapter's values are in ``EmulatorChapter/Settings``.
public struct EmulatorTraining: Sendable, Equatable {
    /// Widths of the hidden layers.
    public var hidden: [Int]
    /// The hidden layers' nonlinearity.
    public var activation: Activation
    /// Adam steps per network.
    public var steps: Int
    /// Rows per mini-batch.
    public var batchSize: Int
    /// Adam's constant learning rate.
    public var learningRate: Double

    public init(hidden: [Int], activation: Activation, steps: Int, batchSize: Int, learningRate: Double) {
        (self.hidden, self.activation, self.steps, self.batchSize, self.learningRate) = (hidden, activation, steps, batchSize, learningRate)
    }

    /// The network n → hidden → n.
    public var network: MLP { MLP(sizes: [BurgersEmulator.points] + hidden + [BurgersEmulator.points], activation: activation) }

    /// Trains from `θ0` on pairs (x, y); with `dropout`, masks are drawn at every step and the
    /// loss gets the weight decay λ‖θ‖².
    public func train(from θ0: [Double], data: (x: Tensor, y: Tensor), dropout: (model: DropoutNetwork, weightDecay: Double)? = nil,
                      using rng: inout Xoshiro256) throws -> [Double] {
        if let dropout {
            return try dropout.model.train(from: θ0, inputs: data.x, targets: data.y, steps: steps, learningRate: learningRate,
                                           weightDecay: dropout.weightDecay, batchSize: batchSize, using: &rng)
        }
        let net = network
        let n = data.x.shape[0]
        var adam = Adam(.constant(learningRate))
        return try NeuralNetworks.train(from: Tensor(θ0), steps: steps, optimizer: &adam, loss: { _, θ in
            let rows = (0..<batchSize).map { _ in Int(rng.next() % UInt64(n)) }
            return meanSquaredError(net(data.x.gathering(rows: rows), parameters: θ), data.y.gathering(rows: rows))
        }).parameters.scalars
    }
}
