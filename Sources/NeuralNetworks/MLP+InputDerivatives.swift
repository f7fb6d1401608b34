import Autodiff

// Derivatives of the network's output in its INPUT, u_x and u_xx, as functions of θ that are
// themselves differentiated in θ: what a physics-informed likelihood needs, whose residual
// λu_xx + k·tanh(u) − f contains the second derivative of the network in x.
//
// Forward mode carries two tangents along one input direction e_j, layer by layer: with
// z = hW + b, z′ = tW, z″ = sW (the affine map is linear in the tangents, and the bias drops out)
// and h⁺ = a(z), t⁺ = a′(z) z′, s⁺ = a′(z) z″ + a″(z) z′² (the chain rule twice), starting from
// h₀ = x, t₀ = e_j, s₀ = 0; the output layer has no activation, so (u, u_x, u_xx) = (z, z′, z″).
// The three are stacked as 3n rows and go through each weight matrix as ONE product.
//
// Reverse mode then runs back through those recorded values (hand-written, like the network's own
// backpropagation): for the affine map, with adjoints z̄, z̄′, z̄″ of the three rows,
//   W̄ += hᵀz̄ + tᵀz̄′ + sᵀz̄″,  b̄ += Σ_rows z̄,  (h̄, t̄, s̄) = (z̄, z̄′, z̄″) Wᵀ,
// and for the activation, from h⁺ = a(z), t⁺ = a′z′, s⁺ = a′z″ + a″z′²,
//   z̄″ = s̄ a′,  z̄′ = t̄ a′ + 2 s̄ a″ z′,  z̄ = h̄ a′ + t̄ a″ z′ + s̄ (a″ z″ + a‴ z′²).
// For tanh, with h = tanh z: a′ = 1 − h², a″ = −2h a′, a‴ = −2a′² + 4h² a′.

/// The network's outputs and their first and second derivatives along one input coordinate, for
/// `count` input rows: each n × d_L, row-major.
public struct InputDerivatives: Sendable, Equatable {
    /// u(x).
    public var value: [Double]
    /// ∂u/∂x_j.
    public var first: [Double]
    /// ∂²u/∂x_j².
    public var second: [Double]
}

extension Activation {
    /// (a′, a″, a‴) at the pre-activation whose activation is `h` (tanh, sigmoid: written in h;
    /// ReLU: 𝟙[h > 0], 0, 0, its second derivative taken as 0 everywhere; identity: 1, 0, 0).
    @inline(__always)
    func derivatives(output h: Double) -> (Double, Double, Double) {
        switch self {
        case .tanh:
            let d1 = 1 - h * h
            return (d1, -2 * h * d1, -2 * d1 * d1 + 4 * h * h * d1)
        case .sigmoid:
            let d1 = h * (1 - h), d2 = d1 * (1 - 2 * h)
            return (d1, d2, d2 * (1 - 2 * h) - 2 * d1 * d1)
        case .relu: return (h > 0 ? 1 : 0, 0, 0)
        case .identity: return (1, 0, 0)
        }
    }
}

extension MLP {
    /// Row offsets of the stacked (h, t, s) of every layer for `n` inputs: layer ℓ's 3n × d_{ℓ+1}
    /// block starts at `offsets[ℓ]`; the last entry is the size.
    private func stackedOffsets(count n: Int) -> [Int] {
        var offsets = [0]
        for l in 0..<layerCount { offsets.append(offsets[l] + 3 * n * sizes[l + 1]) }
        return offsets
    }

    /// The forward sweep: layer ℓ's (h, t, s) stacked at `stack + offsets[ℓ]`, after the
    /// activation (the last layer's is (u, u_x, u_xx)); `input` holds (x, e_j, 0) stacked. With
    /// `tangents`, a hidden layer ℓ's pre-activation tangents (z′, z″) go to `tangents + 2n·Σ_{l<ℓ} d_{l+1}`
    /// (what the reverse sweep needs).
    private func runTangents(_ input: UnsafePointer<Double>, count n: Int, parameters θ: UnsafePointer<Double>,
                             into stack: UnsafeMutablePointer<Double>, offsets: [Int], tangents: UnsafeMutablePointer<Double>? = nil) {
        var saved = tangents
        for l in 0..<layerCount {
            let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
            let (w, b) = layout(l)
            let inRows = l == 0 ? input : UnsafePointer(stack + offsets[l - 1])
            let out = stack + offsets[l]
            // z = hW + b on the first n rows, z′ = tW and z″ = sW below them: one product.
            for i in 0..<n { (out + i * fanOut).update(from: θ + b.lowerBound, count: fanOut) }
            (out + n * fanOut).update(repeating: 0, count: 2 * n * fanOut)
            Tensor.multiplyAccumulate(rows: 3 * n, columns: fanOut, inner: fanIn, inRows, leading: fanIn, transposed: false,
                                      θ + w.lowerBound, leading: fanOut, transposed: false, into: out, overwrite: false)
            guard l < layerCount - 1 else { break }
            let (h, t, s) = (out, out + n * fanOut, out + 2 * n * fanOut)
            activation.apply(inPlace: UnsafeMutableBufferPointer(start: h, count: n * fanOut))
            if let z = saved {
                z.update(from: t, count: 2 * n * fanOut)
                saved = z + 2 * n * fanOut
            }
            if activation == .tanh {   // the same operations, eight lanes at a time
                tanhTangents(outputs: h, first: t, second: s, count: n * fanOut)
                continue
            }
            for k in 0..<(n * fanOut) {
                let (d1, d2, _) = activation.derivatives(output: h[k])
                let (z1, z2) = (t[k], s[k])
                t[k] = d1 * z1
                s[k] = d1 * z2 + d2 * z1 * z1
            }
        }
    }

