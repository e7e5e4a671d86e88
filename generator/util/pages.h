/* pages.h - an array in memory pages of its own, grown with mremap.
 *
 * Growing never copies: the kernel moves the pages (a million vouchers are a 96 MB
 * array; a copy would hold it twice at the peak, and the allocator's own large blocks
 * may be copied on realloc). Freeing gives the pages back to the system at once. Used
 * for the arrays that grow to a size proportional to the input: the model's records
 * (model.c) and a slice's findings (evaluate.c).
 *
 * Out of memory ends the run (util/alloc.h), as with xmalloc.
 */
#ifndef PSREPORT_PAGES_H
#define PSREPORT_PAGES_H

#include <stddef.h>

/* Resizes the array p of old_bytes (NULL and 0: none yet) to new_bytes, which may be
 * more or less; new bytes read as zeros. new_bytes 0 frees it and returns NULL. */
void *pages_resize(void *p, size_t old_bytes, size_t new_bytes);

#endif
