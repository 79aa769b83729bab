// The Double and Float kernels (lane passes and the dense scan) of one variant. The includer
// defines SBK_ATTRIBUTES (the function attributes) and SBK_VARIANT (the name suffix: avx2 or
// portable), so that the two variant files differ only in those and their pragmas.
#include "state_block_kernels.h"
#define SBK_PASTE(name, type, variant) name##_##type##_##variant
#define SBK_NAME(name, type, variant) SBK_PASTE(name, type, variant)

// The exp and log of one vector, from CVectorMath (for the fused Double backup).
#define VM_ATTRIBUTES SBK_ATTRIBUTES
#define VM_NAME(name) SBK_NAME(name, sbk, SBK_VARIANT)
#include "../../CVectorMath/kernels/vector_math_lanes.h"

#define SBK_T double
#define SBK_FN(name) SBK_NAME(name, f64, SBK_VARIANT)
#define SBK_WITH_FUSED_BACKUP
#include "state_block_kernels_body.h"
#undef SBK_WITH_FUSED_BACKUP
#define SBK_SIGN_MASK 0x7FFFFFFFFFFFFFFFull
#include "dense_scan_body.h"
#undef SBK_SIGN_MASK
#undef SBK_T
#undef SBK_FN

#define SBK_T float
#define SBK_FN(name) SBK_NAME(name, f32, SBK_VARIANT)
#include "state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFF7FFFFFFFull
#include "dense_scan_body.h"
#undef SBK_SIGN_MASK
