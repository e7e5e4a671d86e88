/* pages.c - arrays in pages of their own (pages.h). */
#define _GNU_SOURCE /* mremap */
#include "util/pages.h"

#include "util/alloc.h"

#include <sys/mman.h>

void *pages_resize(void *p, size_t old_bytes, size_t new_bytes)
{
    if (p && old_bytes && new_bytes == 0) {
        munmap(p, old_bytes);
        return NULL;
    }
    if (new_bytes == 0)
        return NULL;
    void *q = p && old_bytes ? mremap(p, old_bytes, new_bytes, MREMAP_MAYMOVE)
                             : mmap(NULL, new_bytes, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (q == MAP_FAILED)
        alloc_fail();
    return q;
}
