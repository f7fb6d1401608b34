// The elementwise kernels of `Sources/CKernels/elementwise.c` (tanh, its pullback, eˣ − 1, Adam, tanh's
// forward tangents and their pullback, column sums, ReLU's pullback), run with the instruction set ``MatrixKernel/selected`` chose
// for the matrix products: the same bits on every CPU, in the registers that kernel names.

import CKernels

extension MatrixKernel {
    /// The C enumeration value of this kernel.
    @usableFromInline var code: UQMatrixKernel { UQMatrixKernel(UInt32(rawValue)) }
}

extension UnsafeMutableBufferPointer<Double> {
    /// `self[i] = tanh source[i]` for every element (within 3 ulp of libm's; see
    /// ``hyperbolicTangent(_:)``); `source` may be this buffer.
    @inlinable
    public func assignHyperbolicTangent(of source: UnsafeBufferPointer<Double>, kernel: MatrixKernel = .selected) {
        assign(uq_tanh, of: source, kernel: kernel)
    }

    /// `self[i] = e^{source[i]} − 1` for every element (see ``exponentialMinusOne(_:)``).
    @inlinable
    public func assignExponentialMinusOne(of source: UnsafeBufferPointer<Double>, kernel: MatrixKernel = .selected) {
        assign(uq_expm1, of: source, kernel: kernel)
    }

    /// `self[i] = f(source[i])` with the C kernel `f(kernel, y, x, n)`.
    @inlinable
    func assign(_ f: (UQMatrixKernel, UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, Int) -> Void,
                of source: UnsafeBufferPointer<Double>, kernel: MatrixKernel) {
        precondition(source.count == count, "\(source.count) inputs for \(count) outputs")
        precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
        guard count > 0 else { return }
        f(kernel.code, baseAddress!, source.baseAddress!, count)
    }

    /// `self[i] ← self[i] · (1 − h[i]²)`: the pullback of tanh, given its outputs h.
    @inlinable
    public func multiplyByTanhDerivative(outputs h: UnsafePointer<Double>, kernel: MatrixKernel = .selected) {
        precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
        guard count > 0 else { return }
        uq_tanh_pullback(kernel.code, baseAddress!, h, count)
    }

    /// `self[i] ← h[i] > 0 ? self[i] : +0`: the pullback of ReLU, given its outputs h.
    @inlinable
    public func multiplyByReLUDerivative(outputs h: UnsafePointer<Double>, kernel: MatrixKernel = .selected) {
        precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
        guard count > 0 else { return }
        uq_relu_pullback(kernel.code, baseAddress!, h, count)
    }

    /// `self[j] += Σᵢ g[i·ld + j]` over the `rows` rows of the rows × m matrix g (m = `count`,
    /// rows `leading` = ld ≥ m numbers apart, m when not given): each sum in the order of the
    /// plain loop (i ascending), in a register down the rows for narrow matrices, row after row
    /// for wide ones (`uq_column_sums`). g must not overlap this buffer. A bias's gradient.
    @inlinable
    public func addColumnSums(of g: UnsafePointer<Double>, rows: Int, leading: Int? = nil, kernel: MatrixKernel = .selected) {
        precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
        let ld = leading ?? count
        precondition(ld >= count, "addColumnSums: rows \(ld) apart cannot hold \(count) columns")
        guard count > 0, rows > 0 else { return }
        uq_column_sums(kernel.code, baseAddress!, g, rows, count, ld)
    }
}

/// tanh x, within 6e-16 relative of libm's (3 ulp; see the tests): tanh|x| = m / (m + 2) with
/// m = e^{2|x|} − 1, one division and no cancellation near 0, the sign of x restored at the end
/// (tanh(−0) = −0); ±∞ give ±1, NaN stays NaN. e^{2|x|} − 1 is ``exponentialMinusOne(_:)``.
public func hyperbolicTangent(_ x: Double) -> Double {
    var x = x, y = 0.0
    uq_tanh(MatrixKernel.selected.code, &y, &x, 1)
    return y
}

