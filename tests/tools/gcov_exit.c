/* gcov_exit.c - linked into the coverage build only (make coverage, -Wl,--wrap=_exit).
 *
 * gcov writes its counts from an exit handler, which _exit skips: the -j worker processes
 * and the exit after a signal end with _exit, so everything they ran would be reported as
 * never run. Dumping the counts first makes the report say what the tests did.
 * The same for raise (-Wl,--wrap=raise): after SIGTERM/SIGINT/SIGHUP, main.c's handler
 * removes the temporaries and raises the signal again with its default action, which
 * ends the process without exit handlers (tests/faults/faults.sh sends them). Dumping
 * there is not async-signal-safe; this is the coverage build only, and its tests only
 * read the counts. Every signal is blocked while the counts are written: a second
 * signal arriving then (a -j worker gets SIGINT, then SIGTERM when its parent dies) would
 * dump again from its handler and wait forever for the gcov lock the first dump holds,
 * and with it every later process that writes the same .gcda file. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>

void __gcov_dump(void);
void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));

static void dump(sigset_t *old)
{
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, old);
    __gcov_dump();
}

/* A -j worker out of memory ends with _exit(ALLOC_WORKER_STATUS): writing its counts
 * would need the memory it lacks (under tests/tools/failmem.c it crashes there, and its
 * parent would see a killed worker, not one out of memory); its counts are lost, its
 * parent's handling of that status is counted. */
#define ALLOC_WORKER_STATUS 5 /* generator/util/alloc.h */

/* The same for a process whose every allocation fails from some point on by design
 * (tests/tools/failmem.c's FAILMEM_SELF, a -j 1 run out of memory): it ends with
 * alloc_fail's _exit(4), and gcov, needing memory to write, crashed there (SIGSEGV,
 * exit 139 instead of 4, at every point of oom.sh's -j 1 sweep). Its counts are lost. */
static int memory_failing(int status)
{
    const char *self = getenv("FAILMEM_SELF"), *n = getenv("FAILMEM_N");
    return status == 4 && self && *self == '1' && n && *n;
}

/* And for a run out of memory under `ulimit -v` (oom.sh): alloc_fail's _exit(4) with the
 * address space used up; gcov crashed in its dump there about one run in four (exit 139,
 * seen at -j 2). If 4 MB cannot be had, the counts are not written. */
static int memory_short(int status)
{
    if (status != 4)
        return 0;
    void *probe = malloc(4u << 20);
    free(probe);
    return probe == NULL;
}

void __wrap__exit(int status)
{
    sigset_t old;
    if (status == ALLOC_WORKER_STATUS || memory_failing(status) || memory_short(status))
        __real__exit(status);
    dump(&old);
    __real__exit(status);
}

int __real_raise(int sig);
int __wrap_raise(int sig);

int __wrap_raise(int sig)
{
    sigset_t old;
    dump(&old);
    sigprocmask(SIG_SETMASK, &old, NULL); /* the counts are written: a second dump can wait no more */
    return __real_raise(sig);
}
