/* failmem.c - an LD_PRELOAD injector of memory exhaustion in the -j workers
 * (tests/faults/oom.sh): in a process forked from the one that loaded it (a worker
 * writing reports, not the parent reading the exports), every malloc, calloc and
 * realloc from the Nth on (FAILMEM_N, counted from 1 in that process) returns NULL with
 * ENOMEM, as when memory stays exhausted. With FAILMEM_SELF=1 the process that loaded
 * it counts instead (a -j 1 run, which writes its reports itself), and its forked
 * processes never fail. Prints "failmem: hit" on stderr at the first.
 * Not for ASan binaries: it replaces the allocator that ASan replaces. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *p, size_t n);

static pid_t loader;
static long limit = -1, calls;
static int self;

__attribute__((constructor)) static void start(void)
{
    const char *n = getenv("FAILMEM_N");
    const char *s = getenv("FAILMEM_SELF");
    loader = getpid();
    limit = n ? atol(n) : -1;
    self = s && *s == '1';
}

/* Whether this allocation fails: a worker's (or with FAILMEM_SELF the loader's) Nth or
 * later. */
static int out(void)
{
    if (limit < 1 || (getpid() == loader) != self)
        return 0;
    long k = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    if (k < limit)
        return 0;
    if (k == limit) {
        static const char msg[] = "failmem: hit\n";
        if (write(2, msg, sizeof msg - 1) < 0)
            return 1;
    }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return out() ? NULL : __libc_malloc(n);
}

void *calloc(size_t count, size_t size)
{
    return out() ? NULL : __libc_calloc(count, size);
}

void *realloc(void *p, size_t n)
{
    return out() ? NULL : __libc_realloc(p, n);
}
