// glibc's memmem, which Swift's Glibc module does not export (it is a GNU extension, declared
// only under _GNU_SOURCE). Query's substring searches go through it.
#ifndef CSTRINGSEARCH_H
#define CSTRINGSEARCH_H
#include <stddef.h>

/// Offset of the first occurrence of `needle` in `hay`, or -1.
long cs_memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len);

/// Asks the processor to fetch the cache line holding `p` into its caches (a hint: it never
/// faults, whatever `p` is).
void cs_prefetch(const void *p);

/// How many of the eight words from `p` (ascending) are below `target`: with SSE2, two vector
/// comparisons (unsigned, by flipping the sign bits) and a population count of their mask.
/// Inline, so that Swift compiles it into the probe loop.
#if defined(__SSE2__)
#include <emmintrin.h>
static inline int cs_count_below8(const unsigned int *p, unsigned int target) {
    const __m128i flip = _mm_set1_epi32((int)0x80000000u);
    const __m128i t = _mm_xor_si128(_mm_set1_epi32((int)target), flip);
    __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), flip);
    __m128i b = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(p + 4)), flip);
    int mask = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(a, t)))
             | _mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(b, t))) << 4;
    return __builtin_popcount((unsigned)mask);
}
#else
static inline int cs_count_below8(const unsigned int *p, unsigned int target) {
    int n = 0;
    for (int i = 0; i < 8; i++) n += p[i] < target;
    return n;
}
#endif

#endif
