// Elementwise kernels on eight lanes; see include/elementwise.h for the contract.
//
// The lane functions below are written once (static, always inlined) and instantiated in one
// function per instruction set by the KERNELS macro at the end. Multiply-adds are explicit
// (`fma8`); contraction is off for the whole file, so `a * b + c` stays two roundings in every
// variant, exactly as the same expression in Swift.
#include "elementwise.h"
#include "lanes.h"

#include <math.h>
#include <string.h>

#pragma clang fp contract(off)

/// a·b + c on every lane, rounded once (a vector FMA where the target has one, libm's `fma`
/// per lane otherwise: the same correctly rounded numbers).
LANE d8 fma8(d8 a, d8 b, d8 c) { return __builtin_elementwise_fma(a, b, c); }

/// Lanes with the magnitudes of `magnitude` and the signs of `sign`.
LANE d8 copy_sign(d8 magnitude, d8 sign) {
    const u8x bit = (u8x)(1ULL << 63);
    return as_d8((as_u8(magnitude) & ~bit) | (as_u8(sign) & bit));
}

/// eˣ − 1 for |x| ≤ 700, without a division: x = n ln 2 + r with |r| ≤ ½ ln 2 (ln 2 split in two,
/// as in Cephes' exp.c, so that n ln 2 is exact); e^r − 1 = r + r² Σ_{k=0}^{11} r^k/(k+2)!
/// (Taylor; the first omitted term is below 2⁻⁵⁸ of the sum) in Estrin's scheme (a chain of four
/// multiply-adds instead of twelve); then eˣ − 1 = 2ⁿ(e^r − 1) + (2ⁿ − 1).
LANE d8 expm1_8(d8 x) {
    const d8 shifter = splat(6755399441055744.0);   // 1.5·2⁵²: adding it rounds to an integer
    const d8 shifted = fma8(x, splat(1.4426950408889634073599), shifter);
    const d8 n = shifted - shifter;
    const d8 r = fma8(n, splat(-1.42860682030941723212e-6), fma8(n, splat(-6.93145751953125e-1), x));
#define PAIR(c0, c1) fma8(r, splat(c1), splat(c0))   /* c0 + c1·r */
    const d8 r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const d8 b0 = fma8(PAIR(1.0 / 24, 1.0 / 120), r2, PAIR(1.0 / 2, 1.0 / 6));
    const d8 b1 = fma8(PAIR(1.0 / 40320, 1.0 / 362880), r2, PAIR(1.0 / 720, 1.0 / 5040));
    const d8 b2 = fma8(PAIR(1.0 / 479001600, 1.0 / 6227020800), r2, PAIR(1.0 / 3628800, 1.0 / 39916800));
#undef PAIR
    const d8 sum = fma8(b2, r8, fma8(b1, r4, b0));
    const d8 er = fma8(r2, sum, r);   // e^r − 1
    // 2ⁿ: n sits in the low bits of `shifted`; move it into the exponent field.
    const u8x bits = as_u8(shifted) - as_u8(shifter);
    const d8 scale = as_d8((bits + 1023) << 52);
    return fma8(scale, er, scale - 1);
}

/// tanh|x| = m / (m + 2) with m = e^{2|x|} − 1 (one division, no cancellation near 0); the sign of
/// x is restored at the end (tanh(−0) = −0); ±∞ give ±1, NaN stays NaN. tanh(22) rounds to 1,
/// so larger |x| need no bigger exponential.
LANE d8 tanh8(d8 x) {
    const d8 a = copy_sign(x, splat(1));
    const u8x big = (u8x)(a > splat(22));   // all ones where |x| > 22 (never for NaN)
    const d8 capped = as_d8((as_u8(a) & ~big) | (as_u8(splat(22)) & big));
    const d8 m = expm1_8(2 * capped);
    return copy_sign(m / (m + 2), x);
}


LANE void tanh_body(double *y, const double *x, long n) {
    for (long i = 0; i < n; i += 8) store8(y + i, n - i, tanh8(load8(x + i, n - i)));
}

LANE void expm1_body(double *y, const double *x, long n) {
    for (long i = 0; i < n; i += 8) store8(y + i, n - i, expm1_8(load8(x + i, n - i)));
}

LANE void tanh_pullback_body(double *g, const double *h, long n) {
    for (long i = 0; i < n; i += 8) {
        const d8 hi = load8(h + i, n - i);
        store8(g + i, n - i, load8(g + i, n - i) * (1 - hi * hi));
    }
}

