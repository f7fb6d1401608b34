import Autodiff

/// The nonlinearity between the layers of an ``MLP``.
public enum Activation: String, Sendable, CaseIterable {
    case tanh, relu, sigmoid, identity

    /// Applies the nonlinearity elementwise.
    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .tanh: return Autodiff.tanh(x)
        case .relu: return Autodiff.relu(x)
        case .sigmoid: return Autodiff.sigmoid(x)
        case .identity: return x
        }
    }
}
