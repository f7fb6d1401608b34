import NeuralNetworks
import Probability

extension PhysicsInformedChapter {
    /// One line of the derivative check: the largest |autodiff − central difference| and the
    /// largest |value| it is compared with.
    public struct DerivativeCheck: Sendable {
        /// What is compared.
        public var name: String
        /// The largest absolute difference.
        public var error: Double
        /// The largest absolute value compared.
        public var scale: Double
    }

    /// u_x and u_xx of the chapter's network (weights drawn from the prior, stream 150) at 7 points of the
    /// domain against central differences of u in x (steps 10⁻⁵ and 10⁻⁴), and the weight
    /// gradient of Σ u_xx against central differences in 50 weights spread over θ (step 10⁻⁵).
    public static func derivativeCheck(_ s: Settings) -> [DerivativeCheck] {
        let net = MLP(sizes: s.sizes, activation: .tanh)
        var rng = Xoshiro256(seed: s.seed, stream: 150)
        let θ = (0..<net.parameterCount).map { _ in s.weightPriorSD * rng.normal() }
        let x = equispaced(7, s.domain.0, s.domain.1)
        let d = net.inputDerivatives(x, count: x.count, parameters: θ)
        func u(_ shift: Double) -> [Double] { net.forward(x.map { $0 + shift }, count: x.count, parameters: θ) }
        let (h1, h2) = (1e-5, 1e-4)
        let fd1 = zip(u(h1), u(-h1)).map { ($0 - $1) / (2 * h1) }
        let (p, m) = (u(h2), u(-h2))
        let fd2 = (0..<x.count).map { (p[$0] - 2 * d.value[$0] + m[$0]) / (h2 * h2) }
        let g = net.inputDerivativesParameterGradient(x, count: x.count, parameters: θ) { u, ux, uxx in
            for i in 0..<u.count { u[i] = 0; ux[i] = 0; uxx[i] = 1 }
        }
        func sumUxx(_ p: [Double]) -> Double { net.inputDerivatives(x, count: x.count, parameters: p).second.reduce(0, +) }
        let coordinates = stride(from: 0, to: θ.count, by: θ.count / 50).map { $0 }
        let h = 1e-5
        let fdg = coordinates.map { k -> Double in
            var (a, b) = (θ, θ)
            a[k] += h; b[k] -= h
            return (sumUxx(a) - sumUxx(b)) / (2 * h)
        }
        func worst(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max()! }
        return [
            DerivativeCheck(name: "u (against the network's forward pass)", error: worst(d.value, u(0)), scale: d.value.map(abs).max()!),
            DerivativeCheck(name: "u_x", error: worst(d.first, fd1), scale: d.first.map(abs).max()!),
            DerivativeCheck(name: "u_xx", error: worst(d.second, fd2), scale: d.second.map(abs).max()!),
            DerivativeCheck(name: "∂(Σ u_xx)/∂θ, 50 weights", error: worst(coordinates.map { g[$0] }, fdg), scale: fdg.map(abs).max()!),
        ]
    }
}