// The operations below are those of the Swift loops they replace (MLP+InputDerivatives.swift),
// in the same order: (−2h)·a′, (a″·z′)·z′, ((−2a′)·a′) + ((4h·h)·a′), sums left to right.
LANE void tanh_tangents_body(const double *h, double *t, double *s, long n) {
    for (long i = 0; i < n; i += 8) {
        const long left = n - i;
        const d8 hi = load8(h + i, left), z1 = load8(t + i, left), z2 = load8(s + i, left);
        const d8 d1 = 1 - hi * hi, d2 = (-2 * hi) * d1;
        store8(t + i, left, d1 * z1);
        store8(s + i, left, d1 * z2 + (d2 * z1) * z1);
    }
}

LANE void tanh_tangents_pullback_body(const double *h, const double *zt, const double *zs, double *hb, double *tb, double *sb, long n) {
    for (long i = 0; i < n; i += 8) {
        const long left = n - i;
        const d8 hi = load8(h + i, left), z1 = load8(zt + i, left), z2 = load8(zs + i, left);
        const d8 d1 = 1 - hi * hi, d2 = (-2 * hi) * d1, d3 = (-2 * d1) * d1 + ((4 * hi) * hi) * d1;
        const d8 gh = load8(hb + i, left), gt = load8(tb + i, left), gs = load8(sb + i, left);
        store8(hb + i, left, (gh * d1 + (gt * d2) * z1) + gs * (d2 * z2 + (d3 * z1) * z1));
        store8(tb + i, left, gt * d1 + ((2 * gs) * d2) * z1);
        store8(sb + i, left, gs * d1);
    }
}

/// Prefetches p[i + AHEAD] (for writing when `write`), if it is inside the n numbers at p. Long
/// streams read a page (4 KB) ahead: the hardware's prefetcher starts again at every page, and
/// a kernel reading several streams at once stalled at each page of each.
#define AHEAD 512
#define PREFETCH_AHEAD(p, i, n, write) \
    do { if ((i) + AHEAD < (n)) __builtin_prefetch((p) + (i) + AHEAD, (write), 3); } while (0)

/// Adam's step, θ's four streams read a page ahead (the wide step of `make bench`, whose Adam
/// runs over 2 MB per stream, 1.7–2.9% faster so; paired runs).
LANE void adam_body(double *theta, double *m, double *v, const double *g, long n,
                    double beta1, double beta2, double alpha, double epsilon_hat) {
    for (long i = 0; i < n; i += 8) {
        const long left = n - i;
        PREFETCH_AHEAD(g, i, n, 0);
        PREFETCH_AHEAD(m, i, n, 1);
        PREFETCH_AHEAD(v, i, n, 1);
        PREFETCH_AHEAD(theta, i, n, 1);
        const d8 gi = load8(g + i, left);
        const d8 mi = beta1 * load8(m + i, left) + (1 - beta1) * gi;
        const d8 vi = beta2 * load8(v + i, left) + (1 - beta2) * gi * gi;
        store8(m + i, left, mi);
        store8(v + i, left, vi);
        store8(theta + i, left, load8(theta + i, left) - alpha * mi / (__builtin_elementwise_sqrt(vi) + epsilon_hat));
    }
}

/// out[j] += Σᵢ g[i·ld + j]: each column's additions in the order of the plain loop (i ascending).
/// Narrow matrices (m ≤ 128) go eight columns at a time down the rows with the sums in a register,
/// then the last m mod 8 columns one by one: a running sum through `out` would wait, at every row,
/// for the store of the row before (the MLP 1→10→1 of the NUTS workloads: a sum over 1,000 rows
/// of one column took 3.1 µs so, 0.5 µs in a register). Wider ones go row after row, across the
/// columns in vectors: the columns of a row keep the store busy, and reading down the columns of
/// a 512-wide matrix (4 KB between rows) took ten times as long. The pointers do not overlap,
/// which a caller in Swift cannot tell its compiler.
LANE void column_sums_body(double *restrict out, const double *restrict g, long n, long m, long ld) {
    if (m > 128) {
        for (long i = 0; i < n; i++) {
            const double *row = g + i * ld;
            for (long j = 0; j < m; j++) out[j] += row[j];
        }
        return;
    }
    long j = 0;
    for (; j + 8 <= m; j += 8) {
        d8 sum = load8(out + j, 8);
        for (long i = 0; i < n; i++) sum += load8(g + i * ld + j, 8);
        store8(out + j, 8, sum);
    }
    for (; j < m; j++) {
        double sum = out[j];
        for (long i = 0; i < n; i++) sum += g[i * ld + j];
        out[j] = sum;
    }
}

