/* alloc.c - allocation that never returns NULL (see alloc.h for the policy). */
#include "util/alloc.h"

#include "util/output.h"

#include <mimalloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set in a -j worker: its parent says it (once, whatever the number of workers). */
static int quiet;

void alloc_quiet_worker(void)
{
    quiet = 1;
}

_Noreturn void alloc_fail(void)
{
    out_cleanup_signal(); /* the temporary being written is never renamed: remove it */
    if (quiet)
        _exit(ALLOC_WORKER_STATUS);
    static const char msg[] = "psreport: out of memory; the run is stopped, no report "
                              "that misses records is written\n";
    /* write(2), not stdio: stdio may itself need memory */
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(4);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        alloc_fail();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        alloc_fail();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        alloc_fail();
    return q;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static long write_delay = -1; /* mimalloc's own decommit delay, ms: the writing one */

void alloc_for_reading(void)
{
    if (write_delay < 0)
        write_delay = mi_option_get(mi_option_decommit_delay);
    mi_option_set(mi_option_decommit_delay, 0);
}

void alloc_for_writing(void)
{
    if (write_delay >= 0)
        mi_option_set(mi_option_decommit_delay, write_delay);
}
