// Dense matrix products: one fixed order of operations per output element, three kernels.
// See include/matrix_product.h for the contract.
//
// Every kernel has the Goto/BLIS shape, simplified for the sizes of this course:
// a register tile of MR rows × NR columns of C stays in vector registers while p runs over the
// inner extent; each step broadcasts MR numbers of A, loads NR numbers of B and does MR·NR/width
// vector fused multiply-adds. Large products copy ("pack") blocks of B (unless one strip of rows
// uses each number of B once), and of a transposed A, into contiguous panels first, so that a
// tile's operands stream from cache; a transposed B is always packed.
// Packing moves numbers, never adds them, so it cannot change a result.
#include "matrix_product.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

/// op(X) as seen by the kernels: element (r, s) at x[r·rs + s·cs].
typedef struct { const double *x; long rs, cs; } View;

// MARK: - Blocked driver shared by every kernel

/// A register-tile kernel: C[0..<mr, 0..<nr] = S + A-tile · B-panel over kc steps, where A-tile
/// element (r, p) is a[r·rsa + p·csa], B-panel element (p, j) is b[p·ldb + j] and S's element
/// (r, j) is s[r·lds + j]: C itself to accumulate (s = c), a bias row (lds = 0), or +0 (s NULL).
typedef void (*TileKernel)(long mr, long nr, long kc, const double *a, long rsa, long csa,
                           const double *b, long ldb, double *c, long ldc, const double *s, long lds);

/// Copies a block transposed: dst[c·ldd + r] = src[r·ld + c] for r < rows, c < cols.
typedef void (*Transpose)(const double *src, long ld, long rows, long cols, double *dst, long ldd);

typedef struct {
    long mr, nr;        // register tile
    long kc, nc;        // block of B packed at once: kc × nc
    TileKernel tile;
    Transpose transpose;   // packs the operands stored across the panels' order
} Geometry;

/// Products with at least this many multiply-adds pack B and a transposed A (below it, the
/// copies cost more than the cache misses they save). A transposed A is packed A_PANELS panels at
/// a time: panel by panel, each read MR numbers (64 bytes with AVX-512) from every row of the
/// stored matrix, about 4 KB apart in a 512-wide layer, each on a page of its own; eight at a time made
/// the wide step 1.1–1.9% faster (three sets of paired runs; AVX2 1.1% ± 0.2%; 4 tied with 8, 16
/// and 64 were slower).
enum { PACK_THRESHOLD = 1 << 17, STACK_SCRATCH = 4096, A_PANELS = 8 };

static long min_l(long a, long b) { return a < b ? a : b; }

// The driver and the packing routines are inlined into one function per kernel, so that the tile
// sizes are constants there (the copy loops unroll and vectorise) and the tile call is direct.
#define INLINE static inline __attribute__((always_inline))

/// Copies op(B)[p0 ..< p0+kc, j0 ..< j0+nc] into panels of g->nr columns: panel q holds
/// element (p, jj) at dst[q·kc·nr + p·nr + jj].
INLINE void pack_b(const Geometry *g, View B, long p0, long kc, long j0, long nc, double *dst) {
    for (long q = 0; q * g->nr < nc; q++) {
        const long nr = min_l(g->nr, nc - q * g->nr);
        double *panel = dst + q * kc * g->nr;
        const double *src = B.x + p0 * B.rs + (j0 + q * g->nr) * B.cs;
        // memcpy, not a loop: clang left the loop scalar (it cannot rule out that src and panel
        // overlap), and a copy of a constant size is a few vector moves.
        if (B.cs == 1 && nr == g->nr) {
            for (long p = 0; p < kc; p++) memcpy(panel + p * g->nr, src + p * B.rs, sizeof(double) * g->nr);
        } else if (B.cs == 1) {
            for (long p = 0; p < kc; p++) memcpy(panel + p * g->nr, src + p * B.rs, sizeof(double) * nr);
        } else {   // transposed (B.rs = 1): nr rows of the stored matrix, each read along p
            g->transpose(src, B.cs, nr, kc, panel, g->nr);
        }
    }
}