/// eˣ − 1 for |x| ≤ 700, without a division, to within 2 ulp of libm's `expm1`.
///
/// x = n ln 2 + r with |r| ≤ ½ ln 2 (ln 2 split in two, as in Cephes' `exp.c`, so that n ln 2 is
/// exact); e^r − 1 = r + r² Σ_{k=0}^{11} r^k/(k+2)!, the Taylor series, whose first omitted term is
/// below 2⁻⁵⁸ of the sum; then eˣ − 1 = 2ⁿ(e^r − 1) + (2ⁿ − 1). The polynomial is evaluated in
/// Estrin's scheme (pairs, then pairs of pairs) rather than Horner's: a chain of four
/// multiply-adds instead of twelve, and tanh on a layer is limited by that chain, not by the
/// number of operations.
public func exponentialMinusOne(_ x: Double) -> Double {
    var x = x, y = 0.0
    uq_expm1(MatrixKernel.selected.code, &y, &x, 1)
    return y
}

extension Tensor {
    /// tanh of every element (see ``hyperbolicTangent(_:)``).
    public func hyperbolicTangent() -> Tensor {
        let out = scalars.withUnsafeBufferPointer { x in
            [Double](unsafeUninitializedCapacity: x.count) { y, initialized in
                y.assignHyperbolicTangent(of: x)
                initialized = x.count
            }
        }
        return Tensor(shape: shape, scalars: out)
    }
}

/// Forward-mode tangents through tanh, in place: given the outputs h = tanh z, with a′ = 1 − h² and
/// a″ = −2h·a′, t ← a′·t and s ← a′·s + a″·t² (first and second derivatives along an input
/// direction, from before the activation to after it). The operations of the scalar loop it
/// replaces, in the same order.
public func tanhTangents(outputs h: UnsafePointer<Double>, first t: UnsafeMutablePointer<Double>, second s: UnsafeMutablePointer<Double>,
                         count n: Int, kernel: MatrixKernel = .selected) {
    precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
    guard n > 0 else { return }
    uq_tanh_tangents(kernel.code, h, t, s, n)
}

/// The pullback of ``tanhTangents(outputs:first:second:count:kernel:)``: the adjoints (h̄, t̄, s̄) of
/// (h, t, s) after the activation become those of (z, z′, z″) before it, in place, given h and the
/// saved z′, z″: with a‴ = −2a′² + 4h²a′, h̄ ← h̄a′ + t̄a″z′ + s̄(a″z″ + a‴z′²),
/// t̄ ← t̄a′ + 2s̄a″z′, s̄ ← s̄a′.
public func tanhTangentsPullback(outputs h: UnsafePointer<Double>, first zt: UnsafePointer<Double>, second zs: UnsafePointer<Double>,
                                 adjoints hb: UnsafeMutablePointer<Double>, _ tb: UnsafeMutablePointer<Double>, _ sb: UnsafeMutablePointer<Double>,
                                 count n: Int, kernel: MatrixKernel = .selected) {
    precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
    guard n > 0 else { return }
    uq_tanh_tangents_pullback(kernel.code, h, zt, zs, hb, tb, sb, n)
}

/// One Adam step (Kingma & Ba 2015) on n parameters in place, in the paper's cheaper order (its
/// Section 2): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − α·m / (√v + ε̂), where the caller
/// folds the bias corrections into α = η√(1 − β₂ᵗ)/(1 − β₁ᵗ) and ε̂ = ε√(1 − β₂ᵗ).
public func adamStep(parameters θ: UnsafeMutableBufferPointer<Double>, firstMoment m: UnsafeMutableBufferPointer<Double>,
                     secondMoment v: UnsafeMutableBufferPointer<Double>, gradient g: UnsafeBufferPointer<Double>,
                     beta1: Double, beta2: Double, stepSize α: Double, epsilon ε̂: Double, kernel: MatrixKernel = .selected) {
    precondition(m.count == θ.count && v.count == θ.count && g.count == θ.count,
                 "adamStep: \(θ.count) parameters, \(m.count) and \(v.count) moments, \(g.count) gradients")
    precondition(kernel.isAvailable, "kernel \(kernel) is not available on this CPU")
    guard θ.count > 0 else { return }
    uq_adam(kernel.code, θ.baseAddress!, m.baseAddress!, v.baseAddress!, g.baseAddress!, θ.count,
            beta1, beta2, α, ε̂)
}
