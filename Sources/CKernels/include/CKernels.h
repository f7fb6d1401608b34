// The course's C kernels: matrix products, elementwise kernels, the FMA peak probe.
#include "matrix_product.h"
#include "elementwise.h"
#include "fma_probe.h"
