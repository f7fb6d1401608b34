// Dense matrix products for the autodiff core: C (+)= op(A) · op(B) in double precision.
//
// Every output element is accumulated in one fixed order, whatever kernel runs:
//     c = (overwrite ? +0 : c), or c = s_j from a start row;  for p = 0, 1, …, k − 1:  c = fma(a(i, p), b(p, j), c)
// (one rounding per multiply-add, p ascending). Vector kernels run that recurrence on several
// (i, j) at once and never split a sum, so the portable, AVX2 and AVX-512 kernels give the same
// bits. No global state but the kernel choice (`uq_selected_kernel`, found once): scratch is on the
// stack or allocated per call, so any number of threads may call at once.
#ifndef UQ_MATRIX_PRODUCT_H
#define UQ_MATRIX_PRODUCT_H

#ifdef __cplusplus
extern "C" {
#endif

/// The kernels, narrowest first.
typedef enum {
    UQMatrixKernelPortable = 0,   ///< plain C with generic vectors: 4 × 8 register tiles, any CPU
    UQMatrixKernelAVX2 = 1,       ///< x86-64 with AVX2 and FMA: 6 × 8 register tiles
    UQMatrixKernelAVX512 = 2,     ///< x86-64 with AVX-512F: 8 × 24 register tiles
} UQMatrixKernel;

/// 1 when this CPU (and its operating system) can run `kernel`.
int uq_matrix_kernel_available(UQMatrixKernel kernel);

/// The kernel the course runs, chosen once per process: the widest this CPU has, or the one
/// `UQ_MATRIX_KERNEL=portable|avx2|avx512` names in the environment if this CPU has it (a name it
/// lacks, or no name, gives the widest). Every instruction-set choice in the course follows it:
/// the products, the elementwise kernels and the batched elementary functions.
UQMatrixKernel uq_selected_kernel(void);

/// C (+)= op(A) · op(B). op(A) is n × k, op(B) is k × m, C is n × m; all row-major with `lda`,
/// `ldb`, `ldc` numbers from one row to the next. With `transpose_a`, A is stored k × n
/// (op(A) = Aᵀ); likewise B. With `overwrite`, C = op(A) · op(B) and C may hold anything on entry.
/// Extents of 0 are allowed. `kernel` must be available.
void uq_matrix_multiply_accumulate(UQMatrixKernel kernel, long n, long m, long k,
                                   const double *a, long lda, int transpose_a,
                                   const double *b, long ldb, int transpose_b,
                                   double *c, long ldc, int overwrite);

/// C = 1·sᵀ + op(A) · op(B), s = start_row (m numbers, a layer's bias): element (i, j) starts
/// from s_j instead of +0 and continues c = fma(a(i, p), b(p, j), c) for p ascending, the bits of
/// filling every row of C with s and then accumulating, without that pass over C. C may hold
/// anything on entry, and start_row must not lie inside C (C's first rows are written before its
/// last are started); the rest is as `uq_matrix_multiply_accumulate`.
void uq_matrix_multiply_from_row(UQMatrixKernel kernel, long n, long m, long k,
                                 const double *a, long lda, int transpose_a,
                                 const double *b, long ldb, int transpose_b,
                                 double *c, long ldc, const double *start_row);

#ifdef __cplusplus
}
#endif

#endif
