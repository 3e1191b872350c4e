#define _GNU_SOURCE
#include <string.h>
#include "CStringSearch.h"

long cs_memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len) {
    const char *p = memmem(hay, hay_len, needle, needle_len);
    return p == NULL ? -1 : (long)(p - (const char *)hay);
}
