// The course's elementary functions; see include/elementary.h for why and for the contract.
//
// Every function is a fixed sequence of IEEE-754 double operations. The series are Taylor series
// (coefficients 1/k! and the like, rounded once by the compiler), long enough that the first
// omitted term is below 2⁻⁵⁶ of the result; the reductions follow the classic designs (Cody and
// Waite's argument reduction, the logarithm through s = f/(2 + f) as in Sun's fdlibm, Kahan's
// ln(1 + x)).
#include "elementary.h"
#include "lanes.h"
#include "matrix_product.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// a·b + c stays two roundings: no fused multiply-add behind the code's back, on any target.
#pragma clang fp contract(off)
#if defined(__FAST_MATH__)
#error "elementary.c must not be built with -ffast-math: its results would depend on the compiler's choices"
#endif

static uint64_t bits_of(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static double from_bits(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

/// 2ⁿ for −1022 ≤ n ≤ 1023, exactly.
static double power_of_two(int64_t n) { return from_bits((uint64_t)(n + 1023) << 52); }

// ln 2 = LN2_HI + LN2_LO, LN2_HI with 15 significant bits, so that n·LN2_HI is exact for |n| < 2³⁸.
static const double LN2_HI = 6.93145751953125e-1;
static const double LN2_LO = 1.42860682030941723212e-6;
static const double LOG2_E = 1.4426950408889634073599;
// Adding 1.5·2⁵² rounds a number below 2⁵¹ in magnitude to an integer (round half to even).
static const double SHIFTER = 6755399441055744.0;

// The series below are written once, as macros over a type T, and instantiated for one double
// (the scalar functions) and for eight lanes (the batched normal draws, eˣ, ln x, softplus and
// σ): the same operations in the same order on every lane, so the two give the same bits.

/// a[0] + a[1]·z + … + a[11]·z¹¹ in Estrin's scheme: pairs, then pairs of pairs, so that the
/// longest chain of dependent operations is four multiply–add steps instead of Horner's twelve.
#define DEFINE_ESTRIN12(T, NAME)                                                  \
    static inline __attribute__((always_inline)) T NAME(const double a[12], T z) { \
        const T z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;                          \
        const T q0 = (a[0] + a[1] * z) + (a[2] + a[3] * z) * z2;                 \
        const T q1 = (a[4] + a[5] * z) + (a[6] + a[7] * z) * z2;                 \
        const T q2 = (a[8] + a[9] * z) + (a[10] + a[11] * z) * z2;               \
        return (q0 + q1 * z4) + q2 * z8;                                         \
    }
DEFINE_ESTRIN12(double, estrin12)
DEFINE_ESTRIN12(d8, estrin12_8)

/// 1/(k + 2)! for k = 0 … 11.
static const double EXP_TAYLOR[12] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                                      1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800};

/// e^r − 1 for |r| ≤ ½ ln 2 + ε: r + r²(1/2! + r/3! + … + r¹¹/13!). The first omitted term,
/// r¹⁴/14!, is below 2⁻⁵⁸ of the sum.
#define DEFINE_EXPM1_REDUCED(T, NAME, ESTRIN) \
    static inline __attribute__((always_inline)) T NAME(T r) { return r + (r * r) * ESTRIN(EXP_TAYLOR, r); }
DEFINE_EXPM1_REDUCED(double, expm1_reduced, estrin12)
DEFINE_EXPM1_REDUCED(d8, expm1_reduced_8, estrin12_8)

double uq_exp(double x) {
    if (x != x) return x;
    if (x > 709.782712893384) return INFINITY;
    if (x < -745.1332191019412) return 0.0;
    // x = n ln 2 + r, |r| ≤ ½ ln 2; n·LN2_HI is exact and x − n·LN2_HI loses nothing it needs.
    const double shifted = x * LOG2_E + SHIFTER;
    const double n = shifted - SHIFTER;
    const double r = (x - n * LN2_HI) - n * LN2_LO;
    const double m = 1.0 + expm1_reduced(r);        // e^r ∈ [0.7, 1.5]
    const int64_t k = (int64_t)n;
    if (k > 1023) return m * power_of_two(k - 1) * 2.0;
    if (k < -1022) return m * power_of_two(k + 1000) * 0x1p-1000;   // a subnormal result
    return m * power_of_two(k);
}

/// ln(1 + f) for f = m − 1, m ∈ [√½, √2): with s = f/(2 + f), ln(1 + f) = 2 artanh s
/// = 2s + s·R(s²), R(z) = Σ_{k≥1} 2zᵏ/(2k + 1); written as f − ½f² + s(½f² + R), which holds
/// exactly because 2s = f − s·f, and keeps the largest parts exact. |s| ≤ 0.1716, z ≤ 0.0295:
/// twelve terms of R leave an error below 2⁻⁶⁰ of the result.
static const double LOG_SERIES[12] = {2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13,
                                      2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23, 2.0 / 25};

#define DEFINE_LOG_REDUCED(T, NAME, ESTRIN)                                          \
    static inline __attribute__((always_inline)) T NAME(T f, T k) {                 \
        const T s = f / (2.0 + f), z = s * s;                                       \
        const T r = z * ESTRIN(LOG_SERIES, z);                                      \
        const T half_f2 = 0.5 * f * f;                                              \
        return k * LN2_HI + (f - (half_f2 - (s * (half_f2 + r) + k * LN2_LO)));     \
    }
DEFINE_LOG_REDUCED(double, log_reduced, estrin12)
DEFINE_LOG_REDUCED(d8, log_reduced_8, estrin12_8)

double uq_log(double x) {
    if (x != x) return x;
    if (x < 0) return NAN;
    if (x == 0) return -INFINITY;
    if (x == INFINITY) return x;
    int64_t k = 0;
    uint64_t u = bits_of(x);
    if (u < (1ULL << 52)) {   // subnormal: scale into the normal range first
        u = bits_of(x * 0x1p54);
        k = -54;
    }
    k += (int64_t)(u >> 52) - 1023;
    double m = from_bits((u & ((1ULL << 52) - 1)) | (1023ULL << 52));   // m ∈ [1, 2)
    if (m > 1.4142135623730951) { m *= 0.5; k += 1; }                 // m ∈ [√½, √2)
    return log_reduced(m - 1.0, (double)k);   // m − 1 is exact (Sterbenz)
}

double uq_log1p(double x) {
    if (x != x) return x;
    if (x < -1) return NAN;
    if (x == -1) return -INFINITY;
    if (x == INFINITY) return x;
    const double u = 1.0 + x;
    if (u == 1.0) return x;   // ln(1 + x) = x − x²/2 + …, and x²/2 is below half an ulp of x
    // Kahan: ln(u)·x/(u − 1) corrects for the rounding of 1 + x to a relative error of a few ulp.
    return uq_log(u) * (x / (u - 1.0));
}

// π/2 = PIO2_1 + PIO2_2 + PIO2_3, the first two with 33 significant bits, so that n·PIO2_1 and
// n·PIO2_2 are exact for |n| < 2²⁰ (Cody and Waite's reduction).
static const double PIO2_1 = 0x1.921fb544p+0;
static const double PIO2_2 = 0x1.0b4611a6p-34;
static const double PIO2_3 = 0x1.3198a2e037073p-69;
static const double TWO_OVER_PI = 0x1.45f306dc9c883p-1;

/// sin r for |r| ≤ π/4: r + r³(−1/3! + z/5! − … + z⁷/17!), z = r². The first omitted term is
/// below 2⁻⁶⁰ of the result.
#define DEFINE_SIN_REDUCED(T, NAME)                                                                                      \
    static inline __attribute__((always_inline)) T NAME(T r) {                                                           \
        const T z = r * r, z2 = z * z, z4 = z2 * z2;                                                                     \
        const T q0 = (-1.0 / 6 + z * (1.0 / 120)) + z2 * (-1.0 / 5040 + z * (1.0 / 362880));                             \
        const T q1 = (-1.0 / 39916800 + z * (1.0 / 6227020800)) + z2 * (-1.0 / 1307674368000 + z * (1.0 / 355687428096000)); \
        return r + (r * z) * (q0 + z4 * q1);                                                                             \
    }
DEFINE_SIN_REDUCED(double, sin_reduced)
DEFINE_SIN_REDUCED(d8, sin_reduced_8)

/// cos r for |r| ≤ π/4: 1 − z/2 + z²(1/4! − z/6! + … − z⁷/18!), z = r², with w = 1 − z/2 rounded
/// and its rounding error (1 − w) − z/2 added back (1 − w is exact). The first omitted term is
/// below 2⁻⁶⁰ of the result.
#define DEFINE_COS_REDUCED(T, NAME)                                                                                              \
    static inline __attribute__((always_inline)) T NAME(T r) {                                                                   \
        const T z = r * r, z2 = z * z, z4 = z2 * z2;                                                                             \
        const T q0 = (1.0 / 24 + z * (-1.0 / 720)) + z2 * (1.0 / 40320 + z * (-1.0 / 3628800));                                 \
        const T q1 = (1.0 / 479001600 + z * (-1.0 / 87178291200)) + z2 * (1.0 / 20922789888000 + z * (-1.0 / 6402373705728000)); \
        const T q = q0 + z4 * q1;                                                                                                \
        const T half_z = 0.5 * z, w = 1.0 - half_z;                                                                              \
        return w + (((1.0 - w) - half_z) + (z * z) * q);                                                                         \
    }
DEFINE_COS_REDUCED(double, cos_reduced)
DEFINE_COS_REDUCED(d8, cos_reduced_8)

/// x = n·π/2 + r with |r| ≤ π/4 (a little more where n·π/2 rounds); returns n mod 4. For
/// |x| < 2²⁰ (the callers' limit) |n| < 2²⁰, as the exact products n·PIO2_1, n·PIO2_2 need.
static int reduce_quarter_turns(double x, double *r) {
    if (fabs(x) <= 0.7853981633974483) { *r = x; return 0; }
    const double n = (x * TWO_OVER_PI + SHIFTER) - SHIFTER;
    *r = ((x - n * PIO2_1) - n * PIO2_2) - n * PIO2_3;
    return (int)((int64_t)n & 3);
}

double uq_sin(double x) {
    if (!(fabs(x) < 0x1p20)) return NAN;   // NaN, ±∞ and beyond the reduction's range
    if (x == 0) return x;   // keeps the sign of −0
    double r;
    switch (reduce_quarter_turns(x, &r)) {
    case 0: return sin_reduced(r);
    case 1: return cos_reduced(r);
    case 2: return -sin_reduced(r);
    default: return -cos_reduced(r);
    }
}

double uq_cos(double x) {
    if (!(fabs(x) < 0x1p20)) return NAN;   // NaN, ±∞ and beyond the reduction's range
    double r;
    switch (reduce_quarter_turns(x, &r)) {
    case 0: return cos_reduced(r);
    case 1: return -sin_reduced(r);
    case 2: return -cos_reduced(r);
    default: return sin_reduced(r);
    }
}

double uq_cos_2pi(double u) {
    if (u != u || u == INFINITY || u == -INFINITY) return NAN;
    if (fabs(u) >= 0x1p49) u -= trunc(u);   // whole turns off, exactly (4u must stay below 2⁵¹)
    // u = n/4 + d with |d| ≤ 1/8; d is exact (u and n/4 share their last bits' scale), so the only
    // rounding before the series is that of 2π·d.
    const double n = (4.0 * u + SHIFTER) - SHIFTER;
    const double r = (u - 0.25 * n) * 6.283185307179586;
    switch ((int64_t)n & 3) {
    case 0: return cos_reduced(r);
    case 1: return -sin_reduced(r);
    case 2: return -cos_reduced(r);
    default: return sin_reduced(r);
    }
}

/// xⁿ for an integer 0 < n ≤ 64 by repeated squaring (exact when every partial product is).
static double integer_power(double x, int64_t n) {
    double result = 1.0, square = x;
    for (; n > 0; n >>= 1) {
        if (n & 1) result *= square;
        square *= square;
    }
    return result;
}

double uq_pow(double x, double y) {
    if (y == 0 || x == 1) return 1.0;
    if (x != x || y != y) return NAN;
    if (x == -1 && (y == INFINITY || y == -INFINITY)) return 1.0;
    const int integer = y == floor(y);
    if (integer && fabs(y) <= 64) {
        const double p = integer_power(x, (int64_t)fabs(y));
        return y > 0 ? p : 1.0 / p;
    }
    if (x < 0 && !integer) return NAN;     // a non-integer power of a negative number
    if (x == 0 || x == -INFINITY || x == INFINITY) return (y > 0) == (fabs(x) > 0) ? INFINITY : 0.0;
    const double magnitude = uq_exp(y * uq_log(fabs(x)));
    // An odd integer power of a negative number is negative (|y| < 2⁵³ here for y to be odd).
    const int odd = x < 0 && fabs(y) < 0x1p53 && fmod(y, 2.0) != 0;
    return odd ? -magnitude : magnitude;
}

static const double INV_SQRT_PI = 0.5641895835477563;   // 1/√π

/// e^{−x²} with x² split exactly into hi + lo (Veltkamp–Dekker), e^{−x²} = e^{−hi}·e^{−lo}.
static double exp_minus_square(double x) {
    const double c = 134217729.0 * x;   // 2²⁷ + 1
    const double xh = c - (c - x), xl = x - xh;
    const double hi = x * x;
    const double lo = ((xh * xh - hi) + 2.0 * xh * xl) + xl * xl;
    return uq_exp(-hi) * (1.0 - lo);
}

/// erf x for |x| ≤ 3/4: (2/√π) Σ (−1)ⁿ x^{2n+1} / (n!(2n + 1)), thirty terms (the first omitted
/// one is below 10⁻³³).
static double erf_series(double x) {
    const double z = x * x;
    double term = x, sum = x;   // term = (−1)ⁿ x^{2n+1}/n!
    for (int n = 1; n < 30; n++) {
        term *= -z / n;
        sum += term / (2 * n + 1);
    }
    return 2.0 * INV_SQRT_PI * sum;
}

/// erfc x for x ≥ 1 by its continued fraction, erfc x = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))),
/// evaluated from the bottom up: 600 levels below x = 1, 300 below 2, 120 above (truncation errors
/// below 10⁻²¹ of the result; the fraction converges more slowly towards 0).
static double erfc_fraction(double x) {
    double t = x;
    for (int k = x < 1 ? 600 : x < 2 ? 300 : 120; k >= 1; k--) t = x + (0.5 * k) / t;
    return exp_minus_square(x) * INV_SQRT_PI / t;
}

double uq_erfc(double x) {
    if (x != x) return x;
    if (x > 27.3) return 0.0;           // below the smallest subnormal
    if (x < -6.0) return 2.0;           // erfc(−6) = 2 − 2·10⁻¹⁷
    if (fabs(x) <= 0.75) return 1.0 - erf_series(x);   // erfc ≥ 0.28 there: little cancellation
    return x > 0 ? erfc_fraction(x) : 2.0 - erfc_fraction(-x);
}

double uq_lgamma(double x) {
    if (!(x > 0)) return NAN;
    if (x == INFINITY) return x;
    // ln Γ(x) = ln Γ(x + n) − ln(x(x + 1)…(x + n − 1)) with x + n ≥ 12, then Stirling's series
    // (the first omitted term, 3617/(122400 z¹⁵), is below 2·10⁻¹⁸ at z = 12).
    double shift = 0.0, product = 1.0;
    while (x < 12.0) {
        product *= x;
        x += 1.0;
        if (product > 1e300) { shift += uq_log(product); product = 1.0; }
    }
    shift += uq_log(product);
    const double w = 1.0 / x, w2 = w * w;
    double series = -691.0 / 360360.0 + w2 * (1.0 / 156.0);
    series = series * w2 + 1.0 / 1188.0;
    series = series * w2 - 1.0 / 1680.0;
    series = series * w2 + 1.0 / 1260.0;
    series = series * w2 - 1.0 / 360.0;
    series = series * w2 + 1.0 / 12.0;
    return ((x - 0.5) * uq_log(x) - x) + (0.9189385332046728 + w * series) - shift;   // ½ ln 2π
}

// MARK: - Batched normal draws

/// `yes` on the lanes where `mask` is all ones, `no` elsewhere.
LANE d8 select8(u8x mask, d8 yes, d8 no) { return as_d8((as_u8(yes) & mask) | (as_u8(no) & ~mask)); }

/// ln x on eight lanes for positive normal x: `uq_log`'s operations for such x, in its order.
LANE d8 log8(d8 x) {
    const u8x u = as_u8(x);
    const u8x mantissa = (u8x)((1ULL << 52) - 1);
    // k = exponent − 1023 as a double: 2⁵² + e, built in the bits, minus 2⁵² is e exactly.
    const d8 k = (as_d8((u >> 52) | (u8x)0x4330000000000000ULL) - 0x1p52) - 1023.0;
    const d8 m = as_d8((u & mantissa) | (u8x)(1023ULL << 52));
    const u8x big = (u8x)(m > 1.4142135623730951);
    return log_reduced_8(select8(big, m * 0.5, m) - 1.0, select8(big, k + 1.0, k));
}

/// cos 2πu on eight lanes for 0 ≤ u < 2⁴⁹: `uq_cos_2pi`'s operations, both series computed and the
/// quadrant's chosen.
LANE d8 cos_2pi8(d8 u) {
    const d8 shifted = 4.0 * u + SHIFTER;
    const d8 n = shifted - SHIFTER;
    const d8 r = (u - 0.25 * n) * 6.283185307179586;
    const u8x q = (as_u8(shifted) - as_u8((d8)SHIFTER)) & 3;   // n mod 4 (n ≥ 0 here)
    const d8 s = sin_reduced_8(r), c = cos_reduced_8(r);
    const d8 v = select8((u8x)((q & 1) != 0), s, c);                // quadrants 1, 3: sin; 0, 2: cos
    return select8((u8x)(((q + 1) & 2) != 0), -v, v);               // quadrants 1, 2: negated
}

/// Past n the lanes hold zeros (`load8`): log8(0) and cos_2pi8(0) are finite, and never stored.
/// z may be u1: each block is read before it is written.
LANE void normals_body(double *z, const double *u1, const double *u2, long n) {
    for (long i = 0; i < n; i += 8) {
        const d8 radius = __builtin_elementwise_sqrt(-2.0 * log8(load8(u1 + i, n - i)));
        store8(z + i, n - i, radius * cos_2pi8(load8(u2 + i, n - i)));
    }
}

/// `uq_NAME(kernel, PARAMS)`: NAME_body compiled for AVX-512, for AVX2 and for any CPU, run with the
/// instruction set `kernel` names (−1: `uq_selected_kernel()`). PARAMS and ARGS in parentheses.
#define UNPARENTHESISED(...) __VA_ARGS__
#if defined(__x86_64__)
#define ENTRY_POINT(NAME, PARAMS, ARGS)                                                                                  \
    static void NAME##_portable(UNPARENTHESISED PARAMS) { NAME##_body(UNPARENTHESISED ARGS); }                         \
    __attribute__((target("avx2"))) static void NAME##_avx2(UNPARENTHESISED PARAMS) { NAME##_body(UNPARENTHESISED ARGS); }     \
    __attribute__((target("avx512f"))) static void NAME##_avx512(UNPARENTHESISED PARAMS) { NAME##_body(UNPARENTHESISED ARGS); } \
    void uq_##NAME(int kernel, UNPARENTHESISED PARAMS) {                                                                   \
        if (kernel < 0) kernel = uq_selected_kernel();                                                                 \
        if (kernel == UQMatrixKernelAVX512) NAME##_avx512(UNPARENTHESISED ARGS);                                       \
        else if (kernel == UQMatrixKernelAVX2) NAME##_avx2(UNPARENTHESISED ARGS);                                      \
        else NAME##_portable(UNPARENTHESISED ARGS);                                                                    \
    }
