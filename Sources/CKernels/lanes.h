// Eight-lane vectors of doubles, shared by the elementwise kernels and the batched elementary
// functions (a private header of the C kernels, not part of their interface).
//
// The lane functions are static and always inlined: they pass 8-lane vectors by value, which the
// x86-64 ABI would pass differently with and without AVX-512, so no such call may exist.
#ifndef UQ_LANES_H
#define UQ_LANES_H

#include <string.h>

#pragma clang diagnostic ignored "-Wpsabi"

typedef double d8 __attribute__((ext_vector_type(8)));
typedef unsigned long long u8x __attribute__((ext_vector_type(8)));

#define LANE static inline __attribute__((always_inline))

LANE d8 splat(double x) { return (d8)x; }
LANE d8 as_d8(u8x u) { d8 d; memcpy(&d, &u, sizeof d); return d; }
LANE u8x as_u8(d8 d) { u8x u; memcpy(&u, &d, sizeof u); return u; }

/// Eight lanes from p (zeros past n) and back (only the lanes inside n).
LANE d8 load8(const double *p, long n) {
    if (n >= 8) { d8 v; memcpy(&v, p, sizeof v); return v; }
    d8 v = splat(0);
    for (long k = 0; k < n; k++) v[k] = p[k];
    return v;
}
LANE void store8(double *p, long n, d8 v) {
    if (n >= 8) { memcpy(p, &v, sizeof v); return; }
    for (long k = 0; k < n; k++) p[k] = v[k];
}

#endif
