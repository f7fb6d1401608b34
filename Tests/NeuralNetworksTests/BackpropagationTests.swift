import Testing
import Autodiff
import NeuralNetworks
import Probability

/// The network written as the composition of the core's primitives: θ cut into layers, `affine`,
/// then the activation. The single-primitive MLP must compute exactly this.
func composedNetwork(_ net: MLP, _ x: Variable, _ θ: Variable) -> Variable {
    var h = x
    for l in 0..<net.layerCount {
        let (w, b) = net.layout(l)
        h = affine(h, θ.slice(w, shape: [net.sizes[l], net.sizes[l + 1]]), θ.slice(b, shape: [net.sizes[l + 1]]))
        if l < net.layerCount - 1 { h = net.activation(h) }
    }
    return h
}

/// Same value and same gradients (with respect to θ and to the inputs) as the composition, for
/// every activation and for shapes that take every path of the matrix kernels: tiny products in
/// Swift, vector products (dgemv) and matrix products (dgemm), one input row or many, and hidden
/// layers 512 wide, whose rows the network's buffers pad (``MLP/rowStride(_:)``).
@Test(arguments: Activation.allCases)
func networkPrimitiveMatchesTheComposition(_ activation: Activation) {
    // The wide shapes below do take the padded path (hidden rows 8 numbers longer, the outputs compact).
    #expect([0, 1, 2].map(MLP(sizes: [2, 512, 512, 3]).rowStride) == [520, 520, 3])
    #expect([0, 1].map(MLP(sizes: [1, 1024, 1]).rowStride) == [1032, 1])
    for (sizes, n) in [([1, 50, 50, 1], 20), ([1, 50, 50, 1], 32), ([3, 4, 2], 5), ([2, 16, 3], 1), ([1, 64, 1], 40),
                       ([2, 512, 512, 3], 9), ([1, 1024, 1], 4)] {
        let net = MLP(sizes: sizes, activation: activation)
        var rng = Xoshiro256(seed: 7)
        let θ = net.initialParameters(using: &rng)
        let x = Tensor.normal([n, sizes[0]], using: &rng), y = Tensor.normal([n, sizes.last!], using: &rng)
        // One tape holds θ and x as inputs; the loss's gradient reaches both.
        func lossAndGradients(_ f: (Variable, Variable) -> Variable) -> (Double, Tensor, Tensor) {
            let joined = Tensor(θ.scalars + x.scalars)
            var loss = 0.0
            let g = gradient(at: joined) { v in
                let p = v.slice(0..<θ.count, shape: θ.shape)
                let input = v.slice(θ.count..<(θ.count + x.count), shape: x.shape)
                let l = meanSquaredError(f(input, p), y)
                loss = l.value.scalar
                return l
            }
            return (loss, Tensor(Array(g.scalars[..<θ.count])), Tensor(Array(g.scalars[θ.count...])))
        }
        let fused = lossAndGradients { net($0, parameters: $1) }
        let composed = lossAndGradients { composedNetwork(net, $0, $1) }
        #expect(fused.0 == composed.0, "\(sizes), n = \(n): loss")
        #expect(fused.1 == composed.1, "\(sizes), n = \(n): ∂/∂θ")
        #expect(fused.2 == composed.2, "\(sizes), n = \(n): ∂/∂x")
        // Constant inputs (a tensor, as training passes them): the node skips ∂/∂x, ∂/∂θ is the same.
        let constantInputs = gradient(at: θ) { meanSquaredError(net(x, parameters: $0), y) }
        #expect(constantInputs == fused.1, "\(sizes), n = \(n): ∂/∂θ with constant inputs")
        // The tape-free forward pass gives the same outputs.
        let outputs = net.forward(x.scalars, count: n, parameters: θ.scalars)
        #expect(outputs == net.predict(x, parameters: θ).scalars)
        // The tape-free gradient: ∂(Σ f)/∂θ, the output gradient all ones.
        let ones = net.parameterGradient(x.scalars, count: n, parameters: θ.scalars) { $0.update(repeating: 1) }
        #expect(ones == gradient(at: θ) { net(x, parameters: $0).sum() }.scalars, "\(sizes), n = \(n): tape-free ∂/∂θ")
        // Every layer's inputs, n × d_ℓ without padding: the activation of the network cut after layer ℓ − 1.
        let inputs = net.layerInputs(x.scalars, count: n, parameters: θ.scalars)
        #expect(inputs.count == net.layerCount && inputs[0] == x.scalars)
        for l in 1..<net.layerCount {
            let head = MLP(sizes: Array(sizes[...l]), activation: activation)
            let preactivations = head.forward(x.scalars, count: n, parameters: Array(θ.scalars[..<head.parameterCount]))
            #expect(inputs[l] == preactivations.map(activation.apply), "\(sizes), n = \(n): inputs of layer \(l)")
        }
    }
}

/// No inputs: an empty output, and all-zero gradients.
@Test func networkPrimitiveOnNoInputs() {
    let net = MLP(sizes: [2, 3, 1])
    var rng = Xoshiro256(seed: 8)
    let θ = net.initialParameters(using: &rng)
    let g = gradient(at: θ) { net(Tensor.zeros([0, 2]), parameters: $0).sum() }
    #expect(g == Tensor.zeros([net.parameterCount]))
    #expect(net.forward([], count: 0, parameters: θ.scalars).isEmpty)
}
