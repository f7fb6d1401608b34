// The course's C kernels: matrix products, elementwise kernels, the FMA peak probe, the
// elementary functions.
#include "matrix_product.h"
#include "elementwise.h"
#include "fma_probe.h"
#include "elementary.h"
