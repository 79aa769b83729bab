// Every kernel compiled for the baseline instruction set of the target (SSE2 on x86-64, NEON on
// arm64): no contraction, so the result is the same on every CPU that runs this variant.
#pragma clang fp contract(off)
// The 256-bit vector helpers are static and always inlined, and vectors otherwise pass through
// memory, so the "changes the ABI" warning for baseline builds does not apply.
#pragma clang diagnostic ignored "-Wpsabi"
#define CK_ATTRIBUTES
#define CK_VARIANT portable
#include "kernels/instances.h"