/// Copies op(A)[i0 ..< i0+rows, p0 ..< p0+kc] of a transposed A (A.rs = 1: a step's numbers
/// are contiguous, the steps a row of the stored matrix apart) into panels of MR rows, the last
/// one narrower: panel s holds element (r, p) at dst[s·kc·MR + p·MR + r]. Row p of the stored
/// matrix is read once for all the panels.
INLINE void pack_a(const Geometry *g, View A, long i0, long rows, long p0, long kc, double *dst) {
    for (long p = 0; p < kc; p++) {
        const double *src = A.x + i0 + (p0 + p) * A.cs;
        double *step = dst + p * g->mr;
        long s = 0;
        // memcpy of a constant size: a few vector moves
        for (; (s + 1) * g->mr <= rows; s++) memcpy(step + s * kc * g->mr, src + s * g->mr, sizeof(double) * g->mr);
        if (s * g->mr < rows) memcpy(step + s * kc * g->mr, src + s * g->mr, sizeof(double) * (rows - s * g->mr));
    }
}

/// The scalar transpose: row by row of dst, so that its writes are contiguous.
INLINE void transpose_scalar(const double *src, long ld, long r0, long rows, long c0, long cols,
                             double *dst, long ldd) {
    for (long c = c0; c < cols; c++) {
        // Scalar on purpose: clang vectorised these strided copies into scatters and gathers
        // (20×50×50 G·Wᵀ took 2.5 µs so, 2.2 µs scalar).
        _Pragma("clang loop vectorize(disable)")
        for (long r = r0; r < rows; r++) dst[c * ldd + r] = src[r * ld + c];
    }
}

INLINE void blocked_product(const Geometry *g, long n, long m, long k, View A, View B,
                            double *c, long ldc, int overwrite, const double *start_row) {
    const int pack = (double)n * (double)m * (double)k >= PACK_THRESHOLD;
    // One strip of rows uses each number of B once: packing it would only add a copy (the
    // gradient of a layer with one input, 1 × 256 × 512, copied its 1 MB G so).
    const int packB = (pack && n > g->mr) || B.cs != 1;
    const long kc_max = pack ? g->kc : k;
    const long nc_max = pack ? g->nc : m;
    const long panels = (nc_max + g->nr - 1) / g->nr;
    const int packA = pack && A.rs == 1;
    const long group = packA ? A_PANELS : 1;   // panels of A packed at once
    const long need = (packB ? kc_max * panels * g->nr : 0) + (packA ? group * kc_max * g->mr : 0);
    double stack[STACK_SCRATCH] __attribute__((aligned(64)));
    double *scratch = stack;
    if (need > STACK_SCRATCH) {
        scratch = aligned_alloc(64, (size_t)((need * 8 + 63) / 64 * 64));
        if (!scratch) abort();
    }
    double *bbuf = scratch, *abuf = scratch + (packB ? kc_max * panels * g->nr : 0);

    for (long p0 = 0; p0 < k; p0 += kc_max) {
        const long kc = min_l(kc_max, k - p0);
        // The first block starts from the start row, from C or from +0; later blocks continue
        // each element's sum from C.
        const int from_row = start_row && p0 == 0, load = !(overwrite && p0 == 0);
        for (long j0 = 0; j0 < m; j0 += nc_max) {
            const long nc = min_l(nc_max, m - j0);
            const double *b;
            long ldb, panel_stride;
            if (packB) {
                pack_b(g, B, p0, kc, j0, nc, bbuf);
                b = bbuf; ldb = g->nr; panel_stride = kc * g->nr;
            } else {
                b = B.x + p0 * B.rs + j0; ldb = B.rs; panel_stride = g->nr;
            }
            for (long i0 = 0; i0 < n; i0 += g->mr) {
                const long mr = min_l(g->mr, n - i0);
                const double *a = A.x + i0 * A.rs + p0 * A.cs;
                long rsa = A.rs, csa = A.cs;
                // A stored by rows is read where it lies: a step's MR numbers come from MR rows,
                // and each line of a row serves eight steps. Packing it into panels cost more
                // than it saved (the wide step 1.6% ± 0.5% faster without, AVX2 2.7% ± 0.4%,
                // paired runs). A transposed A is packed: its steps lie a row of the stored
                // matrix apart, about 4 KB in a 512-wide layer, each on a page of its own.
                if (packA) {
                    const long panel = (i0 / g->mr) % group;
                    if (panel == 0) pack_a(g, A, i0, min_l(group * g->mr, n - i0), p0, kc, abuf);
                    a = abuf + panel * kc * g->mr; rsa = 1; csa = g->mr;
                }
                for (long q = 0; q * g->nr < nc; q++) {
                    double *tile_c = c + i0 * ldc + j0 + q * g->nr;
                    const double *s = from_row ? start_row + j0 + q * g->nr : load ? tile_c : 0;
                    g->tile(mr, min_l(g->nr, nc - q * g->nr), kc, a, rsa, csa, b + q * panel_stride, ldb,
                            tile_c, ldc, s, from_row ? 0 : ldc);
                }
            }
        }
    }
    if (scratch != stack) free(scratch);
}

