import Autodiff

// The whole network as one primitive on the tape: the forward pass keeps every layer's output
// in one buffer, reads the weights where they sit in θ, and the pullback is backpropagation
// written out layer by layer, writing ∂/∂W and ∂/∂b straight into one θ-sized gradient.
//
// It computes exactly what the composition of `affine` and the activation primitives computes
// (same products, same order; a test asserts equality), without the per-layer tape nodes, the
// copies of the weights and the per-layer gradient tensors that the composition makes.

extension MLP {
    /// How many numbers apart the rows of layer ℓ's outputs (0-based) lie in the network's own
    /// buffers (the forward and backward passes; what the public methods return is compact):
    /// d_ℓ₊₁, or d_ℓ₊₁ + 8 for a hidden layer whose rows would be a multiple of 4 KB long.
    /// Rows 4 KB apart fall into the same sets of the first-level cache (48 KB, 12 ways, 4 KB a
    /// way here), so a register tile's eight rows of A and its eight rows of C, in buffers also a
    /// multiple of 4 KB apart, competed for the same few sets with the panel of B streaming
    /// through; one line more per row spreads them: the 1→512→512→1 step took 2.1% ± 0.3% less
    /// time (30 paired runs; 16, 24 and 40 more tied with 8), AVX2 tied. The last layer's rows
    /// stay contiguous: they are the network's outputs.
    public func rowStride(_ layer: Int) -> Int {
        let d = sizes[layer + 1]
        return layer < layerCount - 1 && d % 512 == 0 ? d + 8 : d
    }

    /// Room for the widest layer's G_ℓ (n rows ``rowStride(_:)`` apart): half the pullback's scratch.
    func gradientRoom(count n: Int) -> Int { n * (0..<layerCount).map(rowStride).max()! }

    /// Offsets of the layers' outputs in a buffer that holds all of them for `n` inputs:
    /// layer ℓ (0-based, after its activation) starts at `offsets[ℓ]`, its rows ``rowStride(_:)``
    /// apart; the last entry is the size.
    func outputOffsets(count n: Int) -> [Int] {
        var offsets = [0]
        for l in 0..<layerCount { offsets.append(offsets[l] + n * rowStride(l)) }
        return offsets
    }

    /// Runs the layers on `n` inputs `x` (n × d₀, row-major) with parameters θ, writing layer ℓ's
    /// output h_ℓ = a(h_{ℓ−1} W_ℓ + b_ℓ) at `outputs + offsets[ℓ]`, rows ``rowStride(_:)`` apart
    /// (no activation after the last).
    func run(_ x: UnsafePointer<Double>, count n: Int, parameters θ: UnsafePointer<Double>,
             into outputs: UnsafeMutablePointer<Double>, offsets: [Int]) {
        for l in 0..<layerCount {
            let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
            let (w, b) = layout(l)
            let input = l == 0 ? x : UnsafePointer(outputs + offsets[l - 1])
            let out = outputs + offsets[l]
            Tensor.multiply(rows: n, columns: fanOut, inner: fanIn, input, leading: l == 0 ? fanIn : rowStride(l - 1), transposed: false,
                            θ + w.lowerBound, leading: fanOut, transposed: false, into: out, leading: rowStride(l),
                            startingFrom: θ + b.lowerBound)
            if l < layerCount - 1 { activation.apply(inPlace: out, rows: n, columns: fanOut, leading: rowStride(l)) }
        }
    }

    /// The network on a tape as one primitive: outputs n × d_L for inputs x (n × d₀).
    ///
    /// Pullback, with G_L = ḡ and for ℓ = L, …, 1:
    /// ∂/∂W_ℓ = h_{ℓ−1}ᵀ G_ℓ, ∂/∂b_ℓ = Σ_rows G_ℓ, G_{ℓ−1} = (G_ℓ W_ℓᵀ) ⊙ a′(h_{ℓ−1}),
    /// where a′ is written in terms of the layer's output (tanh: 1 − h², sigmoid: h(1 − h),
    /// ReLU: 𝟙[h > 0]); ∂/∂x = G_1 W_1ᵀ.
    func backpropagated(_ x: Variable, parameters θ: Variable) -> Variable {
        recorded(x.value, input: x, parameters: θ)
    }

    /// The same for constant inputs: x is not an input of the node, and the pullback skips ∂/∂x
    /// (G_1 W_1ᵀ, a product over the first hidden layer that nothing would read).
    func backpropagated(constant x: Tensor, parameters θ: Variable) -> Variable {
        recorded(x, input: nil, parameters: θ)
    }

