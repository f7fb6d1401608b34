import Autodiff
import Probability

/// A multilayer perceptron as a pure function of its inputs and a flat parameter vector θ.
///
/// With layer sizes (d₀, d₁, …, d_L), layer ℓ computes h_ℓ = a(h_{ℓ−1} W_ℓ + b_ℓ) with
/// W_ℓ ∈ ℝ^{d_{ℓ−1}×d_ℓ} and b_ℓ ∈ ℝ^{d_ℓ}; the last layer has no activation. θ holds
/// W₁, b₁, W₂, b₂, … end to end in row-major order, so every method of the course (samplers,
/// ensembles, SWAG, variational inference) works on one vector.
public struct MLP: Sendable, Equatable {
    /// Layer widths, input first, output last: `[1, 50, 50, 1]` is 1→50→50→1.
    public let sizes: [Int]
    /// The nonlinearity after every hidden layer.
    public let activation: Activation

    /// - Precondition: at least two sizes, all positive.
    public init(sizes: [Int], activation: Activation = .tanh) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "MLP: sizes must be ≥ 2 positive widths, got \(sizes)")
        self.sizes = sizes
        self.activation = activation
    }

    /// Number of layers with weights.
    public var layerCount: Int { sizes.count - 1 }

    /// The length of θ: Σ_ℓ (d_{ℓ−1} + 1) d_ℓ.
    public var parameterCount: Int {
        (0..<layerCount).reduce(0) { $0 + (sizes[$1] + 1) * sizes[$1 + 1] }
    }

    /// Where layer ℓ's weights and bias sit in θ.
    public func layout(_ layer: Int) -> (weights: Range<Int>, bias: Range<Int>) {
        var offset = 0
        for l in 0..<layer { offset += (sizes[l] + 1) * sizes[l + 1] }
        let w = offset..<(offset + sizes[layer] * sizes[layer + 1])
        return (w, w.upperBound..<(w.upperBound + sizes[layer + 1]))
    }

    /// The network's outputs, shape [n, d_L], for inputs `x` of shape [n, d₀]: one primitive on
    /// the tape, whose pullback is backpropagation (see ``backpropagated(_:parameters:)``).
    public func callAsFunction(_ x: Variable, parameters θ: Variable) -> Variable {
        backpropagated(x, parameters: θ)
    }

    /// The outputs for constant inputs `x` of shape [n, d₀].
    public func callAsFunction(_ x: Tensor, parameters θ: Variable) -> Variable {
        backpropagated(constant: x, parameters: θ)
    }

    /// The outputs for fixed parameters, without differentiation.
    public func predict(_ x: Tensor, parameters θ: Tensor) -> Tensor {
        evaluate(at: θ) { self(x, parameters: $0) }
    }

    /// Initial parameters: weights from `scheme`, biases as `scheme` says.
    public func initialParameters<G: RandomNumberGenerator>(_ scheme: Initializer = .pytorchDefault, using rng: inout G) -> Tensor {
        var θ = [Double]()
        θ.reserveCapacity(parameterCount)
        for l in 0..<layerCount {
            let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
            let bound = scheme.weightBound(fanIn: fanIn, fanOut: fanOut)
            for _ in 0..<(fanIn * fanOut) { θ.append(rng.uniform(-bound, bound)) }
            let biasBound = scheme == .pytorchDefault ? bound : 0
            for _ in 0..<fanOut { θ.append(biasBound == 0 ? 0 : rng.uniform(-biasBound, biasBound)) }
        }
        return Tensor(θ)
    }
}

/// How initial weights are drawn: uniform on [−b, b] with b depending on the layer's fans.
public enum Initializer: Sendable, Equatable {
    /// b = 1/√fan_in for weights and biases (PyTorch's `nn.Linear` default).
    case pytorchDefault
    /// b = √(6/(fan_in + fan_out)), zero biases (Glorot & Bengio 2010; suits tanh).
    case glorot
    /// b = √(6/fan_in), zero biases (He et al. 2015; suits ReLU).
    case he

    func weightBound(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .pytorchDefault: return 1 / Double(fanIn).squareRoot()
        case .glorot: return (6 / Double(fanIn + fanOut)).squareRoot()
        case .he: return (6 / Double(fanIn)).squareRoot()
        }
    }
}
