// The OpenBLAS functions the autodiff core calls, declared here so that the build does not
// depend on where a distribution puts cblas.h. (Debian: libopenblas-dev; 32-bit integers.)
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H

enum { COpenBLASRowMajor = 101, COpenBLASNoTrans = 111, COpenBLASTrans = 112 };

void cblas_dgemm(int order, int transA, int transB, int m, int n, int k,
                 double alpha, const double *a, int lda, const double *b, int ldb,
                 double beta, double *c, int ldc);

void cblas_dgemv(int order, int trans, int m, int n, double alpha, const double *a, int lda,
                 const double *x, int incx, double beta, double *y, int incy);

void openblas_set_num_threads(int threads);

#endif
