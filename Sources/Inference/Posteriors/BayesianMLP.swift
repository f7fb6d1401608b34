import Autodiff
import NeuralNetworks
import Probability

/// The posterior of a Bayesian MLP for regression on d inputs: prior w ~ N(0, s² I), likelihood
/// yᵢ ~ N(f_w(xᵢ), σ²), so that up to a constant
///
/// ln p(w | D) = −(1/2σ²) Σᵢ (yᵢ − f_w(xᵢ))² − (1/2s²) ‖w‖².
///
/// The same posterior in the three forms the samplers need: the value alone (tape-free, for MH),
/// the value with its gradient (autodiff, for MALA and HMC), and a mini-batch gradient estimate
/// (for SGLD).
public struct BayesianMLP: Sendable {
    public let network: MLP
    /// The inputs, row-major n × d (d = the network's input size).
    public let inputs: [Double]
    public let targets: [Double]
    /// σ², the noise variance.
    public let noiseVariance: Double
    /// s², the prior variance of every weight.
    public let priorVariance: Double

    public init(network: MLP, inputs: [Double], targets: [Double], noiseVariance: Double, priorVariance: Double = 1) {
        precondition(network.sizes.last == 1, "BayesianMLP: the network must have 1 output")
        precondition(inputs.count == targets.count * network.sizes[0] && !targets.isEmpty, "BayesianMLP: need one target per row of inputs")
        self.network = network
        self.inputs = inputs
        self.targets = targets
        self.noiseVariance = noiseVariance
        self.priorVariance = priorVariance
    }

    /// ln p(w | D) + c by the tape-free forward pass.
    public var logDensity: LogDensity {
        let (net, x, y, noise, prior) = (network, inputs, targets, noiseVariance, priorVariance)
        return { w in
            let f = net.forward(x, count: y.count, parameters: w)
            var sse = 0.0, ww = 0.0
            for i in 0..<y.count { sse += (y[i] - f[i]) * (y[i] - f[i]) }
            for v in w { ww += v * v }
            return -0.5 * sse / noise - 0.5 * ww / prior
        }
    }

    /// ln p(w | D) + c and its gradient, by backpropagation without a tape (``MLP/parameterGradient(_:count:parameters:outputGradient:)``):
    /// the same numbers, bit for bit, as the autodiff form
    /// `square(net(x, parameters: w) − y).sum() · (−1/2σ²) − square(w).sum() · (1/2s²)`, whose
    /// operations it repeats in the tape's order.
    public var logDensityGradient: LogDensityGradient {
        let (net, x, y, n) = (network, inputs, targets, targets.count)
        let (c1, c2) = (-0.5 / noiseVariance, 0.5 / priorVariance)
        return { w in
            var sse = 0.0
            var gradient = net.parameterGradient(x, count: n, parameters: w) { f in
                // r = f − y; Σ r² from 0 in order; ∂/∂f = 2 c₁ rᵢ (the tape: square's 2·ḡ·u with ḡ = c₁).
                for i in 0..<n {
                    let r = f[i] - y[i]
                    sse += r * r
                    f[i] = 2 * c1 * r
                }
            }
            var ww = 0.0
            for i in w.indices {
                ww += w[i] * w[i]
                gradient[i] = 2 * -c2 * w[i] + gradient[i]   // the prior's adjoint first, then the network's added
            }
            return (sse * c1 - ww * c2, gradient)
        }
    }

    /// The SGLD estimate ∇ln p(w) + (N/B) Σ_{i ∈ batch} ∇ln p(yᵢ | xᵢ, w) for `batchSize` rows drawn
    /// uniformly with replacement from `rng`.
    public func stochasticGradient(_ w: [Double], batchSize: Int, using rng: inout Xoshiro256) -> [Double] {
        let rows = (0..<batchSize).map { _ in Int(rng.next() % UInt64(targets.count)) }
        let d = network.sizes[0]
        let xb = rows.flatMap { inputs[($0 * d)..<(($0 + 1) * d)] }
        let yb = rows.map { targets[$0] }
        let scale = Double(targets.count) / Double(batchSize)
        // Without a tape, the bits of the tape's gradient of
        // c₁ Σ (f_w(x_b) − y_b)² − c₂ ‖w‖² with c₁ = −(N/B)/2σ², c₂ = 1/2s² (as in `logDensityGradient`).
        let (c1, c2) = (-0.5 / noiseVariance * scale, 0.5 / priorVariance)
        var gradient = network.parameterGradient(xb, count: batchSize, parameters: w) { f in
            for i in 0..<batchSize { f[i] = 2 * c1 * (f[i] - yb[i]) }
        }
        for i in w.indices { gradient[i] = 2 * -c2 * w[i] + gradient[i] }
        return gradient
    }

    /// The inputs as an n × d tensor.
    public var design: Tensor { Tensor(shape: [targets.count, network.sizes[0]], scalars: inputs) }

    /// The network's outputs f_w(x) at the rows of `grid` (row-major, d numbers per row) for one weight vector.
    public func predictions(_ w: [Double], at grid: [Double]) -> [Double] {
        network.forward(grid, count: grid.count / network.sizes[0], parameters: w)
    }
}
