// The validating scan of a dense transition tensor for one scalar type and one instruction set
// (see sbk_scan_rows_f64 in state_block_kernels.h). The includer defines SBK_ATTRIBUTES, SBK_T
// and SBK_FN as for state_block_kernels_body.h, and SBK_SIGN_MASK: a 64-bit word that clears the
// sign bit of every scalar it holds (one double, or two floats).
#include <stddef.h>
#include <stdint.h>

#define SBK_WORDS SBK_FN(sbk_scan_words)
/// Four 64-bit words (32 bytes), loadable from any address.
typedef uint64_t SBK_WORDS __attribute__((vector_size(32), aligned(1)));

/// Whether every scalar in `x` is ±0 (its bits outside the sign are zero).
static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_scan_zero)(SBK_WORDS x) {
    x &= (SBK_WORDS){SBK_SIGN_MASK, SBK_SIGN_MASK, SBK_SIGN_MASK, SBK_SIGN_MASK};
    return (x[0] | x[1] | x[2] | x[3]) == 0;
}

/// Visits the entries `lo ..< hi` of a row: the nonzero ones (NaN included) are checked, summed
/// in column order, counted and, while collecting, stored.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_scan_visit)(
    const SBK_T *row, size_t lo, size_t hi, int collecting, int *bad, SBK_T *sum, size_t *found, int32_t *next,
    SBK_T *probability, size_t *count) {
    for (size_t c = lo; c < hi; c++) {
        const SBK_T x = row[c];
        if (x != 0) {
            // NaN fails both tests; +∞ fails `x < ∞`; negatives fail `x > 0`.
            *bad |= !(x > 0) | !(x < (SBK_T)__builtin_huge_val());
            *sum += x;
            *found += 1;
            if (collecting) {
                next[*count] = (int32_t)c;
                probability[*count] = x;
                *count += 1;
            }
        }
    }
}

SBK_ATTRIBUTES size_t SBK_FN(sbk_scan_rows)(const SBK_T *p, size_t columns, size_t first, size_t last,
                                           SBK_T tolerance, size_t limit, int *collecting, int32_t *next,
                                           SBK_T *probability, size_t capacity, size_t *count, int32_t *row_ends,
                                           size_t *nonzeros, int *bad_row) {
    const size_t per_line = 64 / sizeof(SBK_T);
    const size_t lines = columns / per_line, blocks = lines / 4;
    int collect = *collecting;
    size_t stored = *count, total = *nonzeros;
    *bad_row = 0;
    for (size_t r = first; r < last; r++) {
        if (collect && capacity - stored < columns) {
            // Not enough room for a whole row: the caller grows the buffers and resumes here.
            *collecting = collect, *count = stored, *nonzeros = total;
            return r;
        }
        const SBK_T *row = p + r * columns;
        const unsigned char *bytes = (const unsigned char *)row;
        SBK_T sum = 0;
        size_t found = 0;
        int bad = 0;
        // 256-byte blocks first (eight loads, one test), then the 64-byte lines of a nonzero block.
        for (size_t b = 0; b < blocks; b++) {
            const SBK_WORDS *v = (const SBK_WORDS *)(bytes + 256 * b);
            const SBK_WORDS l0 = v[0] | v[1], l1 = v[2] | v[3], l2 = v[4] | v[5], l3 = v[6] | v[7];
            if (SBK_FN(sbk_scan_zero)(l0 | l1 | l2 | l3)) continue;
            const SBK_WORDS line[4] = {l0, l1, l2, l3};
            for (size_t l = 0; l < 4; l++) {
                if (SBK_FN(sbk_scan_zero)(line[l])) continue;
                const size_t lo = (4 * b + l) * per_line;
                SBK_FN(sbk_scan_visit)(row, lo, lo + per_line, collect, &bad, &sum, &found, next, probability, &stored);
            }
        }
        for (size_t l = 4 * blocks; l < lines; l++) {
            const SBK_WORDS *v = (const SBK_WORDS *)(bytes + 64 * l);
            if (SBK_FN(sbk_scan_zero)(v[0] | v[1])) continue;
            SBK_FN(sbk_scan_visit)(row, l * per_line, (l + 1) * per_line, collect, &bad, &sum, &found, next,
                                   probability, &stored);
        }
        SBK_FN(sbk_scan_visit)(row, lines * per_line, columns, collect, &bad, &sum, &found, next, probability, &stored);
        if (bad || !(sum - 1 <= tolerance && 1 - sum <= tolerance)) {
            *bad_row = 1;
            *collecting = collect, *count = stored, *nonzeros = total;
            return r;
        }
        total += found;
        if (collect) {
            if (total > limit) collect = 0;
            else row_ends[r - first] = (int32_t)stored;
        }
    }
    *collecting = collect, *count = stored, *nonzeros = total;
    return last;
}

#undef SBK_WORDS
