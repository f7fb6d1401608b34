// A fused multiply-add on eight doubles at once. Swift's SIMD `addingProduct` runs lane by lane
// and ends up in 128-bit registers; clang's elementwise builtin becomes one vector FMA per
// register (and, on a CPU without FMA, libm's fma per lane: the same correctly rounded numbers;
// the module map links libm for that case).
#ifndef CLANEMATH_H
#define CLANEMATH_H

typedef double uq_double8 __attribute__((ext_vector_type(8)));

/// a·b + c on each lane, rounded once.
static inline __attribute__((always_inline)) uq_double8 uq_fma8(uq_double8 a, uq_double8 b, uq_double8 c) {
    return __builtin_elementwise_fma(a, b, c);
}

#endif
