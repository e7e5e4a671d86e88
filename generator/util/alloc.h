/* alloc.h - the allocation policy, stated once.
 *
 * psreport does not try to carry on without memory: a report that silently lacks the
 * records an allocation could not hold is worse than no report. Every heap allocation
 * goes through these functions (and libxml2/libxslt/cairo/libharu results that are NULL
 * only for lack of memory go to alloc_fail). On failure they print one line,
 * "psreport: out of memory", and end the process with exit status 4 (an output could
 * not be written: cli.md), the one exit() below main.c. Temporary files are never
 * renamed into place after that, so no visible report misses records. cmark does the
 * same in its one allocator.
 */
#ifndef PSREPORT_ALLOC_H
#define PSREPORT_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
/* Reports out-of-memory, removes the temporary files being written and exits (4). For
 * NULL results of library allocators. */
_Noreturn void alloc_fail(void);
/* In a -j worker process: alloc_fail says nothing and exits ALLOC_WORKER_STATUS, and
 * the parent, seeing that status, calls alloc_fail once for the run (report_write.c). */
void alloc_quiet_worker(void);
#define ALLOC_WORKER_STATUS 5
/* The allocator beneath is mimalloc (linked before the C library, Makefile), chosen for
 * the reports' many small blocks: libxml2's and libxslt's trees, libharu's objects. Side
 * by side a partner report took 0.94x the CPU of glibc's malloc (README). Its freed
 * pages are set to the stage. alloc_for_reading: while the model grows (reading,
 * evaluating, the trend), a freed page goes back to the system at once, so the peak is
 * the model's (with mimalloc's default, 11 MB more at two million vouchers).
 * alloc_for_writing: while reports are written, freed pages wait mimalloc's default
 * 25 ms for reuse, as each report allocates and frees the same sizes again (returned at
 * once, the reports took 1.05x glibc's CPU, not 0.94x). */
void alloc_for_reading(void);
void alloc_for_writing(void);
/* Returns p, or ends the process if p is NULL. p is evaluated once. */
static inline void *alloc_check(void *p)
{
    if (!p)
        alloc_fail();
    return p;
}
#define ALLOC_CHECK(p) alloc_check(p)

#endif