    /// The node for inputs vx, which are the variable `input` when it is given (with ∂/∂x in the
    /// pullback) and a constant otherwise.
    private func recorded(_ vx: Tensor, input x: Variable?, parameters θ: Variable) -> Variable {
        let vθ = θ.value
        precondition(vθ.count == parameterCount, "MLP: θ has \(vθ.count) entries, the network needs \(parameterCount)")
        precondition(vx.rank == 2 && vx.shape[1] == sizes[0], "MLP: inputs must be n × \(sizes[0]), got shape \(vx.shape)")
        let n = vx.shape[0]
        let offsets = outputOffsets(count: n)
        let outputs = [Double](unsafeUninitializedCapacity: offsets[layerCount]) { buffer, initialized in
            vx.scalars.withUnsafeBufferPointer { px in
                vθ.scalars.withUnsafeBufferPointer { pθ in
                    guard n > 0 else { return }
                    run(px.baseAddress!, count: n, parameters: pθ.baseAddress!, into: buffer.baseAddress!, offsets: offsets)
                }
            }
            initialized = offsets[layerCount]
        }
        let result = Tensor(shape: [n, sizes[layerCount]], scalars: Array(outputs[offsets[layerCount - 1]...]))
        guard let x else {
            return θ.tape.record(result, inputs: [θ]) { g in
                self.pullback(g, inputs: vx, parameters: vθ, outputs: outputs, offsets: offsets, inputGradient: false)
            }
        }
        return x.tape.record(result, inputs: [x, θ]) { g in
            self.pullback(g, inputs: vx, parameters: vθ, outputs: outputs, offsets: offsets, inputGradient: true)
        }
    }

