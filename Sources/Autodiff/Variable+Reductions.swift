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

