// Elementwise kernels written once on eight lanes and run over a buffer eight elements at a time.
// Lane-wise arithmetic rounds exactly as the same scalar arithmetic does, so a kernel gives the
// same numbers whatever vector width the compiler picks for it.

/// Eight `Double`s processed together (two 256-bit registers with AVX2: enough independent work
/// to keep the divider and the adders busy; measured faster than four for tanh and Adam).
public typealias Lanes = SIMD8<Double>
/// The bit patterns of ``Lanes``.
public typealias LaneBits = SIMD8<UInt64>

extension UnsafeBufferPointer<Double> {
    /// The ``Lanes`` elements from `i`; past the end, zeros.
    @inlinable @inline(__always)
    public func lanes(at i: Int) -> Lanes {
        if i + Lanes.scalarCount <= count { return UnsafeRawPointer(baseAddress! + i).loadUnaligned(as: Lanes.self) }
        var v = Lanes()
        for k in 0..<(count - i) { v[k] = self[i + k] }
        return v
    }
}

extension UnsafeMutableBufferPointer<Double> {
    /// The ``Lanes`` elements from `i`; past the end, zeros.
    @inlinable @inline(__always)
    public func lanes(at i: Int) -> Lanes { UnsafeBufferPointer(self).lanes(at: i) }

    /// Stores the lanes of `v` from `i` on, those that fall inside the buffer.
    @inlinable @inline(__always)
    public func setLanes(_ v: Lanes, at i: Int) {
        if i + Lanes.scalarCount <= count {
            UnsafeMutableRawPointer(baseAddress! + i).storeBytes(of: v, as: Lanes.self)
            return
        }
        for k in 0..<(count - i) { self[i + k] = v[k] }
    }
}

extension UnsafeMutableBufferPointer<Double> {
    /// `self[i] = f(source[i])` for every element, eight at a time; `source` may be this buffer.
    @inlinable @inline(__always)
    public func assignLanes(from source: UnsafeBufferPointer<Double>, _ f: (Lanes) -> Lanes) {
        precondition(source.count == count, "assignLanes: \(source.count) inputs, \(count) outputs")
        for i in stride(from: 0, to: count, by: Lanes.scalarCount) { setLanes(f(source.lanes(at: i)), at: i) }
    }
}

extension Tensor {
    /// Applies the lane kernel `f` to every element.
    @inlinable
    public func mapLanes(_ f: (Lanes) -> Lanes) -> Tensor {
        let out = scalars.withUnsafeBufferPointer { x in
            [Double](unsafeUninitializedCapacity: x.count) { y, initialized in
                y.assignLanes(from: x, f)
                initialized = x.count
            }
        }
        return Tensor(shape: shape, scalars: out)
    }
}

/// Lanes with the magnitudes of `magnitude` and the signs of `sign`.
@inlinable @inline(__always)
func copySign(_ magnitude: Lanes, _ sign: Lanes) -> Lanes {
    let signBit = LaneBits(repeating: 1 << 63)
    let m = unsafeBitCast(magnitude, to: LaneBits.self), s = unsafeBitCast(sign, to: LaneBits.self)
    return unsafeBitCast((m & ~signBit) | (s & signBit), to: Lanes.self)
}

/// eˣ for 0 ≤ x ≤ 700, after Cephes' `exp.c` (Moshier): x = n ln 2 + r with |r| ≤ ½ ln 2
/// (ln 2 split in two so that n ln 2 is exact), e^r = 1 + 2r P(r²)/(Q(r²) − r P(r²)), then the
/// exponent field raised by n. Relative error below 3e-16.
@inlinable @inline(__always)
func exponentialOfNonNegative(_ x: Lanes) -> Lanes {
    // n = round(x / ln 2): adding 1.5·2⁵² rounds to an integer, which lands in the low bits.
    let shifter = Lanes(repeating: 6755399441055744.0)
    let shifted = x * 1.4426950408889634073599 + shifter
    let n = shifted - shifter
    var r = x - n * 6.93145751953125e-1
    r = r - n * 1.42860682030941723212e-6
    let rr = r * r
    let p = ((1.26177193074810590878e-4 * rr + 3.02994407707441961300e-2) * rr + 9.99999999999999999910e-1) * r
    let q = ((3.00198505138664455042e-6 * rr + 2.52448340349684104192e-3) * rr + 2.27265548208155028766e-1) * rr
        + 2.00000000000000000009e0
    let er = 1 + 2 * (p / (q - p))
    // 2ⁿ: n sits in the low bits of `shifted`; move it into the exponent field.
    let bits = unsafeBitCast(shifted, to: LaneBits.self) &- unsafeBitCast(shifter, to: LaneBits.self)
    let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: Lanes.self)
    return er * scale
}

/// tanh on eight lanes, to within a few units in the last place. For |x| ≥ 0.625,
/// 1 − 2/(e^{2|x|} + 1); below, the rational approximation x + x³ P(x²)/Q(x²) of Cephes'
/// `tanh.c` (Moshier), relative error below 3e-16 there. Both are computed and the right one
/// kept per lane, sharing one division; the sign of x is restored at the end (so tanh(−0) = −0).
/// ±∞ give ±1.
@inlinable @inline(__always)
public func hyperbolicTangent(_ x: Lanes) -> Lanes {
    let a = copySign(x, Lanes(repeating: 1))   // |x|
    let large = a .>= 0.625
    // tanh(22) rounds to 1, so larger |x| need no bigger exponential.
    let e = exponentialOfNonNegative(2 * a.replacing(with: 22, where: a .> 22))
    let z = a * a
    let p = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3
    let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
    // |tanh x| = base + numerator / denominator on each branch.
    let base = a.replacing(with: 1, where: large)
    let numerator = (a * z * p).replacing(with: -2, where: large)
    let denominator = q.replacing(with: e + 1, where: large)
    return copySign(base + numerator / denominator, x)   // NaN stays NaN: no lane selects it away
}

/// tanh x (see the lane-wise ``hyperbolicTangent(_:)-(Lanes)``).
@inlinable
public func hyperbolicTangent(_ x: Double) -> Double {
    hyperbolicTangent(Lanes(repeating: x))[0]
}
