// Arithmetic primitives. Each forward computation is followed by its pullback: given the
// gradient ḡ of the output, the gradients of the inputs. Broadcast operands get their
// gradient summed back over the stretched axes (`unbroadcast`).

extension Variable {
    /// a + b (broadcasting). ∂/∂a = ḡ, ∂/∂b = ḡ.
    public static func + (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return a.tape.record(a.value + b.value, inputs: [a, b]) { g in
            [g.unbroadcast(to: sa), g.unbroadcast(to: sb)]
        }
    }

    /// a − b (broadcasting). ∂/∂a = ḡ, ∂/∂b = −ḡ.
    public static func - (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return a.tape.record(a.value - b.value, inputs: [a, b]) { g in
            [g.unbroadcast(to: sa), (-g).unbroadcast(to: sb)]
        }
    }

    /// a ⊙ b (broadcasting). ∂/∂a = ḡ ⊙ b, ∂/∂b = ḡ ⊙ a.
    public static func * (a: Variable, b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        return a.tape.record(va * vb, inputs: [a, b]) { g in
            [(g * vb).unbroadcast(to: va.shape), (g * va).unbroadcast(to: vb.shape)]
        }
    }

    /// a ⊘ b (broadcasting). ∂/∂a = ḡ ⊘ b, ∂/∂b = −ḡ ⊙ a ⊘ b².
    public static func / (a: Variable, b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        return a.tape.record(va / vb, inputs: [a, b]) { g in
            [(g / vb).unbroadcast(to: va.shape),
             Tensor.zip(g * va, vb) { gv, y in -gv / (y * y) }.unbroadcast(to: vb.shape)]
        }
    }

    /// −a. ∂/∂a = −ḡ.
    public static prefix func - (a: Variable) -> Variable {
        a.tape.record(-a.value, inputs: [a]) { g in [-g] }
    }

    /// The matrix product a · b of (n×k) and (k×m) matrices.
    /// ∂/∂a = ḡ · bᵀ, ∂/∂b = aᵀ · ḡ.
    public static func matmul(_ a: Variable, _ b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        return a.tape.record(Tensor.matmul(va, vb), inputs: [a, b]) { g in
            [Tensor.matmul(g, vb, transposeB: true), Tensor.matmul(va, g, transposeA: true)]
        }
    }

    /// The affine map x · W + b of a layer, fused: x (n×k), W (k×m), b (m), added to every row.
    /// ∂/∂x = ḡ · Wᵀ, ∂/∂W = xᵀ · ḡ, ∂/∂b = Σ_rows ḡ.
    public static func affine(_ x: Variable, _ w: Variable, _ b: Variable) -> Variable {
        let (vx, vw) = (x.value, w.value)
        let bShape = b.shape
        return x.tape.record(Tensor.affine(vx, vw, b.value), inputs: [x, w, b]) { g in
            [Tensor.matmul(g, vw, transposeA: false, transposeB: true, shape: vx.shape),
             Tensor.matmul(vx, g, transposeA: true, transposeB: false, shape: vw.shape),
             Tensor(shape: bShape, scalars: g.sums(alongAxis: 0))]
        }
    }

    /// The transpose of a matrix. ∂/∂a = ḡᵀ.
    public func transposed() -> Variable {
        let s = shape
        return tape.record(value.transposed(), inputs: [self]) { g in [g.transposed().reshaped(s)] }
    }
}

// Mixed operands: a constant is a leaf on the same tape.
extension Variable {
    public static func + (a: Variable, b: Tensor) -> Variable { a + a.constant(b) }
    public static func + (a: Tensor, b: Variable) -> Variable { b.constant(a) + b }
    public static func + (a: Variable, b: Double) -> Variable { a + a.constant(Tensor(b)) }
    public static func + (a: Double, b: Variable) -> Variable { b.constant(Tensor(a)) + b }
    public static func - (a: Variable, b: Tensor) -> Variable { a - a.constant(b) }
    public static func - (a: Tensor, b: Variable) -> Variable { b.constant(a) - b }
    public static func - (a: Variable, b: Double) -> Variable { a - a.constant(Tensor(b)) }
    public static func - (a: Double, b: Variable) -> Variable { b.constant(Tensor(a)) - b }
    public static func * (a: Variable, b: Tensor) -> Variable { a * a.constant(b) }
    public static func * (a: Tensor, b: Variable) -> Variable { b.constant(a) * b }
    public static func * (a: Variable, b: Double) -> Variable { a * a.constant(Tensor(b)) }
    public static func * (a: Double, b: Variable) -> Variable { b.constant(Tensor(a)) * b }
    public static func / (a: Variable, b: Tensor) -> Variable { a / a.constant(b) }
    public static func / (a: Tensor, b: Variable) -> Variable { b.constant(a) / b }
    public static func / (a: Variable, b: Double) -> Variable { a / a.constant(Tensor(b)) }
    public static func / (a: Double, b: Variable) -> Variable { b.constant(Tensor(a)) / b }
    public static func matmul(_ a: Tensor, _ b: Variable) -> Variable { matmul(b.constant(a), b) }
    public static func matmul(_ a: Variable, _ b: Tensor) -> Variable { matmul(a, a.constant(b)) }
}

/// The affine map x · W + b (see ``Variable/affine(_:_:_:)``).
public func affine(_ x: Variable, _ w: Variable, _ b: Variable) -> Variable { Variable.affine(x, w, b) }

/// The matrix product a · b (see ``Variable/matmul(_:_:)-(Variable,Variable)``).
public func matmul(_ a: Variable, _ b: Variable) -> Variable { Variable.matmul(a, b) }
public func matmul(_ a: Tensor, _ b: Variable) -> Variable { Variable.matmul(a, b) }
public func matmul(_ a: Variable, _ b: Tensor) -> Variable { Variable.matmul(a, b) }
