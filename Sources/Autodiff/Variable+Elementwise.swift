import Foundation
import NumericalMethods

// Elementwise primitives with their pullbacks. `sigmoid` and `softplus` are primitives rather
// than compositions so that they stay finite for large |x|.

/// eˣ. ∂ = ḡ ⊙ eˣ.
public func exp(_ x: Variable) -> Variable {
    let y = Tensor(shape: x.shape, scalars: Elementary.exp(x.value.scalars))
    return x.tape.record(y, inputs: [x]) { g in [g * y] }
}

/// ln x. ∂ = ḡ ⊘ x.
public func log(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(Tensor(shape: v.shape, scalars: Elementary.log(v.scalars)), inputs: [x]) { g in [g / v] }
}

/// tanh x. ∂ = ḡ ⊙ (1 − tanh² x).
public func tanh(_ x: Variable) -> Variable {
    let y = x.value.hyperbolicTangent()
    return x.tape.record(y, inputs: [x]) { g in [Tensor.zip(g, y) { gv, t in gv * (1 - t * t) }] }
}

/// max(x, 0). ∂ = ḡ ⊙ 𝟙[x > 0].
public func relu(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(v.map { max($0, 0) }, inputs: [x]) { g in [Tensor.zip(g, v) { gv, u in u > 0 ? gv : 0 }] }
}

/// σ(x) = 1/(1 + e⁻ˣ). ∂ = ḡ ⊙ σ(x)(1 − σ(x)).
public func sigmoid(_ x: Variable) -> Variable {
    let y = Tensor(shape: x.shape, scalars: Elementary.sigmoid(x.value.scalars))
    return x.tape.record(y, inputs: [x]) { g in [Tensor.zip(g, y) { gv, s in gv * s * (1 - s) }] }
}

/// softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|). ∂ = ḡ ⊙ σ(x).
public func softplus(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(Tensor(shape: v.shape, scalars: Elementary.softplus(v.scalars)), inputs: [x]) { g in
        [g * Tensor(shape: v.shape, scalars: Elementary.sigmoid(v.scalars))]
    }
}

/// x². ∂ = 2ḡ ⊙ x.
public func square(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(v.map { $0 * $0 }, inputs: [x]) { g in [Tensor.zip(g, v) { gv, u in 2 * gv * u }] }
}

/// √x. ∂ = ḡ ⊘ (2√x).
public func sqrt(_ x: Variable) -> Variable {
    let y = x.value.map { $0.squareRoot() }
    return x.tape.record(y, inputs: [x]) { g in [Tensor.zip(g, y) { gv, r in gv / (2 * r) }] }
}

/// The logistic function 1/(1 + e⁻ˣ), stable for large |x| (`Elementary.sigmoid` on one number).
@inlinable
public func sigmoid(_ x: Double) -> Double { Elementary.sigmoid(x) }

/// ln(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|) (`Elementary.softplus` on one number).
@inlinable
public func softplus(_ x: Double) -> Double { Elementary.softplus(x) }
