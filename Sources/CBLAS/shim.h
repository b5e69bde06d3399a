// OpenBLAS' CBLAS declarations (Debian: libopenblas-dev), for the types and
// constants only: the library itself is loaded at run time (Sources/NN/BLAS.swift),
// after its kernels are chosen, so it is not linked.
#include <cblas.h>
