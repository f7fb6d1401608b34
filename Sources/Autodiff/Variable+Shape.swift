extension Variable {
    /// The same elements under `newShape`. ∂ = ḡ reshaped back.
    public func reshaped(_ newShape: [Int]) -> Variable {
        let s = shape
        return tape.record(value.reshaped(newShape), inputs: [self]) { g in [g.reshaped(s)] }
    }

    /// The contiguous elements `range` of the flattened tensor, under `shape`: how a flat
    /// parameter vector θ is cut into layer matrices. ∂ = ḡ written into `range` of zeros.
    public func slice(_ range: Range<Int>, shape newShape: [Int]) -> Variable {
        precondition(range.lowerBound >= 0 && range.upperBound <= value.count,
                     "slice: range \(range) outside 0..<\(value.count)")
        let piece = Tensor(shape: newShape, scalars: Array(value.scalars[range]))
        return tape.recordPiece(piece, of: self, range: range)
    }

    /// Columns `range` of a matrix, as a matrix. ∂ = ḡ written into those columns of zeros.
    public func columns(_ range: Range<Int>) -> Variable {
        precondition(value.rank == 2, "columns: needs a matrix, got shape \(shape)")
        let (r, c, w) = (shape[0], shape[1], range.count)
        var out = [Double](); out.reserveCapacity(r * w)
        let v = value.scalars
        for i in 0..<r { out.append(contentsOf: v[(i * c + range.lowerBound)..<(i * c + range.upperBound)]) }
        return tape.record(Tensor(shape: [r, w], scalars: out), inputs: [self]) { g in
            var full = [Double](repeating: 0, count: r * c)
            for i in 0..<r { for j in 0..<w { full[i * c + range.lowerBound + j] = g.scalars[i * w + j] } }
            return [Tensor(shape: [r, c], scalars: full)]
        }
    }
}

/// Concatenation of vectors end to end (axis 0), or of matrices along `axis` (0: stack rows,
/// 1: side by side). ∂ = ḡ cut back into the pieces.
public func concatenate(_ parts: [Variable], alongAxis axis: Int = 0) -> Variable {
    precondition(!parts.isEmpty, "concatenate: nothing to concatenate")
    let values = parts.map(\.value)
    let shapes = values.map(\.shape)
    let tape = parts[0].tape
    if values[0].rank <= 1 || axis == 0 {
        let scalars = values.flatMap(\.scalars)
        let shape: [Int] = values[0].rank <= 1 ? [scalars.count]
            : [values.reduce(0) { $0 + $1.shape[0] }, values[0].shape[1]]
        return tape.record(Tensor(shape: shape, scalars: scalars), inputs: parts) { g in
            var offset = 0
            return shapes.map { s in
                let n = s.reduce(1, *)
                defer { offset += n }
                return Tensor(shape: s, scalars: Array(g.scalars[offset..<(offset + n)]))
            }
        }
    }
    let rows = values[0].shape[0]
    precondition(values.allSatisfy { $0.shape[0] == rows }, "concatenate: row counts differ: \(shapes)")
    let widths = values.map { $0.shape[1] }
    let total = widths.reduce(0, +)
    var out = [Double](); out.reserveCapacity(rows * total)
    for i in 0..<rows { for v in values { out.append(contentsOf: v.row(i)) } }
    return tape.record(Tensor(shape: [rows, total], scalars: out), inputs: parts) { g in
        var start = 0
        return widths.map { w in
            defer { start += w }
            var piece = [Double](); piece.reserveCapacity(rows * w)
            for i in 0..<rows { piece.append(contentsOf: g.scalars[(i * total + start)..<(i * total + start + w)]) }
            return Tensor(shape: [rows, w], scalars: piece)
        }
    }
}
