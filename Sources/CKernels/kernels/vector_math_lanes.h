// The exp and log of one vector (four doubles, eight floats), written once with the compiler's
// vector extensions: static and always inlined, so that a kernel that includes them (the array
// kernels of vector_math_kernels.h, the fused backup of fused_backup_body.h) computes the same
// bits as every other user compiled with the same contraction setting. The includer defines:
//   VM_ATTRIBUTES  function attributes (e.g. __attribute__((target("avx2,fma"))))
//   VM_NAME(name)  a name unique to the includer's variant (e.g. name##_avx2)
// See vector_math.h for the algorithms and their accuracy.
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef double vm_f64x4 __attribute__((vector_size(32), aligned(8)));
typedef int64_t vm_i64x4 __attribute__((vector_size(32), aligned(8)));
typedef uint64_t vm_u64x4 __attribute__((vector_size(32), aligned(8)));
typedef float vm_f32x8 __attribute__((vector_size(32), aligned(4)));
typedef int32_t vm_i32x8 __attribute__((vector_size(32), aligned(4)));
typedef uint32_t vm_u32x8 __attribute__((vector_size(32), aligned(4)));

// ---- double ------------------------------------------------------------------------------

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f64x4 VM_NAME(vm_select_f64)(vm_i64x4 mask, vm_f64x4 a, vm_f64x4 b) {
    return (vm_f64x4)(((vm_i64x4)a & mask) | ((vm_i64x4)b & ~mask));
}

/// 2^k for integral k in the normal exponent range: the low bits of 2^52 + 1023 + k are the
/// biased exponent; shift them into place.
static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f64x4 VM_NAME(vm_pow2_f64)(vm_f64x4 k) {
    return (vm_f64x4)((vm_u64x4)(k + 4503599627371519.0) << 52);
}

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f64x4 VM_NAME(vm_exp4_f64)(vm_f64x4 x) {
    const vm_f64x4 shifter = (vm_f64x4){0, 0, 0, 0} + 6755399441055744.0;   // 1.5·2^52
    vm_f64x4 clamped = VM_NAME(vm_select_f64)(x > 710.0, (vm_f64x4){0, 0, 0, 0} + 710.0, x);
    clamped = VM_NAME(vm_select_f64)(clamped < -746.0, (vm_f64x4){0, 0, 0, 0} - 746.0, clamped);
    // k = round(x / ln 2) by the add-and-subtract trick; ln 2 = hi + lo with hi of 32 bits.
    vm_f64x4 k = (clamped * 1.4426950408889634074 + shifter) - shifter;
    vm_f64x4 r = (clamped - k * 0.69314718036912381649) - k * 1.90821492927058770002e-10;
    // Taylor to degree 13 (remainder ≤ 5e-18 for |r| ≤ ln2/2), Estrin's scheme.
    vm_f64x4 r2 = r * r, r4 = r2 * r2;
    vm_f64x4 p01 = 1.0 + r, p23 = 0.5 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120);
    vm_f64x4 p67 = 1.0 / 720 + r * (1.0 / 5040), p89 = 1.0 / 40320 + r * (1.0 / 362880);
    vm_f64x4 p1011 = 1.0 / 3628800 + r * (1.0 / 39916800), p1213 = 1.0 / 479001600 + r * (1.0 / 6227020800.0);
    vm_f64x4 q0 = p01 + r2 * p23, q1 = p45 + r2 * p67, q2 = p89 + r2 * p1011;
    vm_f64x4 p = (q0 + r4 * q1) + (r4 * r4) * (q2 + r4 * p1213);
    // 2^k in two halves, each a normal number, so that 2^k may be subnormal or overflow correctly.
    vm_f64x4 k1 = (k * 0.5 + shifter) - shifter;
    vm_f64x4 result = p * VM_NAME(vm_pow2_f64)(k1) * VM_NAME(vm_pow2_f64)(k - k1);
    return VM_NAME(vm_select_f64)(x != x, x, result);
}

