// The C surface of OpenBLAS (CBLAS) and LAPACKE that the DenseTensors target wraps.
// Nothing else lives in this target: Swift code never sees these names in a public signature.
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H

#include <cblas.h>
#include <lapacke.h>

// OpenBLAS threading controls (declared in openblas's cblas.h, repeated so the shim documents them).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

#endif
