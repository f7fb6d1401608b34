import Foundation

// Elementwise primitives with their pullbacks. `sigmoid` and `softplus` are primitives rather
// than compositions so that they stay finite for large |x|.

/// eˣ. ∂ = ḡ ⊙ eˣ.
public func exp(_ x: Variable) -> Variable {
    let y = x.value.map { Foundation.exp($0) }
    return x.tape.record(y, inputs: [x]) { g in [g * y] }
}

/// ln x. ∂ = ḡ ⊘ x.
public func log(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(v.map { Foundation.log($0) }, inputs: [x]) { g in [g / v] }
}

/// tanh x. ∂ = ḡ ⊙ (1 − tanh² x).
public func tanh(_ x: Variable) -> Variable {
    let y = x.value.map(hyperbolicTangent)
    return x.tape.record(y, inputs: [x]) { g in [Tensor.zip(g, y) { gv, t in gv * (1 - t * t) }] }
}

/// max(x, 0). ∂ = ḡ ⊙ 𝟙[x > 0].
public func relu(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(v.map { max($0, 0) }, inputs: [x]) { g in [Tensor.zip(g, v) { gv, u in u > 0 ? gv : 0 }] }
}

/// σ(x) = 1/(1 + e⁻ˣ). ∂ = ḡ ⊙ σ(x)(1 − σ(x)).
public func sigmoid(_ x: Variable) -> Variable {
    let y = x.value.map(sigmoid)
    return x.tape.record(y, inputs: [x]) { g in [Tensor.zip(g, y) { gv, s in gv * s * (1 - s) }] }
}

/// softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|). ∂ = ḡ ⊙ σ(x).
public func softplus(_ x: Variable) -> Variable {
    let v = x.value
    return x.tape.record(v.map(softplus), inputs: [x]) { g in [Tensor.zip(g, v) { gv, u in gv * sigmoid(u) }] }
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

/// The logistic function 1/(1 + e⁻ˣ), stable for large |x|.
@inlinable
public func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : { let e = Foundation.exp(x); return e / (1 + e) }()
}

/// ln(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|).
@inlinable
public func softplus(_ x: Double) -> Double {
    max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
}

/// tanh x to within a few units in the last place, faster than libm's (which goes through
/// expm1): for |x| ≥ 0.625, 1 − 2/(e^{2|x|} + 1) with the sign restored; below, the rational
/// approximation x + x³ P(x²)/Q(x²) of Cephes' `tanh.c` (Moshier), whose relative error is below
/// 3e-16 there. The test suite compares it with libm on a dense grid.
@inlinable
public func hyperbolicTangent(_ x: Double) -> Double {
    let a = abs(x)
    if a >= 0.625 {
        if a > 22 { return x > 0 ? 1 : -1 }   // 1 − tanh(22) < 2⁻⁶³
        let r = 1 - 2 / (Foundation.exp(2 * a) + 1)
        return x < 0 ? -r : r
    }
    let z = x * x
    if z == 0 { return x }   // keeps the sign of −0
    let p = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3
    let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
    return x + x * z * (p / q)
}