// MARK: - Portable register tiles

// Plain C with the compiler's generic vectors: 4 rows × 8 columns of C in eight 4-lane vectors,
// each lane's multiply-add fused (`__builtin_elementwise_fma`, one rounding, as fma()). Any CPU
// runs it; the compiler maps the vectors onto what the target has (two SSE2 or NEON registers
// each, or one AVX register). Edge tiles run the scalar loops, in the same order.
typedef double V4 __attribute__((vector_size(32)));

typedef double V4u __attribute__((vector_size(32), aligned(8)));   // the same, at any address
#define LOAD4(p) (*(const V4u *)(p))
#define STORE4(p, v) (*(V4u *)(p) = (v))

static inline __attribute__((always_inline)) void
tile_portable_body(long mr, long nr, long kc, const double *a, long rsa, long csa,
                   const double *b, long ldb, double *c, long ldc, const double *s, long lds) {
    if (mr == 4 && nr == 8) {
        V4 acc[4][2];
        for (int r = 0; r < 4; r++) for (int v = 0; v < 2; v++) acc[r][v] = s ? LOAD4(s + r * lds + 4 * v) : (V4){0, 0, 0, 0};
        for (long p = 0; p < kc; p++) {
            const V4 b0 = LOAD4(b + p * ldb), b1 = LOAD4(b + p * ldb + 4);
            const double *ap = a + p * csa;
            for (int r = 0; r < 4; r++) {
                const double x = ap[r * rsa];
                const V4 ar = {x, x, x, x};
                acc[r][0] = __builtin_elementwise_fma(ar, b0, acc[r][0]);
                acc[r][1] = __builtin_elementwise_fma(ar, b1, acc[r][1]);
            }
        }
        for (int r = 0; r < 4; r++) for (int v = 0; v < 2; v++) STORE4(c + r * ldc + 4 * v, acc[r][v]);
        return;
    }
    for (long r = 0; r < mr; r++) {
        for (long j = 0; j < nr; j++) {
            double sum = s ? s[r * lds + j] : 0.0;
            for (long p = 0; p < kc; p++) sum = fma(a[r * rsa + p * csa], b[p * ldb + j], sum);
            c[r * ldc + j] = sum;
        }
    }
}

static void tile_portable_any(long mr, long nr, long kc, const double *a, long rsa, long csa,
                              const double *b, long ldb, double *c, long ldc, const double *s, long lds) {
    tile_portable_body(mr, nr, kc, a, rsa, csa, b, ldb, c, ldc, s, lds);
}

static void transpose_any(const double *src, long ld, long rows, long cols, double *dst, long ldd) {
    transpose_scalar(src, ld, 0, rows, 0, cols, dst, ldd);
}

static const Geometry portable_geometry = {.mr = 4, .nr = 8, .kc = 128, .nc = 512, .tile = tile_portable_any, .transpose = transpose_any};

static void portable_product_any(long n, long m, long k, View A, View B, double *c, long ldc, int overwrite, const double *start_row) {
    blocked_product(&portable_geometry, n, m, k, A, B, c, ldc, overwrite, start_row);
}

// The same compiled for CPUs with the FMA instruction (every CPU with AVX2, and a few with AVX
// only), where the fused multiply-add is that instruction rather than libm's software routine:
// the same numbers, many times faster. Chosen by what the CPU has (`fma` implies AVX, not AVX2).
#if defined(__x86_64__)
#define TARGET_FMA __attribute__((target("fma")))
TARGET_FMA static void tile_portable_fma(long mr, long nr, long kc, const double *a, long rsa, long csa,
                                         const double *b, long ldb, double *c, long ldc, const double *s, long lds) {
    tile_portable_body(mr, nr, kc, a, rsa, csa, b, ldb, c, ldc, s, lds);
}