    /// (x, e_j, 0) stacked: the inputs and their two tangents along coordinate `j`.
    private func seededInputs(_ x: [Double], count n: Int, direction j: Int) -> [Double] {
        let d = sizes[0]
        var input = [Double](repeating: 0, count: 3 * n * d)
        for k in 0..<(n * d) { input[k] = x[k] }
        for i in 0..<n { input[n * d + i * d + j] = 1 }
        return input
    }

    /// u, ∂u/∂x_j and ∂²u/∂x_j² at `count` inputs `x` (row-major, n × d₀), by forward-mode
    /// tangents through the layers (no tape): see the notes at the top of this file.
    public func inputDerivatives(_ x: [Double], count n: Int, direction j: Int = 0, parameters θ: [Double]) -> InputDerivatives {
        precondition(θ.count == parameterCount, "MLP.inputDerivatives: θ has \(θ.count) entries, the network needs \(parameterCount)")
        precondition(x.count == n * sizes[0] && n > 0, "MLP.inputDerivatives: \(x.count) inputs for \(n) rows of \(sizes[0])")
        precondition((0..<sizes[0]).contains(j), "MLP.inputDerivatives: direction \(j) outside 0..<\(sizes[0])")
        let offsets = stackedOffsets(count: n)
        let input = seededInputs(x, count: n, direction: j)
        var stack = [Double](repeating: 0, count: offsets[layerCount])
        input.withUnsafeBufferPointer { pi in
            θ.withUnsafeBufferPointer { pθ in
                stack.withUnsafeMutableBufferPointer { ps in
                    runTangents(pi.baseAddress!, count: n, parameters: pθ.baseAddress!, into: ps.baseAddress!, offsets: offsets)
                }
            }
        }
        let last = offsets[layerCount - 1], m = n * sizes[layerCount]
        return InputDerivatives(value: Array(stack[last..<(last + m)]), first: Array(stack[(last + m)..<(last + 2 * m)]),
                                second: Array(stack[(last + 2 * m)..<(last + 3 * m)]))
    }

