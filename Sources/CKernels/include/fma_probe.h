// What one core's fused multiply-add units can do: the benchmark's yardstick for the products.
#ifndef UQ_FMA_PROBE_H
#define UQ_FMA_PROBE_H

#include "matrix_product.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Runs `iterations` rounds of 12 independent chains of vector fused multiply-adds in the
/// registers of `kernel` (AVX-512: 8 doubles a vector, AVX2: 4, portable: 1, scalar `fma`) and
/// returns the floating-point operations done (2 per multiply-add per lane). Twelve chains cover
/// the FMA latency (4 cycles) times the FMA units (2) with room to spare, so the time per round
/// is the throughput bound: flops / seconds is the core's double-precision peak.
double uq_fma_peak_probe(UQMatrixKernel kernel, long iterations);

#ifdef __cplusplus
}
#endif

#endif
