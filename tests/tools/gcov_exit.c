/* gcov_exit.c - linked into the coverage build only (make coverage, -Wl,--wrap=_exit).
 *
 * gcov writes its counts from an exit handler, which _exit skips: the -j worker processes
 * and the exit after a signal end with _exit, so everything they ran would be reported as
 * never run. Dumping the counts first makes the report say what the tests did. */
#include <stdlib.h>

void __gcov_dump(void);
void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));

void __wrap__exit(int status)
{
    __gcov_dump();
    __real__exit(status);
}