static const Geometry portable_fma_geometry = {.mr = 4, .nr = 8, .kc = 128, .nc = 512, .tile = tile_portable_fma, .transpose = transpose_any};

TARGET_FMA static void portable_product_fma(long n, long m, long k, View A, View B, double *c, long ldc, int overwrite, const double *start_row) {
    blocked_product(&portable_fma_geometry, n, m, k, A, B, c, ldc, overwrite, start_row);
}
#endif

static void portable_product(long n, long m, long k, View A, View B, double *c, long ldc, int overwrite, const double *start_row) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("fma")) { portable_product_fma(n, m, k, A, B, c, ldc, overwrite, start_row); return; }
#endif
    portable_product_any(n, m, k, A, B, c, ldc, overwrite, start_row);
}

// MARK: - x86-64 vector kernels

#if defined(__x86_64__)

#define UNROLL _Pragma("clang loop unroll(full)")
#define TARGET_AVX512 __attribute__((target("avx512f")))
#define TARGET_AVX2 __attribute__((target("avx2,fma")))

/// AVX-512: up to 8 rows × 3 vectors of 8 columns (24 accumulators of the 32 registers). MR and
/// NV are constants in every copy the switch below makes, so the accumulators live in registers.
static inline __attribute__((always_inline)) TARGET_AVX512 void
tile512_fixed(const int MR, const int NV, long kc, const double *a, long rsa, long csa,
              const double *b, long ldb, __mmask8 last, double *c, long ldc, const double *s, long lds) {
    __m512d acc[8][3];
    UNROLL for (int r = 0; r < MR; r++) UNROLL for (int v = 0; v < NV; v++) {
        const __mmask8 mask = v == NV - 1 ? last : 0xFF;
        acc[r][v] = s ? _mm512_maskz_loadu_pd(mask, s + r * lds + 8 * v) : _mm512_setzero_pd();
    }
    for (long p = 0; p < kc; p++) {
        __m512d bv[3];
        UNROLL for (int v = 0; v < NV; v++)
            bv[v] = v == NV - 1 ? _mm512_maskz_loadu_pd(last, b + p * ldb + 8 * v) : _mm512_loadu_pd(b + p * ldb + 8 * v);
        const double *ap = a + p * csa;
        UNROLL for (int r = 0; r < MR; r++) {
            const __m512d ar = _mm512_set1_pd(ap[r * rsa]);
            UNROLL for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_pd(ar, bv[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < MR; r++) UNROLL for (int v = 0; v < NV; v++)
        _mm512_mask_storeu_pd(c + r * ldc + 8 * v, v == NV - 1 ? last : 0xFF, acc[r][v]);
}

TARGET_AVX512 static void tile512(long mr, long nr, long kc, const double *a, long rsa, long csa,
                                  const double *b, long ldb, double *c, long ldc, const double *s, long lds) {
    const long nv = (nr + 7) / 8;
    const __mmask8 last = (__mmask8)(0xFFu >> (8 * nv - nr));
    if (mr == 8 && nr == 24) { tile512_fixed(8, 3, kc, a, rsa, csa, b, ldb, 0xFF, c, ldc, s, lds); return; }   // most tiles
    switch (mr * 4 + nv) {
#define CASE(R, V) case R * 4 + V: tile512_fixed(R, V, kc, a, rsa, csa, b, ldb, last, c, ldc, s, lds); return;
#define ROW(R) CASE(R, 1) CASE(R, 2) CASE(R, 3)
        ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7) ROW(8)
#undef ROW
#undef CASE
    }
}

/// AVX2: up to 6 rows × 2 vectors of 4 columns (12 accumulators of the 16 registers). The last
/// vector of a row is masked when the tile is narrower than NV·4 (`FULL` is 0): masked loads are
/// slower than plain ones on AVX2, so full tiles do without.
static inline __attribute__((always_inline)) TARGET_AVX2 void
tile256_fixed(const int MR, const int NV, const int FULL, long kc, const double *a, long rsa, long csa,
              const double *b, long ldb, __m256i last, double *c, long ldc, const double *s, long lds) {
    __m256d acc[6][2];
    UNROLL for (int r = 0; r < MR; r++) UNROLL for (int v = 0; v < NV; v++) {
        acc[r][v] = !s ? _mm256_setzero_pd()
                  : (FULL || v < NV - 1) ? _mm256_loadu_pd(s + r * lds + 4 * v) : _mm256_maskload_pd(s + r * lds + 4 * v, last);
    }
    for (long p = 0; p < kc; p++) {
        __m256d bv[2];
        UNROLL for (int v = 0; v < NV; v++) {
            const double *bp = b + p * ldb + 4 * v;
            bv[v] = (FULL || v < NV - 1) ? _mm256_loadu_pd(bp) : _mm256_maskload_pd(bp, last);
        }
        const double *ap = a + p * csa;
        UNROLL for (int r = 0; r < MR; r++) {
            const __m256d ar = _mm256_broadcast_sd(ap + r * rsa);
            UNROLL for (int v = 0; v < NV; v++) acc[r][v] = _mm256_fmadd_pd(ar, bv[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < MR; r++) UNROLL for (int v = 0; v < NV; v++) {
        double *cv = c + r * ldc + 4 * v;
        if (FULL || v < NV - 1) _mm256_storeu_pd(cv, acc[r][v]); else _mm256_maskstore_pd(cv, last, acc[r][v]);
    }
}

TARGET_AVX2 static void tile256(long mr, long nr, long kc, const double *a, long rsa, long csa,
                                const double *b, long ldb, double *c, long ldc, const double *s, long lds) {
    const long nv = (nr + 3) / 4, valid = nr - 4 * (nv - 1);
    const __m256i last = _mm256_set_epi64x(valid > 3 ? -1 : 0, valid > 2 ? -1 : 0, valid > 1 ? -1 : 0, -1);
    if (mr == 6 && nr == 8) { tile256_fixed(6, 2, 1, kc, a, rsa, csa, b, ldb, last, c, ldc, s, lds); return; }
    switch (mr * 4 + nv) {
#define CASE(R, V) case R * 4 + V: tile256_fixed(R, V, 0, kc, a, rsa, csa, b, ldb, last, c, ldc, s, lds); return;
#define ROW(R) CASE(R, 1) CASE(R, 2)
        ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6)
#undef ROW
#undef CASE
    }
}

/// 8 × 8 blocks transposed in registers (two rounds of pair interleaving, one of half swaps),
/// the ragged edges by the scalar copy.
TARGET_AVX512 static void transpose512(const double *src, long ld, long rows, long cols, double *dst, long ldd) {
    const long rows8 = rows & ~7L, cols8 = cols & ~7L;
    const __m512i lo = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0), hi = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    for (long r = 0; r < rows8; r += 8) {
        for (long c = 0; c < cols8; c += 8) {
            const double *s0 = src + r * ld + c;
            __m512d x[8], t[8], u[8];
            // Four lines ahead along each of the eight rows, pages apart in a 512-wide layer's
            // weights (the wide step 0.4–1.6% faster, three sets of paired runs).
            if (c + 32 < cols) UNROLL for (int i = 0; i < 8; i++) __builtin_prefetch(s0 + i * ld + 32, 0, 3);
            UNROLL for (int i = 0; i < 8; i++) x[i] = _mm512_loadu_pd(s0 + i * ld);
            UNROLL for (int i = 0; i < 8; i += 2) {
                t[i] = _mm512_unpacklo_pd(x[i], x[i + 1]);       // (x_i[2e], x_{i+1}[2e])
                t[i + 1] = _mm512_unpackhi_pd(x[i], x[i + 1]);   // (x_i[2e+1], x_{i+1}[2e+1])
            }
            UNROLL for (int h = 0; h < 8; h += 4) UNROLL for (int e = 0; e < 2; e++) {
                u[h + e] = _mm512_permutex2var_pd(t[h + e], lo, t[h + 2 + e]);       // columns e, 4+e
                u[h + 2 + e] = _mm512_permutex2var_pd(t[h + e], hi, t[h + 2 + e]);   // columns 2+e, 6+e
            }
            double *d0 = dst + c * ldd + r;
            UNROLL for (int j = 0; j < 4; j++) {
                // u[j] holds rows 0-3 of columns j and j + 4, u[4 + j] rows 4-7
                _mm512_storeu_pd(d0 + j * ldd, _mm512_shuffle_f64x2(u[j], u[4 + j], 0x44));
                _mm512_storeu_pd(d0 + (j + 4) * ldd, _mm512_shuffle_f64x2(u[j], u[4 + j], 0xEE));
            }
        }
        transpose_scalar(src, ld, r, r + 8, cols8, cols, dst, ldd);
    }
    transpose_scalar(src, ld, rows8, rows, 0, cols, dst, ldd);
}

/// AVX2: 4 × 4 blocks transposed in registers (one round of pair interleaving, one of half
/// swaps), the ragged edges by the scalar copy.
TARGET_AVX2 static void transpose256(const double *src, long ld, long rows, long cols, double *dst, long ldd) {
    const long rows4 = rows & ~3L, cols4 = cols & ~3L;
    for (long r = 0; r < rows4; r += 4) {
        for (long c = 0; c < cols4; c += 4) {
            const double *s0 = src + r * ld + c;
            const __m256d x0 = _mm256_loadu_pd(s0), x1 = _mm256_loadu_pd(s0 + ld),
                          x2 = _mm256_loadu_pd(s0 + 2 * ld), x3 = _mm256_loadu_pd(s0 + 3 * ld);
            // t0 = (x0[2e], x1[2e]) and t1 = (x0[2e+1], x1[2e+1]) for e = 0, 1; t2, t3 the same of x2, x3
            const __m256d t0 = _mm256_unpacklo_pd(x0, x1), t1 = _mm256_unpackhi_pd(x0, x1);
            const __m256d t2 = _mm256_unpacklo_pd(x2, x3), t3 = _mm256_unpackhi_pd(x2, x3);
            double *d0 = dst + c * ldd + r;
            _mm256_storeu_pd(d0, _mm256_permute2f128_pd(t0, t2, 0x20));             // column 0: low halves
            _mm256_storeu_pd(d0 + ldd, _mm256_permute2f128_pd(t1, t3, 0x20));       // column 1
            _mm256_storeu_pd(d0 + 2 * ldd, _mm256_permute2f128_pd(t0, t2, 0x31));   // column 2: high halves
            _mm256_storeu_pd(d0 + 3 * ldd, _mm256_permute2f128_pd(t1, t3, 0x31));   // column 3
        }
        transpose_scalar(src, ld, r, r + 4, cols4, cols, dst, ldd);
    }
    transpose_scalar(src, ld, rows4, rows, 0, cols, dst, ldd);
}

// kc × nc: the block of B that a tile row sweeps, kept in the core's second-level cache: 128 ×
// 528 doubles, 540 KB, half of a 1 MB L2, so that the step's other data (the strip of A, the rows
// of C, what the step touched last) does not evict it. The wide step (benchmark mlp-512), paired
// runs alternated: kc = 128 took 2.4% ± 0.4% less time than 256 (AVX-512), 4.9% ± 0.4% (AVX2),
// 6.4% ± 0.5% (portable) on a 1 MB-L2 Zen 5; kc ∈ {64, 96} tied with 128, kc ∈ {160, 192} and nc ∈ {264,
// 1056} were slower. (256 × 528 had been the best on a 2 MB-L2 Xeon; the products alone hardly
// tell the two apart.) A block's size never changes a sum: later blocks continue from C.
static const Geometry avx512_geometry = {.mr = 8, .nr = 24, .kc = 128, .nc = 528, .tile = tile512, .transpose = transpose512};
static const Geometry avx2_geometry = {.mr = 6, .nr = 8, .kc = 128, .nc = 512, .tile = tile256, .transpose = transpose256};

TARGET_AVX512 static void avx512_product(long n, long m, long k, View A, View B, double *c, long ldc, int overwrite, const double *start_row) {
    blocked_product(&avx512_geometry, n, m, k, A, B, c, ldc, overwrite, start_row);
}

TARGET_AVX2 static void avx2_product(long n, long m, long k, View A, View B, double *c, long ldc, int overwrite, const double *start_row) {
    blocked_product(&avx2_geometry, n, m, k, A, B, c, ldc, overwrite, start_row);
}

/// Whether the operating system saves the register state in `mask` (XCR0) on a context switch.
static int os_saves(unsigned mask) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & mask) == mask;
}

static int has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx) || !os_saves(0x6)) return 0;   // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