#else
#define ENTRY_POINT(NAME, PARAMS, ARGS) \
    void uq_##NAME(int kernel, UNPARENTHESISED PARAMS) { (void)kernel; NAME##_body(UNPARENTHESISED ARGS); }
#endif

ENTRY_POINT(normals, (double *z, const double *u1, const double *u2, long n), (z, u1, u2, n))

// MARK: - Batched eˣ, ln x, softplus and the logistic function

/// eˣ on eight lanes for |x| ≤ 708 (2ⁿ then a normal number): `uq_exp`'s operations, in its order.
LANE d8 exp8(d8 x) {
    const d8 shifted = x * LOG2_E + SHIFTER;
    const d8 n = shifted - SHIFTER;
    const d8 r = (x - n * LN2_HI) - n * LN2_LO;
    const d8 m = 1.0 + expm1_reduced_8(r);
    // 2ⁿ: n sits in the low bits of `shifted` (two's complement); move it into the exponent field.
    const u8x k = as_u8(shifted) - as_u8((d8)SHIFTER);
    return m * as_d8((k + 1023) << 52);
}

/// ln(1 + e) on eight lanes for 0 ≤ e ≤ 1: `uq_log1p`'s operations (1 + e is then normal).
LANE d8 log1p8(d8 e) {
    const d8 u = 1.0 + e;
    return select8((u8x)(u == 1.0), e, log8(u) * (e / (u - 1.0)));
}

