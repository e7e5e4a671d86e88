/* gcov_exit.c - linked into the coverage build only (make coverage, -Wl,--wrap=_exit).
 *
 * gcov writes its counts from an exit handler, which _exit skips: the -j worker processes
 * and the exit after a signal end with _exit, so everything they ran would be reported as
 * never run. Dumping the counts first makes the report say what the tests did.
 * The same for raise (-Wl,--wrap=raise): after SIGTERM/SIGINT/SIGHUP, main.c's handler
 * removes the temporaries and raises the signal again with its default action, which
 * ends the process without exit handlers (tests/faults/faults.sh sends them). Dumping
 * there is not async-signal-safe; this is the coverage build only, and its tests only
 * read the counts. */
#include <stdlib.h>

void __gcov_dump(void);
void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));

void __wrap__exit(int status)
{
    __gcov_dump();
    __real__exit(status);
}

int __real_raise(int sig);
int __wrap_raise(int sig);

int __wrap_raise(int sig)
{
    __gcov_dump();
    return __real_raise(sig);
}
