import CKernels

/// The elementary functions every part of the course calls instead of libm's: the same bits on
/// every CPU and with every C library (see `elementary.h` in CKernels for why).
///
/// glibc chooses each function's variant by CPU, and its FMA and SSE2 builds round differently
/// about once in 1,500 arguments: a chapter run on a CPU without FMA would print other numbers.
/// These are fixed sequences of IEEE-754 operations (Taylor series after Cody–Waite argument
/// reduction), with errors against the exact values measured in the tests: eˣ and ln x within
/// 1 ulp, ln(1 + x), sin, cos and cos 2πu within 2.5 ulp, erfc within 11 ulp, xʸ within
/// 2(2 + |y ln x|) ulp (integer |y| ≤ 64: exact for exact partial products such as 10³, else
/// within 0.75|y| + 1 ulp), ln Γ within 2·10⁻¹⁴·max(1, |ln Γ|).
public enum Elementary {
    /// eˣ.
    @inlinable public static func exp(_ x: Double) -> Double { uq_exp(x) }
    /// ln x.
    @inlinable public static func log(_ x: Double) -> Double { uq_log(x) }
    /// ln(1 + x), accurate for small |x|.
    @inlinable public static func log1p(_ x: Double) -> Double { uq_log1p(x) }
    /// log₁₀ x = ln x / ln 10 (within 3 ulp; not exact at powers of ten: log₁₀ 10⁻⁶ = −5.999999999999999).
    @inlinable public static func log10(_ x: Double) -> Double { uq_log(x) / 2.302585092994046 }
    /// sin x for |x| < 2²⁰ (NaN beyond).
    @inlinable public static func sin(_ x: Double) -> Double { uq_sin(x) }
    /// cos x for |x| < 2²⁰ (NaN beyond).
    @inlinable public static func cos(_ x: Double) -> Double { uq_cos(x) }
    /// cos 2πu, the turn reduced exactly in u (so no rounding of π enters): exact at the quarter turns.
    @inlinable public static func cos(turns u: Double) -> Double { uq_cos_2pi(u) }
    /// xʸ; integer exponents |y| ≤ 64 by repeated squaring (10³ = 1000 and 2⁻¹⁰ exactly). For exact
    /// powers of two with larger exponents use `Double(sign:exponent:significand:)`.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { uq_pow(x, y) }
    /// erfc x = 1 − erf x = (2/√π) ∫ₓ^∞ e^{−t²} dt.
    @inlinable public static func erfc(_ x: Double) -> Double { uq_erfc(x) }
    /// ln Γ(x) for x > 0.
    @inlinable public static func logGamma(_ x: Double) -> Double { uq_lgamma(x) }
    /// softplus(x) = ln(1 + eˣ), as max(x, 0) + ln(1 + e^−|x|) (no overflow).
    @inlinable public static func softplus(_ x: Double) -> Double { uq_softplus(x) }
    /// The logistic function σ(x) = 1/(1 + e⁻ˣ), as eˣ/(1 + eˣ) for x < 0 (no overflow).
    @inlinable public static func sigmoid(_ x: Double) -> Double { uq_sigmoid(x) }
}

extension Elementary {
    /// eˣ of every element: the bits of ``exp(_:)`` one element at a time, eight lanes at once.
    public static func exp(_ x: [Double]) -> [Double] { batch(x, uq_exp_batch) }
    /// ln x of every element: the bits of ``log(_:)`` one element at a time, eight lanes at once.
    public static func log(_ x: [Double]) -> [Double] { batch(x, uq_log_batch) }
    /// softplus of every element: the bits of `softplus` on one number, element by element, eight lanes at once.
    public static func softplus(_ x: [Double]) -> [Double] { batch(x, uq_softplus_batch) }
    /// σ of every element: the bits of `sigmoid` on one number, element by element, eight lanes at once.
    public static func sigmoid(_ x: [Double]) -> [Double] { batch(x, uq_sigmoid_batch) }

    /// f applied to every element by a batched C kernel (−1: `uq_selected_kernel()`, the
    /// instruction set of the products; every one gives the same bits).
    private static func batch(_ x: [Double], _ f: (Int32, UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, Int) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count) { y, initialized in
            x.withUnsafeBufferPointer { f(-1, y.baseAddress, $0.baseAddress, x.count) }
            initialized = x.count
        }
    }
}
