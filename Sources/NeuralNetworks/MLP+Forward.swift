import Autodiff
import Foundation

extension MLP {
    /// The outputs for `count` inputs (row-major, count × d₀) and parameters θ, computed with
    /// plain loops and no tape: the fast path for samplers that only need values.
    /// Returns count × d_L numbers, row-major.
    public func forward(_ x: [Double], count n: Int, parameters θ: [Double]) -> [Double] {
        precondition(θ.count == parameterCount, "MLP.forward: θ has \(θ.count) entries, the network needs \(parameterCount)")
        var h = x
        var next = [Double]()
        θ.withUnsafeBufferPointer { p in
            for l in 0..<layerCount {
                let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
                let (w, b) = layout(l)
                next = [Double](repeating: 0, count: n * fanOut)
                let last = l == layerCount - 1
                h.withUnsafeBufferPointer { hp in
                    next.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n {
                            let row = out.baseAddress! + i * fanOut
                            for j in 0..<fanOut { row[j] = p[b.lowerBound + j] }
                            for k in 0..<fanIn {
                                let a = hp[i * fanIn + k]
                                let wrow = p.baseAddress! + w.lowerBound + k * fanOut
                                for j in 0..<fanOut { row[j] += a * wrow[j] }
                            }
                        }
                        if !last { activation.apply(inPlace: out) }
                    }
                }
                swap(&h, &next)
            }
        }
        return h
    }
}

extension Activation {
    /// The nonlinearity on every element of `x`, in place (tanh eight lanes at a time).
    @inlinable
    public func apply(inPlace x: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .tanh: x.assignLanes(from: UnsafeBufferPointer(x), hyperbolicTangent)
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
