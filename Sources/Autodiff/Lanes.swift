// Elementwise kernels written once on eight lanes and run over a buffer eight elements at a time.
// Lane-wise arithmetic rounds exactly as the same scalar arithmetic does, so a kernel gives the
// same numbers whatever vector width the compiler picks for it.

import CLaneMath

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

/// a·b + c on every lane, rounded once (one vector instruction where the CPU has FMA).
@inlinable @inline(__always)
func fusedMultiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes { uq_fma8(a, b, c) }

/// eˣ − 1 for |x| ≤ 700, without a division, to within 2 ulp of libm's `expm1`.
///
/// x = n ln 2 + r with |r| ≤ ½ ln 2 (ln 2 split in two, as in Cephes' `exp.c`, so that n ln 2 is
/// exact); e^r − 1 = r + r² Σ_{k=0}^{11} r^k/(k+2)!, the Taylor series, whose first omitted term is
/// below 2⁻⁵⁸ of the sum; then eˣ − 1 = 2ⁿ(e^r − 1) + (2ⁿ − 1). The polynomial is evaluated in
/// Estrin's scheme (pairs, then pairs of pairs) rather than Horner's: a chain of four
/// multiply-adds instead of twelve, and tanh on a layer is limited by that chain, not by
/// the number of operations.
@inlinable @inline(__always)
public func exponentialMinusOne(_ x: Lanes) -> Lanes {
    // n = round(x / ln 2): adding 1.5·2⁵² rounds to an integer, which lands in the low bits.
    let shifter = Lanes(repeating: 6755399441055744.0)
    let shifted = fusedMultiplyAdd(x, Lanes(repeating: 1.4426950408889634073599), shifter)
    let n = shifted - shifter
    let r = fusedMultiplyAdd(n, Lanes(repeating: -1.42860682030941723212e-6),
                             fusedMultiplyAdd(n, Lanes(repeating: -6.93145751953125e-1), x))
    @inline(__always) func pair(_ c0: Double, _ c1: Double) -> Lanes {   // c0 + c1 r
        fusedMultiplyAdd(r, Lanes(repeating: c1), Lanes(repeating: c0))
    }
    let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
    let b0 = fusedMultiplyAdd(pair(1 / 24, 1 / 120), r2, pair(1 / 2, 1 / 6))
    let b1 = fusedMultiplyAdd(pair(1 / 40320, 1 / 362880), r2, pair(1 / 720, 1 / 5040))
    let b2 = fusedMultiplyAdd(pair(1 / 479001600, 1 / 6227020800), r2, pair(1 / 3628800, 1 / 39916800))
    let sum = fusedMultiplyAdd(b2, r8, fusedMultiplyAdd(b1, r4, b0))
    let er = fusedMultiplyAdd(r2, sum, r)   // e^r − 1
    // 2ⁿ: n sits in the low bits of `shifted`; move it into the exponent field.
    let bits = unsafeBitCast(shifted, to: LaneBits.self) &- unsafeBitCast(shifter, to: LaneBits.self)
    let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: Lanes.self)
    return fusedMultiplyAdd(scale, er, scale - 1)
}

/// tanh on eight lanes, within 6e-16 relative of libm's (3 ulp; see the tests):
/// tanh|x| = m / (m + 2) with m = e^{2|x|} − 1, one division and no cancellation near 0;
/// the sign of x is restored at the end (so tanh(−0) = −0). ±∞ give ±1, NaN stays NaN.
@inlinable @inline(__always)
public func hyperbolicTangent(_ x: Lanes) -> Lanes {
    let a = copySign(x, Lanes(repeating: 1))   // |x|
    // tanh(22) rounds to 1, so larger |x| need no bigger exponential.
    let m = exponentialMinusOne(2 * a.replacing(with: 22, where: a .> 22))
    return copySign(m / (m + 2), x)
}

/// tanh x (see the lane-wise ``hyperbolicTangent(_:)-(Lanes)``).
@inlinable
public func hyperbolicTangent(_ x: Double) -> Double {
    hyperbolicTangent(Lanes(repeating: x))[0]
}
