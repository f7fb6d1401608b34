import Autodiff

/// One-dimensional regression data: inputs xᵢ and targets yᵢ.
public struct RegressionData: Sendable {
    public let inputs: [Double]
    public let targets: [Double]

    public init(inputs: [Double], targets: [Double]) {
        precondition(inputs.count == targets.count, "RegressionData: \(inputs.count) inputs, \(targets.count) targets")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.count }
    /// The inputs as an n×1 matrix, as a network takes them.
    public var x: Tensor { .column(inputs) }
    /// The targets as an n×1 matrix.
    public var y: Tensor { .column(targets) }
}

/// `count` evenly spaced points from `low` to `high`, both included.
public func linspace(_ low: Double, _ high: Double, count: Int) -> [Double] {
    precondition(count >= 2, "linspace: needs at least two points")
    return (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
}
