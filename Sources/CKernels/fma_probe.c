// The FMA peak probe; see include/fma_probe.h.
#include "fma_probe.h"

#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { CHAINS = 12 };

// The chains' values never matter; they are combined at the end and returned through a volatile
// so that the compiler keeps every multiply-add.
static volatile double sink;

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void probe512(long iterations) {
    __m512d acc[CHAINS];
    const __m512d a = _mm512_set1_pd(0.999999), b = _mm512_set1_pd(1e-9);
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_set1_pd(c);
    for (long i = 0; i < iterations; i++)
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_fmadd_pd(acc[c], a, b);
    __m512d s = acc[0];
    for (int c = 1; c < CHAINS; c++) s = _mm512_add_pd(s, acc[c]);
    sink = _mm512_reduce_add_pd(s);
}

__attribute__((target("avx2,fma"))) static void probe256(long iterations) {
    __m256d acc[CHAINS];
    const __m256d a = _mm256_set1_pd(0.999999), b = _mm256_set1_pd(1e-9);
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_set1_pd(c);
    for (long i = 0; i < iterations; i++)
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_fmadd_pd(acc[c], a, b);
    double out[4];
    __m256d s = acc[0];
    for (int c = 1; c < CHAINS; c++) s = _mm256_add_pd(s, acc[c]);
    _mm256_storeu_pd(out, s);
    sink = out[0] + out[1] + out[2] + out[3];
}
#endif

static void probe_scalar(long iterations) {
    double acc[CHAINS];
    for (int c = 0; c < CHAINS; c++) acc[c] = c;
    for (long i = 0; i < iterations; i++)
        for (int c = 0; c < CHAINS; c++) acc[c] = fma(acc[c], 0.999999, 1e-9);
    double s = 0;
    for (int c = 0; c < CHAINS; c++) s += acc[c];
    sink = s;
}

double uq_fma_peak_probe(UQMatrixKernel kernel, long iterations) {
#if defined(__x86_64__)
    if (kernel == UQMatrixKernelAVX512) { probe512(iterations); return 2.0 * 8 * CHAINS * (double)iterations; }
    if (kernel == UQMatrixKernelAVX2) { probe256(iterations); return 2.0 * 4 * CHAINS * (double)iterations; }
#endif
    probe_scalar(iterations);
    return 2.0 * CHAINS * (double)iterations;
}