/// log x for lanes that are positive normal numbers (others: unspecified).
static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f64x4 VM_NAME(vm_log4_f64)(vm_f64x4 x) {
    vm_u64x4 bits = (vm_u64x4)x;
    vm_f64x4 m = (vm_f64x4)((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    // 2^52 + biased exponent, as a double, minus (2^52 + 1023).
    vm_f64x4 e = (vm_f64x4)((bits >> 52) | 0x4330000000000000ull) - 4503599627371519.0;
    vm_i64x4 high = m > 1.4142135623730950488;
    m = VM_NAME(vm_select_f64)(high, m * 0.5, m);
    e = VM_NAME(vm_select_f64)(high, e + 1.0, e);
    vm_f64x4 f = m - 1.0;
    vm_f64x4 s = f / (f + 2.0);
    vm_f64x4 z = s * s;
    // 2/(2n+1) for n = 1 … 10: the remainder is below 1e-18 for z ≤ 0.0295.
    vm_f64x4 series = 2.0 / 21 + z * 0.0;
    series = series * z + 2.0 / 19;
    series = series * z + 2.0 / 17;
    series = series * z + 2.0 / 15;
    series = series * z + 2.0 / 13;
    series = series * z + 2.0 / 11;
    series = series * z + 2.0 / 9;
    series = series * z + 2.0 / 7;
    series = series * z + 2.0 / 5;
    series = series * z + 2.0 / 3;
    // log m = 2·atanh(s) = 2s + s·z·series, and 2s = f − s·f.
    return e * 0.69314718036912381649 + (f - s * f + s * z * series + e * 1.90821492927058770002e-10);
}

/// log of one vector: the polynomial for positive normal lanes, the C library for the others.
static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f64x4 VM_NAME(vm_log4_checked_f64)(vm_f64x4 v) {
    vm_i64x4 regular = (v >= 2.2250738585072014e-308) & (v < __builtin_inf());
    vm_f64x4 l = VM_NAME(vm_log4_f64)(v);
    if (__builtin_reduce_and(regular) == 0) {
        for (size_t k = 0; k < 4; k++) {
            if (!regular[k]) l[k] = log(v[k]);
        }
    }
    return l;
}

// ---- float -------------------------------------------------------------------------------

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f32x8 VM_NAME(vm_select_f32)(vm_i32x8 mask, vm_f32x8 a, vm_f32x8 b) {
    return (vm_f32x8)(((vm_i32x8)a & mask) | ((vm_i32x8)b & ~mask));
}

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f32x8 VM_NAME(vm_pow2_f32)(vm_f32x8 k) {
    return (vm_f32x8)((vm_u32x8)(k + 8388735.0f) << 23);   // 2^23 + 127
}

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f32x8 VM_NAME(vm_exp8_f32)(vm_f32x8 x) {
    const vm_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    const vm_f32x8 shifter = zero + 12582912.0f;   // 1.5·2^23
    vm_f32x8 clamped = VM_NAME(vm_select_f32)(x > 89.0f, zero + 89.0f, x);
    clamped = VM_NAME(vm_select_f32)(clamped < -104.0f, zero - 104.0f, clamped);
    vm_f32x8 k = (clamped * 1.44269504088896341f + shifter) - shifter;
    // ln 2 = hi + lo with hi of 16 bits.
    vm_f32x8 r = (clamped - k * 0.693145751953125f) - k * 1.428606765330187045e-06f;
    // Taylor to degree 7 (remainder ≤ 6e-9 for |r| ≤ ln2/2), Estrin's scheme.
    vm_f32x8 r2 = r * r;
    vm_f32x8 p01 = 1.0f + r, p23 = 0.5f + r * (1.0f / 6), p45 = 1.0f / 24 + r * (1.0f / 120);
    vm_f32x8 p67 = 1.0f / 720 + r * (1.0f / 5040);
    vm_f32x8 p = (p01 + r2 * p23) + (r2 * r2) * (p45 + r2 * p67);
    vm_f32x8 k1 = (k * 0.5f + shifter) - shifter;
    vm_f32x8 result = p * VM_NAME(vm_pow2_f32)(k1) * VM_NAME(vm_pow2_f32)(k - k1);
    return VM_NAME(vm_select_f32)(x != x, x, result);
}

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f32x8 VM_NAME(vm_log8_f32)(vm_f32x8 x) {
    vm_u32x8 bits = (vm_u32x8)x;
    vm_f32x8 m = (vm_f32x8)((bits & 0x007FFFFFu) | 0x3F800000u);
    vm_f32x8 e = (vm_f32x8)((bits >> 23) | 0x4B000000u) - 8388735.0f;   // 2^23 + 127
    vm_i32x8 high = m > 1.41421356237309504880f;
    m = VM_NAME(vm_select_f32)(high, m * 0.5f, m);
    e = VM_NAME(vm_select_f32)(high, e + 1.0f, e);
    vm_f32x8 f = m - 1.0f;
    vm_f32x8 s = f / (f + 2.0f);
    vm_f32x8 z = s * s;
    vm_f32x8 series = 2.0f / 11 + z * 0.0f;
    series = series * z + 2.0f / 9;
    series = series * z + 2.0f / 7;
    series = series * z + 2.0f / 5;
    series = series * z + 2.0f / 3;
    return e * 0.693145751953125f + (f - s * f + s * z * series + e * 1.428606765330187045e-06f);
}

static inline __attribute__((always_inline)) VM_ATTRIBUTES vm_f32x8 VM_NAME(vm_log8_checked_f32)(vm_f32x8 v) {
    vm_i32x8 regular = (v >= 1.17549435e-38f) & (v < __builtin_inff());
    vm_f32x8 l = VM_NAME(vm_log8_f32)(v);
    if (__builtin_reduce_and(regular) == 0) {
        for (size_t k = 0; k < 8; k++) {
            if (!regular[k]) l[k] = logf(v[k]);
        }
    }
    return l;
}