static int has_avx512(void) {
    unsigned a, b, c, d;
    if (!has_avx2() || !__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ((b >> 16) & 1) && os_saves(0xE6);   // plus opmask and ZMM state
}

#endif

// MARK: - Entry points

int uq_matrix_kernel_available(UQMatrixKernel kernel) {
    switch (kernel) {
    case UQMatrixKernelPortable: return 1;
#if defined(__x86_64__)
    case UQMatrixKernelAVX2: return has_avx2();
    case UQMatrixKernelAVX512: return has_avx512();
#endif
    default: return 0;
    }
}

UQMatrixKernel uq_selected_kernel(void) {
    // Found once: `cpuid` traps to the hypervisor in a virtual machine. Threads that race to
    // fill the cache all store the same value.
    static int cached = -1;
    int kernel = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (kernel < 0) {
        kernel = uq_matrix_kernel_available(UQMatrixKernelAVX512) ? UQMatrixKernelAVX512
               : uq_matrix_kernel_available(UQMatrixKernelAVX2) ? UQMatrixKernelAVX2 : UQMatrixKernelPortable;
        const char *name = getenv("UQ_MATRIX_KERNEL");
        const char *names[] = {"portable", "avx2", "avx512"};
        for (int k = 0; name && k < 3; k++) {
            if (strcmp(name, names[k]) == 0 && uq_matrix_kernel_available((UQMatrixKernel)k)) kernel = k;
        }
        __atomic_store_n(&cached, kernel, __ATOMIC_RELAXED);
    }
    return (UQMatrixKernel)kernel;
}

static void product(UQMatrixKernel kernel, long n, long m, long k, const double *a, long lda, int transpose_a,
                    const double *b, long ldb, int transpose_b, double *c, long ldc, int overwrite,
                    const double *start_row) {
    if (n <= 0 || m <= 0) return;
    if (k <= 0) {   // an empty sum
        if (overwrite || start_row) {
            for (long i = 0; i < n; i++) for (long j = 0; j < m; j++) c[i * ldc + j] = start_row ? start_row[j] : 0.0;
        }
        return;
    }
    View A = transpose_a ? (View){a, 1, lda} : (View){a, lda, 1};
    View B = transpose_b ? (View){b, 1, ldb} : (View){b, ldb, 1};
    if (m == 1) B.cs = 1;   // one column: its stride along j never matters
    if (n == 1) A.rs = 1;
    // A column of results from a transposed A: Cᵀ = op(B)ᵀ · op(A)ᵀ is one row whose B-side rows
    // are contiguous. The products are the same numbers (x·y = y·x exactly), in the same order;
    // a start row (one number) is written down the column first.
    if (m == 1 && n > 1 && A.rs == 1 && ldc == 1) {
        if (start_row) {
            for (long i = 0; i < n; i++) c[i] = start_row[0];
            start_row = 0; overwrite = 0;
        }
        const View At = {B.x, 1, B.rs}, Bt = {A.x, A.cs, A.rs};
        A = At; B = Bt; m = n; n = 1; ldc = m;
    }
#if defined(__x86_64__)
    if (kernel == UQMatrixKernelAVX512) { avx512_product(n, m, k, A, B, c, ldc, overwrite, start_row); return; }
    if (kernel == UQMatrixKernelAVX2) { avx2_product(n, m, k, A, B, c, ldc, overwrite, start_row); return; }
#endif
    portable_product(n, m, k, A, B, c, ldc, overwrite, start_row);
}

void uq_matrix_multiply_accumulate(UQMatrixKernel kernel, long n, long m, long k,
                                   const double *a, long lda, int transpose_a,
                                   const double *b, long ldb, int transpose_b,
                                   double *c, long ldc, int overwrite) {
    product(kernel, n, m, k, a, lda, transpose_a, b, ldb, transpose_b, c, ldc, overwrite, 0);
}

void uq_matrix_multiply_from_row(UQMatrixKernel kernel, long n, long m, long k,
                                 const double *a, long lda, int transpose_a,
                                 const double *b, long ldb, int transpose_b,
                                 double *c, long ldc, const double *start_row) {
    product(kernel, n, m, k, a, lda, transpose_a, b, ldb, transpose_b, c, ldc, 1, start_row);
}
