// Elementwise kernels for the autodiff core: tanh and its pullback, eˣ − 1, Adam's update, tanh's
// forward tangents (u_x, u_xx through a layer) with their pullback, a bias's gradient (column sums)
// and ReLU's pullback.
//
// Each is written once, on eight lanes (a vector of eight doubles), or for ReLU's pullback and
// wide column sums as a plain loop that the compiler vectorises, and compiled three times, for
// AVX-512, for AVX2 + FMA and for any CPU, like the matrix products (`matrix_product.h`); the
// kernel is chosen by the same `UQMatrixKernel` value. Every lane runs the same IEEE operations
// in the same order (multiply-adds written out as fused ones, nothing contracted behind the
// code's back), so every variant gives the same bits; only the speed differs. Thread-safe: no
// state.
#ifndef UQ_ELEMENTWISE_H
#define UQ_ELEMENTWISE_H

#include "matrix_product.h"

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = tanh x[i] for i < n (within 3 ulp of libm's); y may be x.
void uq_tanh(UQMatrixKernel kernel, double *y, const double *x, long n);

/// g[i] = g[i] · (1 − h[i]²): the pullback of tanh given its output h.
void uq_tanh_pullback(UQMatrixKernel kernel, double *g, const double *h, long n);

/// Forward-mode tangents through tanh, in place, given its outputs h: with a′ = 1 − h² and
/// a″ = −2h·a′, t ← a′·t and s ← a′·s + (a″·t)·t (the first and second derivatives along one input
/// direction, z′ and z″ before the activation, after it).
void uq_tanh_tangents(UQMatrixKernel kernel, const double *h, double *t, double *s, long n);

/// The pullback of `uq_tanh_tangents`: from the adjoints (h̄, t̄, s̄) after the activation to those
/// of (z, z′, z″) before it, in place, given h and the saved z′, z″ (zt, zs); with
/// a‴ = −2a′² + 4h²a′: h̄ ← h̄a′ + t̄a″z′ + s̄(a″z″ + a‴z′²), t̄ ← t̄a′ + 2s̄a″z′, s̄ ← s̄a′.
void uq_tanh_tangents_pullback(UQMatrixKernel kernel, const double *h, const double *zt, const double *zs,
                               double *hb, double *tb, double *sb, long n);

/// y[i] = e^{x[i]} − 1 for |x[i]| ≤ 700 (within 2 ulp of libm's `expm1`); y may be x.
void uq_expm1(UQMatrixKernel kernel, double *y, const double *x, long n);

/// One Adam update of n parameters in the paper's cheaper order:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − α·m / (√v + ε̂).
void uq_adam(UQMatrixKernel kernel, double *theta, double *m, double *v, const double *g, long n,
             double beta1, double beta2, double alpha, double epsilon_hat);

/// out[j] += Σᵢ g[i·ld + j] over the n rows of the n × m matrix g (rows ld ≥ m apart), each
/// column's sum in the order i = 0, 1, … (the plain loop's, row after row); out and g do not
/// overlap. A bias's gradient.
void uq_column_sums(UQMatrixKernel kernel, double *out, const double *g, long n, long m, long ld);

/// g[i] ← (h[i] > 0 ? g[i] : +0): the pullback of ReLU given its output h.
void uq_relu_pullback(UQMatrixKernel kernel, double *g, const double *h, long n);

#ifdef __cplusplus
}
#endif

#endif