/// g[i] ← g[i] where h[i] > 0, else +0: the pullback of ReLU given its output h.
LANE void relu_pullback_body(double *restrict g, const double *restrict h, long n) {
    for (long i = 0; i < n; i++) g[i] = h[i] > 0 ? g[i] : 0.0;
}

// One function per instruction set and kernel.
#define KERNELS(SUFFIX, TARGET)                                                                                   \
    TARGET static void tanh_##SUFFIX(double *y, const double *x, long n) { tanh_body(y, x, n); }                  \
    TARGET static void expm1_##SUFFIX(double *y, const double *x, long n) { expm1_body(y, x, n); }                \
    TARGET static void tanh_pullback_##SUFFIX(double *g, const double *h, long n) { tanh_pullback_body(g, h, n); } \
    TARGET static void tanh_tangents_##SUFFIX(const double *h, double *t, double *s, long n) {                     \
        tanh_tangents_body(h, t, s, n);                                                                          \
    }                                                                                                             \
    TARGET static void tanh_tangents_pullback_##SUFFIX(const double *h, const double *zt, const double *zs,       \
                                                       double *hb, double *tb, double *sb, long n) {              \
        tanh_tangents_pullback_body(h, zt, zs, hb, tb, sb, n);                                                   \
    }                                                                                                             \
    TARGET static void adam_##SUFFIX(double *t, double *m, double *v, const double *g, long n, double b1,          \
                                     double b2, double a, double e) { adam_body(t, m, v, g, n, b1, b2, a, e); }    \
    TARGET static void column_sums_##SUFFIX(double *out, const double *g, long n, long m, long ld) {               \
        column_sums_body(out, g, n, m, ld);                                                                       \
    }                                                                                                             \
    TARGET static void relu_pullback_##SUFFIX(double *g, const double *h, long n) { relu_pullback_body(g, h, n); }

// The portable kernels twice, like the portable matrix product: for any x86-64 (fma8 is libm's
// software fma per lane) and for CPUs with the FMA instruction (the same numbers, faster).
KERNELS(portable, )
#if defined(__x86_64__)
KERNELS(portable_fma, __attribute__((target("fma"))))
KERNELS(avx2, __attribute__((target("avx2,fma"))))
KERNELS(avx512, __attribute__((target("avx512f"))))
#define DISPATCH(NAME, ...)                                                      \
    switch (kernel) {                                                            \
    case UQMatrixKernelAVX512: NAME##_avx512(__VA_ARGS__); return;               \
    case UQMatrixKernelAVX2: NAME##_avx2(__VA_ARGS__); return;                   \
    default:                                                                     \
        if (__builtin_cpu_supports("fma")) NAME##_portable_fma(__VA_ARGS__);     \
        else NAME##_portable(__VA_ARGS__);                                       \
        return;                                                                  \
    }
#else
#define DISPATCH(NAME, ...) NAME##_portable(__VA_ARGS__)
#endif

void uq_tanh(UQMatrixKernel kernel, double *y, const double *x, long n) { DISPATCH(tanh, y, x, n) }
void uq_expm1(UQMatrixKernel kernel, double *y, const double *x, long n) { DISPATCH(expm1, y, x, n) }
void uq_tanh_pullback(UQMatrixKernel kernel, double *g, const double *h, long n) { DISPATCH(tanh_pullback, g, h, n) }
void uq_tanh_tangents(UQMatrixKernel kernel, const double *h, double *t, double *s, long n) { DISPATCH(tanh_tangents, h, t, s, n) }
void uq_tanh_tangents_pullback(UQMatrixKernel kernel, const double *h, const double *zt, const double *zs,
                               double *hb, double *tb, double *sb, long n) {
    DISPATCH(tanh_tangents_pullback, h, zt, zs, hb, tb, sb, n)
}
void uq_adam(UQMatrixKernel kernel, double *theta, double *m, double *v, const double *g, long n,
             double beta1, double beta2, double alpha, double epsilon_hat) {
    DISPATCH(adam, theta, m, v, g, n, beta1, beta2, alpha, epsilon_hat)
}
void uq_column_sums(UQMatrixKernel kernel, double *out, const double *g, long n, long m, long ld) {
    DISPATCH(column_sums, out, g, n, m, ld)
}
void uq_relu_pullback(UQMatrixKernel kernel, double *g, const double *h, long n) { DISPATCH(relu_pullback, g, h, n) }
