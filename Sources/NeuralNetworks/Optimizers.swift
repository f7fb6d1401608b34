import Autodiff

/// A first-order optimiser: turns a gradient into an in-place update of θ.
public protocol Optimizer: Sendable {
    /// Applies one step θ ← θ − (update computed from ∇L(θ)).
    mutating func update(_ θ: inout Tensor, gradient: Tensor)
}

/// Stochastic gradient descent with heavy-ball momentum:
/// v ← μ v + ∇L, θ ← θ − η_t v.
public struct SGD: Optimizer {
    public var schedule: LearningRateSchedule
    public var momentum: Double
    public private(set) var step = 0
    private var velocity: [Double] = []

    public init(_ schedule: LearningRateSchedule, momentum: Double = 0) {
        self.schedule = schedule
        self.momentum = momentum
    }

    public mutating func update(_ θ: inout Tensor, gradient: Tensor) {
        if velocity.isEmpty { velocity = Array(repeating: 0, count: θ.count) }
        let eta = schedule.rate(at: step)
        for i in 0..<θ.count {
            velocity[i] = momentum * velocity[i] + gradient.scalars[i]
            θ.scalars[i] -= eta * velocity[i]
        }
        step += 1
    }
}

/// Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// θ ← θ − η_t m̂ / (√v̂ + ε) with bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
///
/// Computed in the paper's own cheaper order (its Section 2): α_t = η_t √(1−β₂ᵗ)/(1−β₁ᵗ) and
/// θ ← θ − α_t m / (√v + ε√(1−β₂ᵗ)), the same update with one division per parameter instead of
/// two. The powers β₁ᵗ, β₂ᵗ are carried as running products, not recomputed with `pow`.
public struct Adam: Optimizer {
    public var schedule: LearningRateSchedule
    public let beta1: Double, beta2: Double, epsilon: Double
    public private(set) var step = 0
    private var m: [Double] = [], v: [Double] = []
    private var beta1Power = 1.0, beta2Power = 1.0

    public init(_ schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.schedule = schedule
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    }

    public mutating func update(_ θ: inout Tensor, gradient: Tensor) {
        if m.isEmpty {
            m = Array(repeating: 0, count: θ.count)
            v = m
        }
        beta1Power *= beta1; beta2Power *= beta2
        let correction2 = (1 - beta2Power).squareRoot()
        let stepSize = schedule.rate(at: step) * correction2 / (1 - beta1Power)
        let (b1, b2, eps) = (beta1, beta2, epsilon * correction2)
        gradient.scalars.withUnsafeBufferPointer { g in
            θ.scalars.withUnsafeMutableBufferPointer { p in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        adamStep(parameters: p, firstMoment: m, secondMoment: v, gradient: g, beta1: b1, beta2: b2,
                                 stepSize: stepSize, epsilon: eps)
                    }
                }
            }
        }
        step += 1
    }
}