    /// ∂L/∂θ of a loss L(u, u_x, u_xx) of the outputs and their input derivatives along x_j,
    /// without a tape: runs the forward sweep of ``inputDerivatives(_:count:direction:parameters:)``,
    /// hands (u, u_x, u_xx) — three n × d_L buffers — to `outputGradient`, which overwrites each
    /// with ∂L/∂u, ∂L/∂u_x, ∂L/∂u_xx, and runs the reverse sweep described at the top of this file.
    public func inputDerivativesParameterGradient(
        _ x: [Double], count n: Int, direction j: Int = 0, parameters θ: [Double],
        outputGradient: (_ value: UnsafeMutableBufferPointer<Double>, _ first: UnsafeMutableBufferPointer<Double>,
                         _ second: UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        precondition(θ.count == parameterCount, "MLP.inputDerivativesParameterGradient: θ has \(θ.count) entries, the network needs \(parameterCount)")
        precondition(x.count == n * sizes[0] && n > 0, "MLP.inputDerivativesParameterGradient: \(x.count) inputs for \(n) rows of \(sizes[0])")
        precondition((0..<sizes[0]).contains(j), "MLP.inputDerivativesParameterGradient: direction \(j) outside 0..<\(sizes[0])")
        let offsets = stackedOffsets(count: n)
        let input = seededInputs(x, count: n, direction: j)
        let widest = 3 * n * sizes.max()!
        var dθ = [Double](repeating: 0, count: θ.count)
        let tangentCount = 2 * n * sizes.dropFirst().dropLast().reduce(0, +)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: offsets[layerCount] + 2 * widest + tangentCount) { buffer in
            let stack = buffer.baseAddress!, scratch = stack + offsets[layerCount], tangents = scratch + 2 * widest
            // Where hidden layer ℓ's (z′, z″) start in `tangents`.
            var tangentOffsets = [0]
            for l in 1..<max(layerCount, 1) { tangentOffsets.append(tangentOffsets[l - 1] + 2 * n * sizes[l]) }
            input.withUnsafeBufferPointer { pi in
                θ.withUnsafeBufferPointer { pθ in
                    dθ.withUnsafeMutableBufferPointer { pd in
                        let θp = pθ.baseAddress!, dp = pd.baseAddress!
                        runTangents(pi.baseAddress!, count: n, parameters: θp, into: stack, offsets: offsets, tangents: tangents)
                        let m = n * sizes[layerCount]
                        let last = stack + offsets[layerCount - 1]
                        outputGradient(UnsafeMutableBufferPointer(start: last, count: m), UnsafeMutableBufferPointer(start: last + m, count: m),
                                       UnsafeMutableBufferPointer(start: last + 2 * m, count: m))
                        // The stacked adjoints (z̄, z̄′, z̄″) of the current layer, 3n × d_ℓ.
                        var adjoint = UnsafeMutablePointer(last)
                        for l in stride(from: layerCount - 1, through: 0, by: -1) {
                            let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
                            let (w, b) = layout(l)
                            let inRows = l == 0 ? pi.baseAddress! : UnsafePointer(stack + offsets[l - 1])
                            // W̄ = [h; t; s]ᵀ [z̄; z̄′; z̄″], b̄ = Σ_rows z̄.
                            Tensor.multiplyAccumulate(rows: fanIn, columns: fanOut, inner: 3 * n, inRows, leading: fanIn, transposed: true,
                                                      adjoint, leading: fanOut, transposed: false, into: dp + w.lowerBound, overwrite: true)
                            let db = dp + b.lowerBound
                            db.update(repeating: 0, count: fanOut)
                            for i in 0..<n {
                                let row = adjoint + i * fanOut
                                for k in 0..<fanOut { db[k] += row[k] }
                            }
                            guard l > 0 else { break }
                            // (h̄, t̄, s̄) = (z̄, z̄′, z̄″) Wᵀ, then back through the activation of layer l − 1.
                            let target = scratch + (l % 2) * widest
                            Tensor.multiplyAccumulate(rows: 3 * n, columns: fanIn, inner: fanOut, adjoint, leading: fanOut, transposed: false,
                                                      θp + w.lowerBound, leading: fanOut, transposed: true, into: target, overwrite: true)
                            let h = inRows
                            let (zt, zs) = (UnsafePointer(tangents + tangentOffsets[l - 1]), UnsafePointer(tangents + tangentOffsets[l - 1] + n * fanIn))
                            let (hb, tb, sb) = (target, target + n * fanIn, target + 2 * n * fanIn)
                            if activation == .tanh {   // the same operations, eight lanes at a time
                                tanhTangentsPullback(outputs: h, first: zt, second: zs, adjoints: hb, tb, sb, count: n * fanIn)
                                adjoint = target
                                continue
                            }
                            for k in 0..<(n * fanIn) {
                                let (d1, d2, d3) = activation.derivatives(output: h[k])
                                let (z1, z2) = (zt[k], zs[k])
                                let (gh, gt, gs) = (hb[k], tb[k], sb[k])
                                hb[k] = gh * d1 + gt * d2 * z1 + gs * (d2 * z2 + d3 * z1 * z1)
                                tb[k] = gt * d1 + 2 * gs * d2 * z1
                                sb[k] = gs * d1
                            }
                            adjoint = target
                        }
                    }
                }
            }
        }
        return dθ
    }
}

extension MLP {
    /// u, ∂u/∂x_j and ∂²u/∂x_j² at constant inputs `x` (n × d₀) as Variables of θ on its tape,
    /// each n × d_L: one primitive whose pullback is the reverse sweep of
    /// ``inputDerivativesParameterGradient(_:count:direction:parameters:outputGradient:)``, so any
    /// loss written with the tape's operations from the three (a PDE residual) has its ∂/∂θ.
    public func inputDerivatives(_ x: Tensor, direction j: Int = 0, parameters θ: Variable) -> (value: Variable, first: Variable, second: Variable) {
        precondition(x.rank == 2 && x.shape[1] == sizes[0], "MLP.inputDerivatives: inputs must be n × \(sizes[0]), got shape \(x.shape)")
        let n = x.shape[0], m = n * sizes[layerCount]
        let (xs, vθ) = (x.scalars, θ.value.scalars)
        let d = inputDerivatives(xs, count: n, direction: j, parameters: vθ)
        let stacked = θ.tape.record(Tensor(shape: [3 * n, sizes[layerCount]], scalars: d.value + d.first + d.second), inputs: [θ]) { g in
            let gs = g.scalars
            let dθ = self.inputDerivativesParameterGradient(xs, count: n, direction: j, parameters: vθ) { u, ux, uxx in
                for k in 0..<m { u[k] = gs[k]; ux[k] = gs[m + k]; uxx[k] = gs[2 * m + k] }
            }
            return [Tensor(dθ)]
        }
        let shape = [n, sizes[layerCount]]
        return (stacked.slice(0..<m, shape: shape), stacked.slice(m..<(2 * m), shape: shape), stacked.slice((2 * m)..<(3 * m), shape: shape))
    }
}
