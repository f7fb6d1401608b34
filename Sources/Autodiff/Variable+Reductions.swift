import Foundation
import NumericalMethods

extension Variable {
    /// Σᵢ xᵢ over all elements, a scalar. ∂ = ḡ broadcast to the input's shape.
    public func sum() -> Variable {
        let s = shape
        return tape.record(Tensor(value.sum()), inputs: [self]) { g in [Tensor(repeating: g.scalar, shape: s)] }
    }

    /// Sum along `axis` of a matrix: axis 0 → column sums (a vector of `columns`),
    /// axis 1 → row sums (a vector of `rows`). ∂ = ḡ repeated along the summed axis.
    public func sum(alongAxis axis: Int) -> Variable {
        let s = shape
        return tape.record(value.sum(alongAxis: axis), inputs: [self]) { g in
            let stretched = axis == 0 ? g.reshaped([1, g.count]) : g.reshaped([g.count, 1])
            return [Tensor.zip(Tensor.zeros(s), stretched) { _, v in v }]
        }
    }

    /// The mean of all elements, (1/n) Σᵢ xᵢ (composite: a sum and a scaling).
    public func mean() -> Variable { sum() * (1 / Double(value.count)) }

    /// The mean along `axis` (composite).
    public func mean(alongAxis axis: Int) -> Variable {
        let extent = value.rank < 2 ? value.count : shape[axis]
        return sum(alongAxis: axis) * (1 / Double(extent))
    }
}

extension Variable {
    /// The mean squared difference (1/n) Σᵢ (xᵢ − tᵢ)² to a constant `target` of the same shape,
    /// fused into one node (a training step's loss). ∂ = (2/n) ḡ (x − t).
    public func meanSquaredDifference(to target: Tensor) -> Variable {
        precondition(target.shape == shape, "meanSquaredDifference: shapes \(shape) and \(target.shape) differ")
        let residual = Tensor.zip(value, target, -)
        let n = Double(residual.count)
        let value = residual.scalars.withUnsafeBufferPointer { r in
            var s = 0.0
            for v in r { s += v * v }
            return s / n
        }
        return tape.record(Tensor(value), inputs: [self]) { g in [(2 * g.scalar / n) * residual] }
    }
}


extension Variable {
    /// The mean softmax cross-entropy of logits z (n × K) against class labels yᵢ ∈ 0..<K,
    ///
    ///   (1/n) Σᵢ [ln Σₖ e^{zᵢₖ} − zᵢ,yᵢ],   ∂/∂zᵢₖ = (softmax(zᵢ)ₖ − [k = yᵢ]) / n,
    ///
    /// fused into one node; ln Σ e^z is taken after subtracting each row's maximum, so large
    /// logits do not overflow.
    public func softmaxCrossEntropy(labels: [Int]) -> Variable {
        precondition(shape.count == 2 && shape[0] == labels.count, "softmaxCrossEntropy: logits \(shape) for \(labels.count) labels")
        let (n, k) = (shape[0], shape[1])
        precondition(labels.allSatisfy { (0..<k).contains($0) }, "softmaxCrossEntropy: a label is outside 0..<\(k)")
        let z = value.scalars
        var probabilities = [Double](repeating: 0, count: n * k)
        var total = 0.0
        for i in 0..<n {
            let row = z[(i * k)..<((i + 1) * k)]
            let m = row.max()!
            var s = 0.0
            for j in 0..<k { s += Elementary.exp(z[i * k + j] - m) }
            for j in 0..<k { probabilities[i * k + j] = Elementary.exp(z[i * k + j] - m) / s }
            total += m + Elementary.log(s) - z[i * k + labels[i]]
        }
        let nn = Double(n)
        return tape.record(Tensor(total / nn), inputs: [self]) { g in
            var d = probabilities
            for i in 0..<n { d[i * k + labels[i]] -= 1 }
            let scale = g.scalar / nn
            return [Tensor(shape: [n, k], scalars: d.map { $0 * scale })]
        }
    }

    /// The mean binary cross-entropy of logits z (n × 1) against labels yᵢ ∈ {0, 1} (a Bernoulli
    /// likelihood with p = σ(z)),
    ///
    ///   (1/n) Σᵢ [softplus(zᵢ) − yᵢ zᵢ],   ∂/∂zᵢ = (σ(zᵢ) − yᵢ) / n,
    ///
    /// fused into one node (softplus(z) = ln(1 + e^z), computed without overflow).
    public func binaryCrossEntropy(labels: [Int]) -> Variable {
        precondition(shape.count == 2 && shape[1] == 1 && shape[0] == labels.count, "binaryCrossEntropy: logits \(shape) for \(labels.count) labels")
        precondition(labels.allSatisfy { $0 == 0 || $0 == 1 }, "binaryCrossEntropy: labels must be 0 or 1")
        let z = value.scalars, n = Double(labels.count)
        let total = zip(z, labels).reduce(0.0) { $0 + Autodiff.softplus($1.0) - Double($1.1) * $1.0 }
        return tape.record(Tensor(total / n), inputs: [self]) { g in
            let scale = g.scalar / n
            return [Tensor(shape: [labels.count, 1], scalars: zip(z, labels).map { (Autodiff.sigmoid($0) - Double($1)) * scale })]
        }
    }
}
