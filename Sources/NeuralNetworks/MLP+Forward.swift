import Autodiff
import Foundation

extension MLP {
    /// The outputs for `count` inputs (row-major, count × d₀) and parameters θ, computed with
    /// no tape (the layer kernels of the differentiable path): the fast path for samplers that
    /// only need values.
    /// Returns count × d_L numbers, row-major.
    public func forward(_ x: [Double], count n: Int, parameters θ: [Double]) -> [Double] {
        precondition(θ.count == parameterCount, "MLP.forward: θ has \(θ.count) entries, the network needs \(parameterCount)")
        precondition(x.count == n * sizes[0], "MLP.forward: \(x.count) inputs for \(n) rows of \(sizes[0])")
        guard n > 0 else { return [] }
        let (outputs, offsets) = layerOutputs(x, count: n, parameters: θ)
        return Array(outputs[offsets[layerCount - 1]...])
    }

    /// The input of every layer for the `n` rows of `x`: layer 0's is `x` itself, layer ℓ's the
    /// activations a(h_{ℓ−1}) of the layer before (n × d_ℓ, row-major). What a Kronecker-factored
    /// curvature needs besides the output's gradients.
    public func layerInputs(_ x: [Double], count n: Int, parameters θ: [Double]) -> [[Double]] {
        precondition(θ.count == parameterCount, "MLP.layerInputs: θ has \(θ.count) entries, the network needs \(parameterCount)")
        precondition(x.count == n * sizes[0] && n > 0, "MLP.layerInputs: \(x.count) inputs for \(n) rows of \(sizes[0])")
        let (outputs, offsets) = layerOutputs(x, count: n, parameters: θ)
        return [x] + (0..<(layerCount - 1)).map { l in
            let (d, ld) = (sizes[l + 1], rowStride(l))
            if ld == d { return Array(outputs[offsets[l]..<offsets[l + 1]]) }
            return (0..<n).flatMap { i in outputs[(offsets[l] + i * ld)..<(offsets[l] + i * ld + d)] }   // drop the padding
        }
    }

    /// Every layer's outputs, layer ℓ's at `offsets[ℓ]` (see ``run(_:count:parameters:into:offsets:)``).
    private func layerOutputs(_ x: [Double], count n: Int, parameters θ: [Double]) -> (outputs: [Double], offsets: [Int]) {
        let offsets = outputOffsets(count: n)
        var outputs = [Double](unsafeUninitializedCapacity: offsets[layerCount]) { _, k in k = offsets[layerCount] }
        x.withUnsafeBufferPointer { px in
            θ.withUnsafeBufferPointer { pθ in
                outputs.withUnsafeMutableBufferPointer { out in
                    run(px.baseAddress!, count: n, parameters: pθ.baseAddress!, into: out.baseAddress!, offsets: offsets)
                }
            }
        }
        return (outputs, offsets)
    }
}

extension Activation {
    /// The nonlinearity on every element of `x`, in place (tanh eight lanes at a time).
    @inlinable
    public func apply(inPlace x: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .tanh: x.assignHyperbolicTangent(of: UnsafeBufferPointer(x))
        case .identity: break
        default: for j in x.indices { x[j] = apply(x[j]) }
        }
    }

    /// The nonlinearity on one number.
    @inline(__always)
    public func apply(_ x: Double) -> Double {
        switch self {
        case .tanh: return hyperbolicTangent(x)
        case .relu: return max(x, 0)
        case .sigmoid: return Autodiff.sigmoid(x)
        case .identity: return x
        }
    }
}