    /// [∂/∂x, ∂/∂θ] for the output gradient ḡ (see ``backpropagated(_:parameters:)``), or [∂/∂θ]
    /// without `inputGradient`.
    private func pullback(_ g: Tensor, inputs vx: Tensor, parameters vθ: Tensor, outputs: [Double], offsets: [Int],
                          inputGradient: Bool) -> [Tensor] {
        let n = vx.shape[0]
        guard n > 0 else {   // empty sums
            return (inputGradient ? [Tensor.zeros(vx.shape)] : []) + [Tensor.zeros(vθ.shape)]
        }
        let half = gradientRoom(count: n)
        // Every element of both is written below: ∂/∂x by the last product, ∂/∂θ by one product
        // per weight matrix and one sum per bias.
        var dx = [Double](unsafeUninitializedCapacity: inputGradient ? vx.count : 0) { _, k in k = inputGradient ? vx.count : 0 }
        let dθ = [Double](unsafeUninitializedCapacity: vθ.count) { dθ, initialized in
            // Two scratch gradients, G_ℓ and G_{ℓ−1}, in turn.
            var scratch = [Double](unsafeUninitializedCapacity: 2 * half) { _, k in k = 2 * half }
            g.scalars.withUnsafeBufferPointer { pg in
                vx.scalars.withUnsafeBufferPointer { px in
                    vθ.scalars.withUnsafeBufferPointer { pθ in
                        outputs.withUnsafeBufferPointer { ph in
                            scratch.withUnsafeMutableBufferPointer { ps in
                                dx.withUnsafeMutableBufferPointer { pdx in
                                    backpropagate(pg.baseAddress!, count: n, x: px.baseAddress!, parameters: pθ.baseAddress!,
                                                  outputs: ph.baseAddress!, offsets: offsets, scratch: ps.baseAddress!, half: half,
                                                  inputGradient: inputGradient ? pdx.baseAddress! : nil, parameterGradient: dθ.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            initialized = vθ.count
        }
        return (inputGradient ? [Tensor(shape: vx.shape, scalars: dx)] : []) + [Tensor(shape: vθ.shape, scalars: dθ)]
    }

    /// The layer-by-layer sweep of the pullback on raw buffers; `scratch` holds two gradients of
    /// `half` numbers each, G_ℓ's rows ``rowStride(_:)`` apart like the layer's outputs.
    private func backpropagate(_ g: UnsafePointer<Double>, count n: Int, x: UnsafePointer<Double>, parameters θ: UnsafePointer<Double>,
                               outputs: UnsafePointer<Double>, offsets: [Int], scratch: UnsafeMutablePointer<Double>, half: Int,
                               inputGradient dx: UnsafeMutablePointer<Double>?, parameterGradient dθ: UnsafeMutablePointer<Double>) {
        var gradient = g, ldg = sizes[layerCount]   // G_ℓ, n × d_ℓ, rows ldg apart
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
            let (w, b) = layout(l)
            let input = l == 0 ? x : outputs + offsets[l - 1]
            let ldIn = l == 0 ? fanIn : rowStride(l - 1)   // the input's rows, and its gradient's
            // ∂/∂W_ℓ = h_{ℓ−1}ᵀ G_ℓ, written where W_ℓ sits in θ.
            Tensor.multiplyAccumulate(rows: fanIn, columns: fanOut, inner: n, input, leading: ldIn, transposed: true,
                                      gradient, leading: ldg, transposed: false, into: dθ + w.lowerBound, overwrite: true)
            // ∂/∂b_ℓ = column sums of G_ℓ, each in row order.
            let db = UnsafeMutableBufferPointer(start: dθ + b.lowerBound, count: fanOut)
            db.update(repeating: 0)
            db.addColumnSums(of: gradient, rows: n, leading: ldg)
            // G_ℓ W_ℓᵀ: the gradient of the layer's input (none for the inputs when not asked).
            if l == 0 && dx == nil { break }
            let target = l == 0 ? dx! : scratch + (l % 2) * half
            Tensor.multiplyAccumulate(rows: n, columns: fanIn, inner: fanOut, gradient, leading: ldg, transposed: false,
                                      θ + w.lowerBound, leading: fanOut, transposed: true, into: target, leading: ldIn, overwrite: true)
            if l > 0 { activation.multiplyByDerivative(target, rows: n, columns: fanIn, leading: ldIn, outputs: input) }
            gradient = UnsafePointer(target)
            ldg = ldIn
        }
    }
}

extension MLP {
    /// ∂L/∂θ of a loss L of the outputs, without a tape: runs the network on the `n` inputs `x`
    /// (n × d₀, row-major), hands the outputs f (n × d_L) to `outputGradient`, which overwrites
    /// them with ∂L/∂f, and backpropagates that. The same numbers as the pullback of
    /// ``callAsFunction(_:parameters:)`` (same products, same order), without the tape's nodes,
    /// its allocations and the gradient of the inputs; the buffers live on the stack.
    public func parameterGradient(_ x: [Double], count n: Int, parameters θ: [Double],
                                  outputGradient: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        precondition(θ.count == parameterCount, "MLP.parameterGradient: θ has \(θ.count) entries, the network needs \(parameterCount)")
        precondition(x.count == n * sizes[0] && n > 0, "MLP.parameterGradient: \(x.count) inputs for \(n) rows of \(sizes[0])")
        let offsets = outputOffsets(count: n)
        let half = gradientRoom(count: n)
        return [Double](unsafeUninitializedCapacity: θ.count) { dθ, initialized in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: offsets[layerCount] + 2 * half) { buffer in
                let outputs = buffer.baseAddress!, scratch = outputs + offsets[layerCount]
                x.withUnsafeBufferPointer { px in
                    θ.withUnsafeBufferPointer { pθ in
                        run(px.baseAddress!, count: n, parameters: pθ.baseAddress!, into: outputs, offsets: offsets)
                        let last = outputs + offsets[layerCount - 1]
                        outputGradient(UnsafeMutableBufferPointer(start: last, count: offsets[layerCount] - offsets[layerCount - 1]))
                        backpropagate(last, count: n, x: px.baseAddress!, parameters: pθ.baseAddress!, outputs: outputs, offsets: offsets,
                                      scratch: scratch, half: half, inputGradient: nil, parameterGradient: dθ.baseAddress!)
                    }
                }
            }
            initialized = θ.count
        }
    }
}

extension Activation {
    /// g ⊙ a′, with a′ computed from the activation's output h: the activations' pullbacks.
    func multiplyByDerivative(_ g: UnsafeMutableBufferPointer<Double>, outputs h: UnsafePointer<Double>) {
        switch self {
        case .tanh: g.multiplyByTanhDerivative(outputs: h)
        case .sigmoid: for i in g.indices { g[i] = g[i] * h[i] * (1 - h[i]) }
        case .relu: g.multiplyByReLUDerivative(outputs: h)
        case .identity: break
        }
    }

    /// The same on an n × m matrix g whose rows, and h's, lie `leading` numbers apart (the
    /// numbers between rows untouched).
    func multiplyByDerivative(_ g: UnsafeMutablePointer<Double>, rows n: Int, columns m: Int, leading ld: Int,
                              outputs h: UnsafePointer<Double>) {
        if ld == m { return multiplyByDerivative(UnsafeMutableBufferPointer(start: g, count: n * m), outputs: h) }
        for i in 0..<n { multiplyByDerivative(UnsafeMutableBufferPointer(start: g + i * ld, count: m), outputs: h + i * ld) }
    }

    /// The nonlinearity on an n × m matrix whose rows lie `leading` numbers apart, in place (the
    /// numbers between rows untouched).
    func apply(inPlace x: UnsafeMutablePointer<Double>, rows n: Int, columns m: Int, leading ld: Int) {
        if ld == m { return apply(inPlace: UnsafeMutableBufferPointer(start: x, count: n * m)) }
        for i in 0..<n { apply(inPlace: UnsafeMutableBufferPointer(start: x + i * ld, count: m)) }
    }
}
