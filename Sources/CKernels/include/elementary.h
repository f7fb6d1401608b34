// The course's own elementary functions: eˣ, ln x, ln(1 + x), sin, cos, xʸ, erfc, ln Γ, softplus
// and the logistic function; the Box–Muller transform, eˣ, ln x, softplus and σ also over arrays.
//
// Why not libm's: glibc picks a variant of each function by CPU (`__cos_fma` where the CPU has
// FMA, the SSE2 build elsewhere), and the variants round differently about once in 1,500
// arguments; other C libraries and other glibc versions differ again. A chapter's normal draws
// and training runs amplify one such last bit into different printed numbers. These functions
// are plain IEEE-754 double arithmetic (additions, multiplications, divisions, and libm's exact
// floor, trunc and fmod; no fused multiply-add, nothing contracted: see the pragma in
// elementary.c) in one fixed order, so
// they give the same bits on every CPU and with every C library. Their accuracy against the
// exact values is measured in the tests (within a few ulp; see each function). Thread-safe: no
// state.
#ifndef UQ_ELEMENTARY_H
#define UQ_ELEMENTARY_H

#ifdef __cplusplus
extern "C" {
#endif

/// eˣ (+∞ above 709.78, +0 below −745.13, NaN stays NaN).
double uq_exp(double x);

/// ln x (−∞ at ±0, NaN below 0, +∞ at +∞).
double uq_log(double x);

/// ln(1 + x), accurate for small x (−∞ at −1, NaN below −1).
double uq_log1p(double x);

/// sin x and cos x for |x| < 2²⁰ ≈ 10⁶ (the argument reduction's range); NaN beyond it.
double uq_sin(double x);
double uq_cos(double x);

/// cos 2πu, with the turn reduced exactly in u (no rounding of π): the Box–Muller transform's cosine.
double uq_cos_2pi(double u);

/// xʸ (x < 0 only with an integer y). Integer exponents |y| ≤ 64 by repeated squaring: exact when
/// every partial product is (10³, 2⁻¹⁰), otherwise within about 0.75|y| + 1 ulp; other exponents
/// as e^{y ln x}, within about 2(2 + |y ln x|) ulp. pow(0, y) and pow(±∞, y) are 0 or +∞.
double uq_pow(double x, double y);

/// erfc x = 1 − erf x, without cancellation for large x.
double uq_erfc(double x);

/// ln Γ(x) for x > 0 (NaN otherwise).
double uq_lgamma(double x);

/// softplus(x) = ln(1 + eˣ), as max(x, 0) + ln(1 + e^−|x|) (no overflow; max(x, 0) is
/// `0 ≥ x ? 0 : x`); a NaN is returned as it came.
double uq_softplus(double x);

/// The logistic function σ(x) = 1/(1 + e⁻ˣ), as eˣ/(1 + eˣ) for x < 0 (no overflow); a NaN is
/// returned as it came.
double uq_sigmoid(double x);

/// z[i] = √(−2 ln u1[i]) · cos 2πu2[i] for i < n (the Box–Muller transform), for normal u1 in
/// [2⁻¹⁰²², 1] and u2 in [0, 1) (the course's u1 are at least 2⁻⁵³): the same bits as `uq_log` and
/// `uq_cos_2pi` one at a time, on eight lanes. z may be u1. `kernel` is a `UQMatrixKernel` this
/// CPU has (the instruction set; every one gives the same bits), or −1 for `uq_selected_kernel()`
/// (the widest this CPU has unless `UQ_MATRIX_KERNEL` narrows it, as for the products).
void uq_normals(int kernel, double *z, const double *u1, const double *u2, long n);

/// y[i] = f(x[i]) for i < n, the same bits as the scalar function one element at a time (eight
/// lanes at once where |x| ≤ 708, or x positive and normal for ln; the scalar function on the
/// other elements): eˣ (`uq_exp`), ln x (`uq_log`), softplus(x) = max(x, 0) + ln(1 + e^−|x|) and
/// the logistic function σ(x) = 1/(1 + e^−x) (for x < 0 as eˣ/(1 + eˣ)). y may be x. `kernel`
/// as for `uq_normals`.
void uq_exp_batch(int kernel, double *y, const double *x, long n);
void uq_log_batch(int kernel, double *y, const double *x, long n);
void uq_softplus_batch(int kernel, double *y, const double *x, long n);
void uq_sigmoid_batch(int kernel, double *y, const double *x, long n);

#ifdef __cplusplus
}
#endif

#endif