/// Lanes with |x| ≤ 708, where the lane versions of eˣ, softplus and σ take the scalar functions'
/// path (the other lanes are left to the scalar functions).
LANE u8x moderate8(d8 x) { return (u8x)(__builtin_elementwise_abs(x) <= 708.0); }
/// Positive normal lanes, where `log8` takes `uq_log`'s path.
LANE u8x positive_normal8(d8 x) { return (u8x)(x >= 0x1p-1022) & (u8x)(x <= 0x1.fffffffffffffp+1023); }

/// max(x, 0) + ln(1 + e^−|x|): `uq_softplus`'s operations (max(x, 0) as 0 ≥ x ? 0 : x).
LANE d8 softplus8(d8 x) {
    const d8 zero = splat(0);
    return select8((u8x)(zero >= x), zero, x) + log1p8(exp8(-__builtin_elementwise_abs(x)));
}

/// 1/(1 + e^−x) for x ≥ 0, e/(1 + e) with e = eˣ below (`uq_sigmoid`'s operations): both use e^−|x|.
LANE d8 sigmoid8(d8 x) {
    const d8 e = exp8(-__builtin_elementwise_abs(x));
    return select8((u8x)(x >= 0.0), 1.0 / (1.0 + e), e / (1.0 + e));
}

// The NaN test comes first: without it, softplus would add two NaNs (x and the series' −NaN),
// and which one an addition returns is the order in which the compiler put the operands.
double uq_softplus(double x) {
    if (x != x) return x;
    return (0.0 >= x ? 0.0 : x) + uq_log1p(uq_exp(-fabs(x)));
}

