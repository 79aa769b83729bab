// The Double and Float kernels of one variant. The includer defines SPK_ATTRIBUTES (the
// function attributes) and SPK_VARIANT (the name suffix: avx2 or portable), so that the two
// variant files differ only in those and their floating-point pragmas.
#include "sparse_pattern_kernels.h"
#include "vector_math.h"
#define SPK_PASTE(name, type, variant) name##_##type##_##variant
#define SPK_NAME(name, type, variant) SPK_PASTE(name, type, variant)

#define SPK_T double
#define SPK_FN(name) SPK_NAME(name, f64, SPK_VARIANT)
#define SPK_EXP vm_exp_f64
#define SPK_LOG vm_log_f64
#include "sparse_pattern_kernels_body.h"
#undef SPK_T
#undef SPK_FN
#undef SPK_EXP
#undef SPK_LOG

#define SPK_T float
#define SPK_FN(name) SPK_NAME(name, f32, SPK_VARIANT)
#define SPK_EXP vm_exp_f32
#define SPK_LOG vm_log_f32
#include "sparse_pattern_kernels_body.h"
