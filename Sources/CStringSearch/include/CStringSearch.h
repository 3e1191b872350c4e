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

#endif