double uq_sigmoid(double x) {
    if (x != x) return x;
    if (x >= 0) return 1.0 / (1.0 + uq_exp(-x));
    const double e = uq_exp(x);
    return e / (1.0 + e);
}

/// y[i] = f(x[i]) for i < n: eight lanes where `DOMAIN` holds, the scalar function on the others,
/// so every element has the scalar function's bits. y may be x (each block is read first).
#define DEFINE_BATCH(NAME, LANE_F, SCALAR_F, DOMAIN)                                           \
    LANE void NAME##_body(double *y, const double *x, long n) {                                \
        for (long i = 0; i < n; i += 8) {                                                      \
            const long left = n - i;                                                           \
            const d8 v = load8(x + i, left);                                                   \
            const u8x inside = DOMAIN(v);                                                      \
            store8(y + i, left, LANE_F(v));                                                    \
            for (long k = 0; k < 8 && k < left; k++) if (!inside[k]) y[i + k] = SCALAR_F(v[k]); \
        }                                                                                      \
    }
DEFINE_BATCH(exp_batch, exp8, uq_exp, moderate8)
DEFINE_BATCH(log_batch, log8, uq_log, positive_normal8)
DEFINE_BATCH(softplus_batch, softplus8, uq_softplus, moderate8)
DEFINE_BATCH(sigmoid_batch, sigmoid8, uq_sigmoid, moderate8)

ENTRY_POINT(exp_batch, (double *y, const double *x, long n), (y, x, n))
ENTRY_POINT(log_batch, (double *y, const double *x, long n), (y, x, n))
ENTRY_POINT(softplus_batch, (double *y, const double *x, long n), (y, x, n))
ENTRY_POINT(sigmoid_batch, (double *y, const double *x, long n), (y, x, n))
