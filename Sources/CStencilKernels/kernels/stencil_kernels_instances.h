// The Double (four lanes) and Float (eight lanes) run kernels of one variant. The includer
// defines SK_ATTRIBUTES (the function attributes) and SK_VARIANT (the name suffix: avx2 or
// portable), so that the two variant files differ only in those and their pragmas.
#include "stencil_kernels.h"
#define SK_PASTE(name, type, variant) name##_##type##_##variant
#define SK_NAME(name, type, variant) SK_PASTE(name, type, variant)

#define SK_T double
#define SK_I int64_t
#define SK_LANES 4
#define SK_FN(name) SK_NAME(name, f64, SK_VARIANT)
#include "stencil_kernels_template.h"
#undef SK_T
#undef SK_I
#undef SK_LANES
#undef SK_FN

#define SK_T float
#define SK_I int32_t
#define SK_LANES 8
#define SK_FN(name) SK_NAME(name, f32, SK_VARIANT)
#include "stencil_kernels_template.h"
